import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recoverDir, removeStaleTempFiles, replaceDirAtomic, writeFileAtomic, writeFileAtomicSync, writeJsonAtomic } from './atomic-write';

describe('atomic writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a file (creating folders), replaces it, and leaves no temporary files', async () => {
    const file = path.join(dir, 'a', 'b', 'x.txt');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new Uint8Array([116, 119, 111]));
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    await writeJsonAtomic(path.join(dir, 'j.json'), { a: 1 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'j.json'), 'utf8'))).toEqual({ a: 1 });
    expect(fs.readdirSync(path.join(dir, 'a', 'b'))).toEqual(['x.txt']);
  });

  it('leaves the old file untouched when the write fails', () => {
    const file = path.join(dir, 'x.txt');
    writeFileAtomicSync(file, 'old');
    fs.mkdirSync(path.join(dir, 'blocker'));
    // Renaming a file over a folder fails: the old content of that path and no temp file must remain.
    expect(() => writeFileAtomicSync(path.join(dir, 'blocker'), 'new')).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['blocker', 'x.txt']);
  });

  it('swaps a folder as a unit', async () => {
    const target = path.join(dir, 'ck');
    await replaceDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'f'), '1'));
    const stages: string[] = [];
    await replaceDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'g'), '2'), {
      onStage: (s) => {
        stages.push(s);
        if (s === 'old-moved-away') expect(fs.existsSync(target)).toBe(false);
      },
    });
    expect(stages).toEqual(['filled', 'old-moved-away', 'new-moved-in']);
    expect(fs.readdirSync(target)).toEqual(['g']);
    expect(fs.readdirSync(dir)).toEqual(['ck']);
  });

  it('keeps the old folder when filling fails', async () => {
    const target = path.join(dir, 'ck');
    await replaceDirAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'f'), '1'));
    await expect(replaceDirAtomic(target, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(fs.readdirSync(target)).toEqual(['f']);
    expect(fs.readdirSync(dir)).toEqual(['ck']);
  });

  it('recovers from each crash point', () => {
    const target = path.join(dir, 'ck');
    const make = (p: string, content: string): void => {
      fs.mkdirSync(p, { recursive: true });
      fs.writeFileSync(path.join(p, 'f'), content);
    };
    expect(recoverDir(target)).toBe(false);
    // Killed between moving the old folder away and moving the new one in.
    make(`${target}.old`, 'previous');
    make(`${target}.tmp-999999999`, 'half');
    expect(recoverDir(target)).toBe(true);
    expect(fs.readFileSync(path.join(target, 'f'), 'utf8')).toBe('previous');
    expect(fs.readdirSync(dir)).toEqual(['ck']);
    // Killed after moving the new one in, before deleting the old one.
    make(`${target}.old`, 'previous');
    expect(recoverDir(target)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['ck']);
    // A live process's temporary folder is left alone (it may be writing).
    make(`${target}.tmp-${process.ppid}`, 'busy');
    recoverDir(target);
    expect(fs.readdirSync(dir).sort()).toEqual(['ck', `ck.tmp-${process.ppid}`]);
  });

  it('removes temporary files of dead processes only', () => {
    fs.writeFileSync(path.join(dir, '.summary.json.tmp-999999999-3'), '{"half');
    fs.writeFileSync(path.join(dir, `.metrics.jsonl.tmp-${process.ppid}-1`), 'busy');
    fs.writeFileSync(path.join(dir, 'summary.json'), '{}');
    expect(removeStaleTempFiles(dir)).toEqual(['.summary.json.tmp-999999999-3']);
    expect(fs.readdirSync(dir).sort()).toEqual([`.metrics.jsonl.tmp-${process.ppid}-1`, 'summary.json']);
  });
});
