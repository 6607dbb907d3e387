/**
 * The lock a run holds on its folder while it writes there: `runDir/.lock`, created with O_EXCL (so of two
 * processes exactly one gets it) and holding the owner's pid. A lock whose pid is gone (a killed run) is
 * stale and taken over; a live one makes the second run fail with the holder's pid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processAlive } from '@lenet/files';

/** The lock file's name inside a run folder. */
export const RUN_LOCK_FILE = '.lock';

/** A run folder locked by another live process; `pid` is the holder. A mistake the user can fix (exit 2). */
export class RunFolderLockedError extends Error {
  override name = 'RunFolderLockedError';
  constructor(
    readonly runDir: string,
    readonly pid: number,
  ) {
    super(`${runDir}: in use by another run (pid ${pid}); wait for it to finish, or stop it (its lock is ${path.join(runDir, RUN_LOCK_FILE)})`);
  }
}

/** A held lock; `release()` removes it (idempotent). */
export interface RunLock {
  readonly file: string;
  release(): void;
}

function lockPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null; // gone meanwhile, or unreadable: treated as no holder
  }
}

/** The pid of the live process holding `runDir`'s lock, or null (no lock, or a stale one). Reads only. */
export function runLockHolder(runDir: string): number | null {
  const pid = lockPid(path.join(runDir, RUN_LOCK_FILE));
  return pid !== null && pid !== process.pid && processAlive(pid) ? pid : null;
}

/**
 * Takes `runDir`'s lock (creating the folder if needed). A stale lock (its pid gone) is removed first. The
 * lock is per process: where this process holds it already (the CLI takes it before `train` does), the
 * handle returned shares it and its `release()` leaves it to the first holder.
 *
 * @throws RunFolderLockedError when another live process holds it.
 */
export function acquireRunLock(runDir: string): RunLock {
  fs.mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, RUN_LOCK_FILE);
  if (lockPid(file) === process.pid) return { file, release: () => undefined };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
      const holder = lockPid(file);
      if (holder !== null && processAlive(holder)) throw new RunFolderLockedError(runDir, holder);
      fs.rmSync(file, { force: true }); // stale: its run was killed
    }
  }
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      if (lockPid(file) === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
