/**
 * Crash-safe file and folder writes: a reader (or a resumed run after SIGKILL) sees either the old
 * content or the new one, never a half-written file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';

let tempCounter = 0;

/** A temporary name in the same folder as `file` (rename is only atomic within one file system). */
function tempNameFor(file: string): string {
  tempCounter += 1;
  // The thread id keeps worker threads of one process (parallel experiment runs) apart.
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${threadId}-${tempCounter}`);
}

/** Writes `data` to `file` and fsyncs it before returning; not atomic on its own. */
export function writeFileDurableSync(file: string, data: Uint8Array | string): void {
  const fd = fs.openSync(file, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Fsyncs a folder so that renames inside it survive a power loss (best effort: not all platforms allow it). */
export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse to open or fsync a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `file` atomically: to a temporary name in the same folder, fsync, then rename over
 * `file`. Creates missing parent folders. On failure the temporary file is removed and `file` is untouched.
 */
export function writeFileAtomicSync(file: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = tempNameFor(file);
  try {
    writeFileDurableSync(temp, data);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirSync(path.dirname(file));
}

/** Promise form of {@link writeFileAtomicSync}. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  writeFileAtomicSync(file, data);
}

/** Writes `value` as pretty-printed JSON (with a final newline) atomically. */
export function writeJsonAtomicSync(file: string, value: unknown): void {
  writeFileAtomicSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Promise form of {@link writeJsonAtomicSync}. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  writeJsonAtomicSync(file, value);
}

/** True when a process with this id exists (signal 0 only checks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temporary files that {@link writeFileAtomicSync} left in `dir` when its process was
 * killed mid-write (`.<name>.tmp-<pid>-<thread>-<n>` of processes that no longer exist).
 *
 * @returns the names deleted.
 */
export function removeStaleTempFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = /^\..+\.tmp-(\d+)(?:-\d+)+$/.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && !processAlive(pid)) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Names used by {@link replaceDirAtomic} next to `target`. */
export function dirSwapNames(target: string): { old: string; tempPrefix: string; temp: string } {
  const base = path.basename(target);
  return {
    old: `${target}.old`,
    tempPrefix: `${base}.tmp-`,
    temp: `${target}.tmp-${process.pid}`,
  };
}

/**
 * Brings a folder written by {@link replaceDirAtomic} back to a consistent state after a crash:
 * - only `<target>.old` exists (killed between the two renames): it is renamed back to `<target>`;
 * - both exist (killed before the old one was deleted): `<target>.old` is deleted;
 * - `<target>.tmp-<pid>` folders of dead processes (killed while writing) are deleted.
 *
 * @returns true when `target` exists afterwards.
 */
export function recoverDir(target: string): boolean {
  const { old, tempPrefix } = dirSwapNames(target);
  const parent = path.dirname(target);
  if (!fs.existsSync(target) && fs.existsSync(old)) {
    fs.renameSync(old, target);
    fsyncDirSync(parent);
  } else if (fs.existsSync(old)) {
    fs.rmSync(old, { recursive: true, force: true });
  }
  if (fs.existsSync(parent)) {
    for (const name of fs.readdirSync(parent)) {
      if (!name.startsWith(tempPrefix)) continue;
      const pid = Number(name.slice(tempPrefix.length));
      if (Number.isInteger(pid) && (pid === process.pid || !processAlive(pid))) {
        fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      }
    }
  }
  return fs.existsSync(target);
}

/** Points in {@link replaceDirAtomic} where a test can stop the process (to kill it there). */
export type DirSwapStage = 'filled' | 'old-moved-away' | 'new-moved-in';

/** Options of {@link replaceDirAtomic}. */
export interface ReplaceDirOptions {
  /** Called after each stage; tests use it to SIGKILL the process at exactly that point. */
  onStage?: (stage: DirSwapStage) => void | Promise<void>;
}

/**
 * Replaces the folder `target` with a new one as a unit. `fill(tempDir)` writes the new content into
 * an empty `<target>.tmp-<pid>` folder (each file fsynced, e.g. with {@link writeFileDurableSync});
 * then the old folder is renamed to `<target>.old`, the new one renamed to `<target>`, and the old
 * one deleted. Whatever moment the process dies at, {@link recoverDir} finds a complete folder:
 * the new one or the previous one.
 */
export async function replaceDirAtomic(target: string, fill: (tempDir: string) => Promise<void> | void, options: ReplaceDirOptions = {}): Promise<void> {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  recoverDir(target);
  const { old, temp } = dirSwapNames(target);
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp);
  try {
    await fill(temp);
    fsyncDirSync(temp);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  await options.onStage?.('filled');
  if (fs.existsSync(target)) {
    fs.renameSync(target, old);
    await options.onStage?.('old-moved-away');
  }
  fs.renameSync(temp, target);
  fsyncDirSync(parent);
  await options.onStage?.('new-moved-in');
  fs.rmSync(old, { recursive: true, force: true });
}
