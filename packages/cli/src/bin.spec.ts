import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '..', 'bin', 'lenet.js');

describe('bin/lenet.js (what npx lenet runs)', () => {
  it('loads the build and runs the CLI', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: lenet <command>/);
  });
});
