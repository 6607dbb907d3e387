import { createHash } from 'node:crypto';
import { resolveTrainOptions, type TrainOptions } from '@lenet/train';

/** The format tag of a job's data (part of its id: a new format never reuses old results). */
export const JOB_FORMAT = 'lenet-sweep-job/1';

/** TrainOptions that stay with the submitter: where it writes, resuming, and callbacks. */
type LocalOption = 'runDir' | 'resume' | 'keepModel' | 'onStart' | 'onEpoch' | 'onStep';

/** The training options a job carries: everything that shapes a run, nothing that picks where it writes or code to call. */
export type JobOptions = Omit<TrainOptions, LocalOption>;

// A record, not an array, so that the compiler checks it lists every option of TrainOptions but the
// local ones: a new training option must be allowed here (or declared local) before sweeps compile.
const JOB_OPTION_SET: Record<keyof JobOptions, true> = {
  model: true,
  modelOptions: true,
  loss: true,
  dataset: true,
  dataDir: true,
  normalization: true,
  epochs: true,
  batchSize: true,
  optimizer: true,
  learningRate: true,
  momentum: true,
  schedule: true,
  seed: true,
  valFraction: true,
  distort: true,
  backend: true,
  threads: true,
  trainLimit: true,
  testLimit: true,
  mu: true,
  curvatureSamples: true,
  curvatureEvery: true,
};

/** The option names a job may carry. */
export const JOB_OPTION_KEYS = Object.keys(JOB_OPTION_SET) as readonly (keyof JobOptions)[];

/** What a job holds: the format tag and the run's training options (seed included). */
export interface RunJobData {
  format: typeof JOB_FORMAT;
  options: JobOptions;
}

/** A job whose data is not a run the worker can train; the message says what is wrong. */
export class JobDataError extends Error {
  override name = 'JobDataError';
}

/**
 * The job data of a run: its options without the submitter's local ones (run folder, resume, callbacks),
 * with `threads` always spelled out: its default is the cores of the machine that resolves it, and the
 * thread count changes the float rounding, so the job (and its id) must not depend on the worker.
 */
export function runJobData(options: TrainOptions): RunJobData {
  const picked: Record<string, unknown> = {};
  for (const key of JOB_OPTION_KEYS) if (options[key] !== undefined) picked[key] = options[key];
  picked['threads'] ??= resolveTrainOptions(options).threads;
  return { format: JOB_FORMAT, options: picked as JobOptions };
}

/** JSON with object keys sorted: the same options give the same text whatever order they were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The job id of a run: `run-` and 32 hex digits of the SHA-256 of the format tag and the run's resolved
 * options (every default filled in, so `--epochs 10` and no flag are one job). The same command run again
 * finds the same jobs, finished or not.
 * @throws TrainOptionError when the options are invalid
 */
export function runJobId(options: JobOptions): string {
  const { runDir: _d, resume: _r, ...resolved } = resolveTrainOptions(options);
  return `run-${createHash('sha256')
    .update(canonicalJson({ format: JOB_FORMAT, options: resolved }))
    .digest('hex')
    .slice(0, 32)}`;
}

/**
 * Checks a job's data before anything runs: an object with the format tag and only the allowed options,
 * which pass the same checks as `lenet train` (`resolveTrainOptions`), and, given the job's id, that the
 * id is the one of these options.
 * @returns the options to train with
 * @throws JobDataError saying what is wrong
 */
export function validateJobData(data: unknown, jobId?: string): JobOptions {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new JobDataError(`expected an object { format, options }, found ${JSON.stringify(data)}`);
  const { format, options, ...extra } = data as Record<string, unknown>;
  if (format !== JOB_FORMAT) throw new JobDataError(`expected format ${JSON.stringify(JOB_FORMAT)}, found ${JSON.stringify(format)}`);
  if (Object.keys(extra).length > 0) throw new JobDataError(`unexpected fields ${Object.keys(extra).join(', ')}; expected only format and options`);
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new JobDataError(`options: expected an object, found ${JSON.stringify(options)}`);
  const unknown = Object.keys(options).filter((k) => !(JOB_OPTION_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new JobDataError(`options: ${unknown.join(', ')} not allowed in a job; expected only ${JOB_OPTION_KEYS.join(', ')}`);
  const jobOptions = options as JobOptions;
  let id: string;
  try {
    id = runJobId(jobOptions);
  } catch (error) {
    throw new JobDataError((error as Error).message);
  }
  if (jobId !== undefined && jobId !== id) throw new JobDataError(`job id ${jobId} is not the id of its options (${id})`);
  return jobOptions;
}
