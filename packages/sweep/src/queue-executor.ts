import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { resolveTrainOptions, type EpochRecord, type ExecutedRuns, type ExperimentRun, type RunExecutor, type RunHooks, type WorkerJob } from '@lenet/train';
import { bullConnection, connectRedis } from './connect-redis';
import { runJobData, runJobId } from './job-data';
import type { RunJobProgress, RunJobResult } from './run-job-result';
import { restoreRunFiles } from './run-files';
import { SWEEP_DEFAULTS, runFilesKey } from './sweep-defaults';

/** Options of {@link createQueueExecutor}. */
export interface QueueExecutorOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://...`. */
  url: string;
  queueName?: string;
  prefix?: string;
  /** Progress of every run this executor waits for. */
  onEvent?: (event: SweepEvent) => void;
}

/** How a run's job stood when it was submitted. */
export type SubmitState = 'new' | 'waiting' | 'training' | 'finished' | 'retried';

/** Progress of a sweep; `done` / `total` count the distinct runs submitted through this executor. */
export type SweepEvent = { jobId: string; seed: number; done: number; total: number } & SweepEventKind;

/** What happened to a run (see {@link SweepEvent}). */
export type SweepEventKind =
  | { type: 'queued'; state: SubmitState }
  | { type: 'started'; worker: string }
  | { type: 'epoch'; worker: string; record: EpochRecord; epochs: number }
  | { type: 'finished'; run: ExperimentRun };

/** A {@link RunExecutor} on a BullMQ queue; `close` it when done. */
export interface QueueExecutor extends RunExecutor {
  /** Adds jobs without waiting for them (e.g. every variant of a reproduction up front). */
  submit(jobs: readonly WorkerJob[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * An executor for `runExperiment` that trains each run as one BullMQ job, on any number of `lenet worker`s.
 * A job's id is derived from its options (runJobId), so submitting the same runs again (after the submitter
 * was killed, say) waits for the jobs already queued and takes finished runs as they are instead of training
 * them again; failed runs are retried. Each finished run's folder comes back from Redis into the job's
 * `runDir` (summary.json pointing there).
 * @throws QueueUnreachableError within seconds when Redis does not answer
 */
export async function createQueueExecutor(options: QueueExecutorOptions): Promise<QueueExecutor> {
  const d = SWEEP_DEFAULTS;
  const queueName = options.queueName ?? d.queueName;
  const prefix = options.prefix ?? d.prefix;
  const storage: Redis = await connectRedis(options.url);
  const connection = bullConnection(options.url);
  const queue = new Queue(queueName, { connection, prefix });
  const events = new QueueEvents(queueName, { connection, prefix });
  // Connection errors surface through the calls awaited below (ioredis reconnects meanwhile); without a
  // listener an EventEmitter would throw them.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

  const runs = new Map<string, { seed: number; epochs: number; done: boolean; worker?: string }>();
  const epochListeners = new Map<string, Set<(record: EpochRecord) => void>>();
  const emit = (jobId: string, event: SweepEventKind) => {
    const done = [...runs.values()].filter((r) => r.done).length;
    options.onEvent?.({ ...event, jobId, seed: runs.get(jobId)?.seed ?? 0, done, total: runs.size });
  };
  events.on('progress', ({ jobId, data }) => {
    const run = runs.get(jobId);
    if (run === undefined || typeof data !== 'object' || data === null) return;
    const progress = data as RunJobProgress;
    run.worker = progress.worker;
    if (progress.epoch === undefined) return emit(jobId, { type: 'started', worker: progress.worker });
    emit(jobId, { type: 'epoch', worker: progress.worker, record: progress.epoch, epochs: run.epochs });
    for (const listener of epochListeners.get(jobId) ?? []) listener(progress.epoch);
  });

  const submitOne = async (job: WorkerJob): Promise<string> => {
    const data = runJobData(job.options);
    const jobId = runJobId(data.options);
    if (runs.has(jobId)) return jobId;
    runs.set(jobId, { seed: data.options.seed ?? 0, epochs: resolveTrainOptions(data.options).epochs, done: false });
    const existing = await Job.fromId(queue, jobId);
    let state: SubmitState = 'new';
    if (existing === undefined) {
      await queue.add('train', data, {
        jobId,
        attempts: d.attempts,
        backoff: { type: 'fixed', delay: d.retryDelayMs },
        removeOnComplete: false,
        removeOnFail: false,
      });
    } else {
      const current = await existing.getState();
      if (current === 'failed') {
        await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        state = 'retried';
      } else state = current === 'completed' ? 'finished' : current === 'active' ? 'training' : 'waiting';
    }
    emit(jobId, { type: 'queued', state });
    return jobId;
  };

  const submit = async (jobs: readonly WorkerJob[]) => {
    for (const job of jobs) await submitOne(job);
  };

  const runOne = async (job: WorkerJob, hooks: RunHooks): Promise<ExperimentRun> => {
    const jobId = await submitOne(job);
    const listener = (record: EpochRecord) => hooks.onRunEpoch(job.index, record);
    if (!epochListeners.has(jobId)) epochListeners.set(jobId, new Set());
    epochListeners.get(jobId)!.add(listener);
    try {
      const bullJob = await Job.fromId<unknown, RunJobResult>(queue, jobId);
      if (bullJob === undefined) throw new Error(`job ${jobId} vanished from the queue`);
      const result = await bullJob.waitUntilFinished(events);
      const runDir = job.options.runDir;
      if (runDir !== undefined) await restoreRunFiles(storage, runFilesKey(prefix, queueName, jobId), runDir);
      const run: ExperimentRun = { ...result.run, index: job.index, ...(runDir === undefined ? {} : { runDir }) };
      const entry = runs.get(jobId)!;
      if (!entry.done) {
        entry.done = true;
        emit(jobId, { type: 'finished', run });
      }
      hooks.onRun(run);
      return run;
    } catch (error) {
      throw new Error(`experiment run ${job.index} (seed ${String(job.options.seed)}): ${(error as Error).message}`);
    } finally {
      epochListeners.get(jobId)?.delete(listener);
    }
  };

  return {
    submit,
    async run(jobs, hooks): Promise<ExecutedRuns> {
      const finished = await Promise.all(jobs.map((job) => runOne(job, hooks)));
      return { runs: finished, workers: new Set(finished.map((r) => r.worker)).size };
    },
    async close() {
      await Promise.all([events.close(), queue.close()]);
      storage.disconnect();
    },
  };
}
