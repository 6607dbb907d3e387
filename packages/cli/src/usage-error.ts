/**
 * A mistake the user can fix: an unknown command, flag or model, a value out of range, a missing or
 * unreadable file, an image that is not an image, no data found. The CLI prints `lenet: <message>` and
 * exits with code 2, before any work is done and without writing anything.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the `lenet` binary. */
export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;
