import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { RunThread, type EpochRecord, type ExperimentRun } from '@lenet/train';
import { bullConnection, connectRedis } from './connect-redis';
import { validateJobData, type JobOptions } from './job-data';
import type { RunJobProgress, RunJobResult } from './run-job-result';
import { storeRunFiles } from './run-files';
import { SWEEP_DEFAULTS, runFilesKey } from './sweep-defaults';

/**
 * The error that gives a job back: BullMQ then moves it to the front of the waiting list without counting
 * an attempt and without fetching another job (a WaitingError after `moveToWait` would make a closing
 * worker fetch the same job again at once).
 */
function handBack(): Error {
  return Worker.RateLimitError();
}

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://...`. */
  url: string;
  /** Runs trained at once, each on its own thread (default 1). */
  concurrency?: number;
  queueName?: string;
  prefix?: string;
  /** BullMQ lockDuration and stalledInterval, in seconds (default 30, BullMQ's). */
  lockSeconds?: number;
  /** The name it reports (default `<hostname>:<pid>`). */
  name?: string;
  /** What happens, for logs. */
  onEvent?: (event: QueueWorkerEvent) => void;
}

/** What a queue worker reports. */
export type QueueWorkerEvent =
  | { type: 'started'; jobId: string; seed: number }
  | { type: 'epoch'; jobId: string; seed: number; record: EpochRecord }
  | { type: 'finished'; jobId: string; seed: number; run: ExperimentRun; bytes: number }
  | { type: 'failed'; jobId: string; reason: string }
  | { type: 'handed-back'; jobId: string }
  | { type: 'error'; message: string };

/** A running queue worker. */
export interface QueueWorker {
  readonly name: string;
  /** Stops taking jobs, hands the runs in progress back to the queue (they go to another worker at once), closes. */
  stop(): Promise<void>;
}

/**
 * Connects to the queue (bounded check, see connectRedis) and trains its jobs until stopped. Each job's
 * data is validated first (validateJobData: the checks of `lenet train`); a malformed job fails once with
 * its message (UnrecoverableError, no retries). A job is only ever `train(options)` on a worker thread of
 * @lenet/train: nothing in a job is run as code, and the run folder is one the worker makes. The finished
 * run folder is stored in Redis (runFilesKey) and the run's summary is the job's return value.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const d = SWEEP_DEFAULTS;
  const queueName = options.queueName ?? d.queueName;
  const prefix = options.prefix ?? d.prefix;
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  const lockMs = (options.lockSeconds ?? d.lockSeconds) * 1000;
  const emit = (event: QueueWorkerEvent) => options.onEvent?.(event);
  const storage = await connectRedis(options.url);
  const idle: RunThread[] = [];
  const active = new Map<string, { thread: RunThread; handedBack: boolean }>();
  let stopping = false;

  const train = async (job: Job): Promise<RunJobResult> => {
    const jobId = job.id!;
    let jobOptions: JobOptions;
    try {
      jobOptions = validateJobData(job.data, jobId);
    } catch (error) {
      throw new UnrecoverableError(`job ${jobId}: ${(error as Error).message}`);
    }
    const seed = jobOptions.seed ?? 0;
    if (stopping) {
      // Fetched while stopping: straight back to the queue, untouched.
      emit({ type: 'handed-back', jobId });
      throw handBack();
    }
    const thread = idle.pop() ?? new RunThread();
    const slot = { thread, handedBack: false };
    active.set(jobId, slot);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-worker-'));
    try {
      emit({ type: 'started', jobId, seed });
      await job.updateProgress({ worker: name } satisfies RunJobProgress);
      const run = await thread.run({ index: 0, options: { ...jobOptions, runDir: dir } }, (record) => {
        emit({ type: 'epoch', jobId, seed, record });
        job.updateProgress({ worker: name, epoch: record } satisfies RunJobProgress).catch(() => undefined);
      });
      const bytes = await storeRunFiles(storage, runFilesKey(prefix, queueName, jobId), dir);
      idle.push(thread);
      emit({ type: 'finished', jobId, seed, run, bytes });
      const { runDir: _d, index: _i, ...rest } = run;
      return { run: { ...rest, worker: name }, bytes };
    } catch (error) {
      // A failed run may have left the thread in any state: it is not reused.
      void thread.terminate();
      if (slot.handedBack) {
        emit({ type: 'handed-back', jobId });
        throw handBack();
      }
      emit({ type: 'failed', jobId, reason: (error as Error).message });
      throw error;
    } finally {
      active.delete(jobId);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  const worker = new Worker(queueName, train, {
    connection: bullConnection(options.url),
    prefix,
    name,
    concurrency: options.concurrency ?? d.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: d.maxStalledCount,
  });
  worker.on('error', (error) => emit({ type: 'error', message: error.message }));
  worker.on('failed', (job, error) => {
    if (job !== undefined && error instanceof UnrecoverableError) emit({ type: 'failed', jobId: job.id!, reason: error.message });
  });
  await worker.waitUntilReady();

  return {
    name,
    async stop() {
      stopping = true;
      const closed = worker.close();
      for (const slot of active.values()) {
        slot.handedBack = true;
        await slot.thread.terminate();
      }
      await closed;
      await Promise.all(idle.map((t) => t.terminate()));
      storage.disconnect();
    },
  };
}
