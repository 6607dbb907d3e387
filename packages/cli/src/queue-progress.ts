import * as fs from 'node:fs';
import * as path from 'node:path';
import { QueueUrlError, createQueueExecutor, displayUrl, redisOptions, type QueueExecutor, type SweepEvent } from '@lenet/sweep';
import type { ExperimentRun } from '@lenet/train';
import type { FlagSpecs, ParsedFlags } from './flags/parse-flags';
import { fixed } from './format';
import type { Io } from './io';
import { checkOutDir, displayPath } from './run-dir';
import { UsageError } from './usage-error';

/** The `--queue` flag of `experiment` and `reproduce`. */
export const QUEUE_FLAG: FlagSpecs = {
  queue: {
    type: 'string',
    value: 'URL',
    description: 'train the runs as jobs on this Redis (redis://[:password@]host:port, rediss:// for TLS) for `lenet worker`s, instead of threads here',
  },
};

/** The validated `--queue` URL (a usage error when malformed), or undefined. */
export function queueUrl(values: ParsedFlags['values']): string | undefined {
  if (typeof values.queue !== 'string') return undefined;
  if (values.workers !== undefined) throw new UsageError('--workers: not with --queue (the workers are the `lenet worker` processes on the queue)');
  try {
    redisOptions(values.queue);
  } catch (error) {
    if (error instanceof QueueUrlError) throw new UsageError(`--queue ${error.message}`);
    throw error;
  }
  return values.queue;
}

const STATE_TEXT = {
  new: 'queued',
  waiting: 'already queued',
  training: 'already training',
  finished: 'finished earlier: not trained again',
  retried: 'failed earlier: queued again',
} as const;

/** One stderr line per event: which run, on which worker, epoch and accuracy so far, and the runs done overall. */
export function sweepEventLine(e: SweepEvent): string {
  const overall = `(${e.done}/${e.total} runs done)`;
  switch (e.type) {
    case 'queued':
      return `[seed ${e.seed}] ${e.jobId} ${STATE_TEXT[e.state]} ${overall}`;
    case 'started':
      return `[seed ${e.seed} @ ${e.worker}] training ${overall}`;
    case 'epoch':
      return `[seed ${e.seed} @ ${e.worker}] Epoch [${e.record.epoch + 1}/${e.epochs}], Val Loss: ${fixed(e.record.valLoss, 4)}, Val Acc: ${fixed(e.record.valAccuracy, 2)} ${overall}`;
    case 'finished':
      return `[seed ${e.seed} @ ${e.run.worker ?? '?'}] Test Loss: ${fixed(e.run.test.loss, 4)}, Test Accuracy: ${fixed(e.run.test.accuracy, 2)}% ${overall}`;
  }
}

/** Connects to the queue (one line and exit 1 within seconds when Redis is down), printing progress to stderr. */
export async function openQueue(url: string, io: Io): Promise<QueueExecutor> {
  const executor = await createQueueExecutor({ url, onEvent: (e) => io.stderr.write(`${sweepEventLine(e)}\n`) });
  io.stderr.write(`Runs go to the queue at ${displayUrl(url)}; start workers with: lenet worker --queue URL\n`);
  return executor;
}

/** Where each run's model is, and which worker trained it. */
export function modelLines(runs: readonly ExperimentRun[], cwd: string): string {
  return runs
    .map(
      (r) =>
        `seed ${r.seed}: ${r.runDir === undefined ? '(no run folder)' : displayPath(path.join(r.runDir, 'model'), cwd)} (trained by ${r.worker ?? 'this process'})\n`,
    )
    .join('');
}

/**
 * The output folder check of `experiment`/`reproduce`: with --queue an existing folder is accepted, since
 * it may hold an interrupted submission of the same runs (their folders are rewritten from the queue).
 */
export function checkSweepOutDir(raw: string, abs: string, queue: string | undefined): void {
  if (queue !== undefined && fs.existsSync(abs) && fs.statSync(abs).isDirectory()) return;
  checkOutDir(raw, abs, false);
}
