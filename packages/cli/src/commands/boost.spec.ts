import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli';
import { memoryIo } from '../memory-io.test-util';

describe('lenet boost', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-boost-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints its defaults for --help', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['boost', '--help'], io)).toBe(0);
    expect(io.out).toContain('Defaults: model\nlenet4, optimizer sdlm, schedule paper, 20 passes a net');
  });

  it.each([
    [[], /--out DIR is required/],
    [['--out', 'full'], /--out full: not empty; give --resume/],
    [['--out', 'none', '--resume'], /--out none: --resume needs the folder of an interrupted boosted run, found nothing/],
    [['--out', 'new', '--epochs', '0'], /--epochs/],
  ])('refuses %j (exit 2) before writing anything', async (args, message) => {
    fs.mkdirSync(path.join(dir, 'full', 'net-1'), { recursive: true });
    const before = fs.readdirSync(dir, { recursive: true });
    const io = memoryIo(dir);
    expect(await runCli(['boost', ...args], io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(fs.readdirSync(dir, { recursive: true })).toEqual(before);
  });
});
