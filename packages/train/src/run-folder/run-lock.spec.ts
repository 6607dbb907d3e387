/**
 * The run folder's lock between real processes: a child node process takes the lock and holds it; this
 * process must then be refused with the child's pid, and may take the lock once the child is SIGKILLed
 * (a stale lock of a killed run does not block).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUN_LOCK_FILE, RunFolderLockedError, acquireRunLock, runLockHolder } from './run-lock';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
/** Every child started, so that a failing test still kills them (a live child would keep jest waiting). */
const children: ChildProcess[] = [];
// Each child starts ts-node: seconds on a loaded machine.
jest.setTimeout(120_000);

/** A child process that takes `runDir`'s lock, prints LOCKED (or REFUSED <pid>) and then waits to be killed. */
function lockingChild(runDir: string): { child: ChildProcess; said: Promise<string> } {
  const script = `const { acquireRunLock } = require(${JSON.stringify(path.join(__dirname, 'run-lock.ts'))});
    try { acquireRunLock(process.argv[1]); console.log('LOCKED'); } catch (e) { console.log('REFUSED ' + e.pid); }
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, runDir], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, TS_NODE_SWC: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const said = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`lock child exited (${code}) before answering: ${out}`)));
  });
  return { child, said };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('run folder lock', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-lock-')), 'run');
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(killed));
    fs.rmSync(path.dirname(runDir), { recursive: true, force: true });
  });

  it('refuses a second process while the first holds the folder, naming its pid; a killed holder does not block', async () => {
    const first = lockingChild(runDir);
    try {
      expect(await first.said).toBe('LOCKED');
      expect(Number(fs.readFileSync(path.join(runDir, RUN_LOCK_FILE), 'utf8'))).toBe(first.child.pid);
      expect(runLockHolder(runDir)).toBe(first.child.pid);
      const refused = (() => {
        try {
          acquireRunLock(runDir);
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(RunFolderLockedError);
      expect((refused as RunFolderLockedError).pid).toBe(first.child.pid);
      expect((refused as Error).message).toContain(`in use by another run (pid ${first.child.pid})`);
      // A second real process is refused the same way.
      const second = lockingChild(runDir);
      expect(await second.said).toBe(`REFUSED ${first.child.pid}`);
      await killed(second.child);
    } finally {
      await killed(first.child);
    }
    // The holder was killed: its lock is stale, reported as no holder, and taken over.
    expect(fs.existsSync(path.join(runDir, RUN_LOCK_FILE))).toBe(true);
    expect(runLockHolder(runDir)).toBeNull();
    const lock = acquireRunLock(runDir);
    expect(Number(fs.readFileSync(lock.file, 'utf8'))).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it('lets only one of two processes started at once take the lock', async () => {
    const a = lockingChild(runDir);
    const b = lockingChild(runDir);
    try {
      const answers = (await Promise.all([a.said, b.said])).sort();
      expect(answers[0]).toBe('LOCKED');
      expect(answers[1]).toMatch(/^REFUSED \d+$/);
      const winner = answers[1] === `REFUSED ${a.child.pid}` ? a : b;
      expect(answers[1]).toBe(`REFUSED ${winner.child.pid}`);
    } finally {
      await Promise.all([killed(a.child), killed(b.child)]);
    }
  });
});
