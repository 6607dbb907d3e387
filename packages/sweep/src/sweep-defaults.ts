import type { NumericRange } from '@lenet/train';

/**
 * The sweep's defaults, in one place. Lock and stalled-check times are BullMQ's own defaults: a worker
 * that dies (SIGKILL, power loss) leaves its job locked for up to `lockSeconds`; another worker's stalled
 * check (every `lockSeconds`) then puts it back, so a dead worker's run restarts after about 1-2 x
 * `lockSeconds`. A job that stalls more than `maxStalledCount` times fails.
 */
export const SWEEP_DEFAULTS = {
  /** BullMQ queue name. */
  queueName: 'lenet-runs',
  /** Prefix of every Redis key (BullMQ's and the run files'). */
  prefix: 'lenet',
  /** Runs one worker trains at once (each on its own thread). */
  concurrency: 1,
  lockSeconds: 30,
  maxStalledCount: 2,
  /** Tries of a run whose training throws (malformed jobs fail at once, see UnrecoverableError). */
  attempts: 2,
  /** Pause before the second try. */
  retryDelayMs: 5000,
} as const;

/** The ranges of the worker's numeric settings (checked by `lenet worker`'s flags). */
export const SWEEP_RANGES = {
  concurrency: { min: 1, max: 64, integer: true },
  lockSeconds: { min: 1, max: 3600, integer: true },
} as const satisfies Record<string, NumericRange>;

/** The Redis hash of a job's run folder (one field per file). */
export function runFilesKey(prefix: string, queueName: string, jobId: string): string {
  return `${prefix}:${queueName}:files:${jobId}`;
}
