/** Where a command writes: stdout for results, stderr for progress and logs. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Current working directory (relative paths in flags are resolved against it). */
  cwd: string;
  /** Clock for default run names; injectable so that tests are deterministic. */
  now: () => Date;
}

/** The process's streams. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), now: () => new Date() };
}
