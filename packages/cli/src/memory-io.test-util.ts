import type { Io } from './io';

/** An Io that keeps what a command writes (`out`, `err`), at a fixed time, in `cwd`. */
export function memoryIo(cwd = '/'): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    now: () => new Date(0),
    stdout: { write: (s: string) => void (io.out += s) },
    stderr: { write: (s: string) => void (io.err += s) },
  };
  return io;
}
