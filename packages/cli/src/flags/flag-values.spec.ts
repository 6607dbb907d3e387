import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../usage-error';
import { choiceFlag, existingDir, rangeFlag, readableFile } from './flag-values';
import { nearest, parseFlags } from './parse-flags';

describe('flag values', () => {
  it('reads integers in range and names the flag otherwise', () => {
    expect(rangeFlag('epochs', '12', { min: 1, max: 1000, integer: true })).toBe(12);
    expect(rangeFlag('epochs', undefined, { min: 1, max: 1000, integer: true })).toBeUndefined();
    for (const bad of ['0', '1001', '2.5', 'ten', '', '1e3']) {
      expect(() => rangeFlag('epochs', bad, { min: 1, max: 1000, integer: true })).toThrow(
        new UsageError(`--epochs ${JSON.stringify(bad)}: expected an integer from 1 to 1000`),
      );
    }
  });

  it('reads numbers with open and closed bounds', () => {
    expect(rangeFlag('lr', '1e-3', { min: 0, max: 10, minOpen: true })).toBe(0.001);
    expect(() => rangeFlag('lr', '0', { min: 0, max: 10, minOpen: true })).toThrow('--lr "0": expected a number greater than 0 and at most 10');
    expect(() => rangeFlag('val-fraction', '1', { min: 0, max: 1, minOpen: true, maxOpen: true })).toThrow('less than 1');
    expect(() => rangeFlag('lr', 'NaN', { min: 0, max: 10 })).toThrow(UsageError);
  });

  it('reads choices', () => {
    expect(choiceFlag('model', 'lenet5', ['lenet5', 'lenet5-1998'])).toBe('lenet5');
    expect(() => choiceFlag('model', 'lenet6', ['lenet5', 'lenet5-1998'])).toThrow('--model "lenet6": expected one of lenet5, lenet5-1998');
  });

  it('checks directories and files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-flags-'));
    const file = path.join(dir, 'a.png');
    fs.writeFileSync(file, 'x');
    expect(existingDir('--data-dir', dir, '/')).toBe(dir);
    expect(() => existingDir('--data-dir', path.join(dir, 'nope'), '/')).toThrow('no such directory');
    expect(() => existingDir('--data-dir', file, '/')).toThrow('expected a directory, found a file');
    expect(readableFile('', 'a.png', dir)).toBe(file);
    expect(() => readableFile('', 'b.png', dir)).toThrow('b.png: no such file');
    expect(() => readableFile('', '.', dir)).toThrow('expected a file, found a directory');
    fs.rmSync(dir, { recursive: true });
  });
});

describe('parseFlags', () => {
  const specs = { epochs: { type: 'string' as const, value: 'N', description: '' }, json: { type: 'boolean' as const, description: '' } };

  it('parses strictly', () => {
    expect(parseFlags('train', ['--epochs', '3', '--json'], specs, false).values).toMatchObject({ epochs: '3', json: true });
    expect(parseFlags('train', ['--epochs=3'], specs, false).values.epochs).toBe('3');
  });

  it('turns parseArgs errors into usage errors naming the flag', () => {
    expect(() => parseFlags('train', ['--epoch', '3'], specs, false)).toThrow('train: unknown flag --epoch (did you mean --epochs?); see --help');
    expect(() => parseFlags('train', ['--epochs'], specs, false)).toThrow('train: --epochs expects a value (N)');
    expect(() => parseFlags('train', ['--json=yes'], specs, false)).toThrow('train: --json takes no value');
    expect(() => parseFlags('train', ['extra'], specs, false)).toThrow(UsageError);
  });

  it('suggests near names only', () => {
    expect(nearest('trian', ['train', 'eval', 'plot'])).toBe('train');
    expect(nearest('zzzzz', ['train', 'eval', 'plot'])).toBeUndefined();
  });
});
