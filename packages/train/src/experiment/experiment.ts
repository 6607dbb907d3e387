/**
 * Average recognition accuracy over seeds: N runs of `train` (seed = base + i) in parallel on worker
 * threads, summarised as mean +/- std with a Student-t 95% confidence interval, per-class means and every
 * run's numbers, as JSON.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeJsonAtomicSync } from '@lenet/files';
import type { Evaluation } from '../loop/evaluate';
import type { EpochRecord } from '../run-folder/run-folder';
import { summarize, type SampleSummary } from './stats';
import type { TrainResult } from '../loop/train';
import { resolveTrainOptions, type ResolvedTrainOptions, type TrainOptions } from '../loop/train-options';
import { TrainOptionError } from '../loop/train-option-error';

/** Options of {@link runExperiment}: a training configuration, how many seeds, how many threads. */
export interface ExperimentOptions extends TrainOptions {
  /** Number of runs; run i uses seed `seed + i`. */
  runs: number;
  /** Runs trained at once, each in its worker thread (default min(runs, available cores)); each run gets
   *  `threads` = floor(cores / workers) data-parallel threads unless `threads` is given. */
  workers?: number;
  /** Where the runs are trained (default: {@link threadExecutor} with `workers` threads). */
  executor?: RunExecutor;
  /** Called as each run finishes. */
  onRun?: (run: ExperimentRun) => void;
  /** Called after each epoch of each run. */
  onRunEpoch?: (index: number, record: EpochRecord) => void;
}

/** One run of an experiment. */
export interface ExperimentRun {
  index: number;
  seed: number;
  backend: string;
  test: Evaluation;
  epochs: EpochRecord[];
  bestValAccuracy: number;
  wallSeconds: number;
  trainImagesPerSecond: number;
  runDir?: string;
  /** Who trained it, when not this process's threads (e.g. `host:pid` of a queue worker). */
  worker?: string;
}

/** Progress an executor reports while it trains an experiment's runs. */
export interface RunHooks {
  onRunEpoch(index: number, record: EpochRecord): void;
  onRun(run: ExperimentRun): void;
}

/** The runs an executor trained, and on how many workers. */
export interface ExecutedRuns {
  runs: ExperimentRun[];
  workers: number;
}

/**
 * Where an experiment's runs are trained: worker threads of this process ({@link threadExecutor}, the
 * default) or elsewhere (@lenet/sweep's queue). Each job is `train(job.options)`; the executor resolves to
 * one run per job, in any order, or rejects with the first failure.
 */
export interface RunExecutor {
  run(jobs: readonly WorkerJob[], hooks: RunHooks): Promise<ExecutedRuns>;
}

/** What {@link runExperiment} returns (and writes as `experiment.json` into `runDir` when given). */
export interface ExperimentResult {
  /** The options of the first run (seed = the base seed). */
  options: ResolvedTrainOptions;
  seeds: number[];
  workers: number;
  /** Test accuracy (percent) over the runs. */
  testAccuracy: SampleSummary;
  /** Test loss over the runs. */
  testLoss: SampleSummary;
  /** Mean per-class accuracy over the runs. */
  meanClassAccuracy: SampleSummary;
  /** Per-class test accuracy (percent), mean over the runs, classes 0-9. */
  perClassAccuracy: number[];
  runs: ExperimentRun[];
  /** Wall time of the whole experiment. */
  wallSeconds: number;
}

/** Messages from the worker (experiment-worker.ts). */
export type WorkerMessage =
  | { type: 'epoch'; index: number; record: EpochRecord }
  | { type: 'result'; index: number; result: ExperimentRun }
  | { type: 'error'; index: number; message: string; stack?: string };

/** A job for the worker: run `train(options)` as run `index`. */
export interface WorkerJob {
  index: number;
  options: TrainOptions;
}

/** The compact, cloneable part of a train result that an experiment keeps. */
export function experimentRun(index: number, result: TrainResult): ExperimentRun {
  return {
    index,
    seed: result.options.seed,
    backend: result.backend,
    test: result.test,
    epochs: result.epochs,
    bestValAccuracy: result.bestValAccuracy,
    wallSeconds: result.wallSeconds,
    trainImagesPerSecond: result.trainImagesPerSecond,
    ...(result.runDir === undefined ? {} : { runDir: result.runDir }),
  };
}

/**
 * The compiled worker entry. From dist/ it sits beside this file; from src/ (under jest or ts-node) the
 * built one in ../../dist/experiment is used, so tests need `nx run train:build` first (the test target depends on it).
 */
export function workerScript(): string {
  const candidates = [path.join(__dirname, 'experiment-worker.js'), path.resolve(__dirname, '..', '..', 'dist', 'experiment', 'experiment-worker.js')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (found === undefined) {
    throw new Error(`${candidates[1]}: not found; expected the built worker of @lenet/train (run: npx nx run train:build)`);
  }
  return found;
}

/** Combines finished runs into an {@link ExperimentResult}. */
export function summarizeRuns(options: ResolvedTrainOptions, runs: ExperimentRun[], workers: number, wallSeconds: number): ExperimentResult {
  const sorted = [...runs].sort((a, b) => a.index - b.index);
  const classes = sorted[0]?.test.perClassAccuracy.length ?? 0;
  return {
    options,
    seeds: sorted.map((r) => r.seed),
    workers,
    testAccuracy: summarize(sorted.map((r) => r.test.accuracy)),
    testLoss: summarize(sorted.map((r) => r.test.loss)),
    meanClassAccuracy: summarize(sorted.map((r) => r.test.meanClassAccuracy)),
    perClassAccuracy: Array.from({ length: classes }, (_, c) => sorted.reduce((a, r) => a + r.test.perClassAccuracy[c]!, 0) / sorted.length),
    runs: sorted,
    wallSeconds,
  };
}

/** The options of run `index`: its seed, and its own folder under the experiment's. */
function runOptions(base: TrainOptions, seed: number, index: number): TrainOptions {
  const { onStart: _o, onEpoch: _e, onStep: _s, keepModel: _k, ...rest } = base as TrainOptions & Record<string, unknown>;
  delete (rest as Record<string, unknown>)['runs'];
  delete (rest as Record<string, unknown>)['workers'];
  delete (rest as Record<string, unknown>)['executor'];
  delete (rest as Record<string, unknown>)['onRun'];
  delete (rest as Record<string, unknown>)['onRunEpoch'];
  return { ...rest, seed: seed + index, ...(base.runDir === undefined ? {} : { runDir: path.join(base.runDir, `seed-${seed + index}`) }) };
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * The data-parallel threads of each of `runs` runs trained `workers` at a time on `cores`: each run's share
 * of the cores among the runs of its wave. The runs of a last, partial wave share all the cores, so none
 * idles while they train (5 runs on 2 cores: 1, 1, 1, 1 and 2 threads; 1 run: 2 threads).
 */
export function threadsPerRun(runs: number, workers: number, cores: number): number[] {
  const wave = Math.max(1, Math.min(workers, runs));
  const lastWave = runs % wave;
  return Array.from({ length: runs }, (_, i) => Math.max(1, Math.floor(cores / (i >= runs - lastWave ? lastWave : wave))));
}

/**
 * The jobs of an experiment: run i is `train` with seed `seed + i` (and `runDir/seed-<seed + i>`), and
 * `threads` data-parallel threads: as given, or {@link threadsPerRun}.
 */
export function experimentJobs(options: ExperimentOptions): WorkerJob[] {
  const base = resolveTrainOptions(options).seed;
  const cores = availableCores();
  const workers = options.workers ?? Math.min(options.runs, cores);
  const threads = threadsPerRun(options.runs, workers, cores);
  return Array.from({ length: options.runs }, (_, i) => ({ index: i, options: { ...runOptions(options, base, i), threads: options.threads ?? threads[i]! } }));
}

/**
 * One worker thread that trains one job at a time (the compiled experiment-worker.js). `run` rejects when
 * the job fails or the thread dies; `terminate` stops it, abandoning a job in progress.
 */
export class RunThread {
  private readonly worker = new Worker(workerScript());
  private exit: Error | undefined;
  private current: { onEpoch: (record: EpochRecord) => void; resolve: (run: ExperimentRun) => void; reject: (error: Error) => void } | undefined;

  constructor() {
    this.worker.on('message', (message: WorkerMessage) => {
      const current = this.current;
      if (current === undefined) return;
      if (message.type === 'epoch') return current.onEpoch(message.record);
      this.current = undefined;
      if (message.type === 'result') return current.resolve(message.result);
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      current.reject(error);
    });
    this.worker.on('error', (error) => this.abandon(error));
    this.worker.on('exit', (code) => {
      this.exit = new Error(`experiment worker exited with code ${code}`);
      this.abandon(this.exit);
    });
  }

  run(job: WorkerJob, onEpoch: (record: EpochRecord) => void): Promise<ExperimentRun> {
    if (this.current !== undefined) throw new Error('RunThread.run: a job is already running on this thread');
    if (this.exit !== undefined) return Promise.reject(this.exit);
    return new Promise((resolve, reject) => {
      this.current = { onEpoch, resolve, reject };
      this.worker.postMessage(job);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private abandon(error: Error): void {
    const current = this.current;
    this.current = undefined;
    current?.reject(error);
  }
}

/** The default executor: `workers` threads of this process, one run per thread at a time. */
export function threadExecutor(workers: number): RunExecutor {
  return {
    async run(jobs, hooks) {
      const threads = Array.from({ length: Math.min(workers, jobs.length) }, () => new RunThread());
      const runs: ExperimentRun[] = [];
      let next = 0;
      let failed = false;
      const drain = async (thread: RunThread) => {
        while (!failed && next < jobs.length) {
          const job = jobs[next++]!;
          const run = await thread
            .run(job, (record) => hooks.onRunEpoch(job.index, record))
            .catch((error: Error) => {
              failed = true;
              const wrapped = new Error(`experiment run ${job.index} (seed ${String(job.options.seed)}): ${error.message}`);
              wrapped.stack = `${wrapped.message}\n${error.stack ?? ''}`;
              throw wrapped;
            });
          runs.push(run);
          hooks.onRun(run);
        }
      };
      try {
        await Promise.all(threads.map(drain));
      } finally {
        await Promise.all(threads.map((t) => t.terminate()));
      }
      return { runs, workers: threads.length };
    },
  };
}

/**
 * Runs `train` for seeds seed, seed + 1, ..., seed + runs - 1 on an executor (by default worker threads,
 * one run per worker at a time) and summarises the test accuracies. With `runDir`, each run writes
 * `runDir/seed-<s>/` and the experiment writes `runDir/experiment.json` (the CLI adds its Markdown report).
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const { runs } = options;
  if (!Number.isInteger(runs) || runs < 1) throw new TrainOptionError('runs', `expected an integer >= 1, found ${String(runs)}`);
  const workers = options.workers ?? Math.min(runs, availableCores());
  if (!Number.isInteger(workers) || workers < 1) throw new TrainOptionError('workers', `expected an integer >= 1, found ${String(workers)}`);
  const resolved = resolveTrainOptions(options);
  const executor = options.executor ?? threadExecutor(workers);
  const executed = await executor.run(experimentJobs(options), {
    onRunEpoch: (index, record) => options.onRunEpoch?.(index, record),
    onRun: (run) => options.onRun?.(run),
  });

  const result = summarizeRuns(resolved, executed.runs, executed.workers, (performance.now() - started) / 1000);
  if (options.runDir !== undefined) {
    fs.mkdirSync(options.runDir, { recursive: true });
    writeJsonAtomicSync(path.join(options.runDir, 'experiment.json'), result);
  }
  return result;
}
