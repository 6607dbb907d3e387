/**
 * The run folder's logs: `metrics.jsonl` (one JSON record per line), TensorBoard event files with the
 * seed's tags, and `summary.json`; writing them during a run and reading them back afterwards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeStaleTempFiles, writeFileAtomicSync, writeJsonAtomicSync } from '@lenet/files';
import { readJsonFile, readTextFile } from './read-json-file';
import { EventFileWriter, listEventFiles } from './tfevents';
import { resolveTrainOptions, type ResolvedTrainOptions, type TrainOptions } from '../loop/train-options';
import type { Evaluation, MisclassifiedExample } from '../loop/evaluate';
import type { TrainResult } from '../loop/train';
import { RUN_LOCK_FILE } from './run-lock';

/** One training step's metrics (train loss and accuracy of the mini-batch). */
export interface StepRecord {
  kind: 'step';
  /** Global step, 0-based, counted over all epochs. */
  step: number;
  epoch: number;
  loss: number;
  /** Percent. */
  accuracy: number;
}

/** One epoch's metrics (training averages and validation). */
export interface EpochRecord {
  kind: 'epoch';
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  /** NaN (null in JSON) without a validation part (valFraction 0, the paper's protocol). */
  valLoss: number;
  valAccuracy: number;
  /** Only without a validation part: the test set after this pass (the paper's Fig. 5). */
  testLoss?: number;
  testAccuracy?: number;
  seconds: number;
  imagesPerSecond: number;
}

/** A line of `metrics.jsonl`. */
export type MetricRecord = StepRecord | EpochRecord;

/** The `format` of a summary.json this version writes and reads. */
export const RUN_SUMMARY_FORMAT = 'lenet-run/1';

/** `summary.json`: the finished run as `train` reports it (its TrainResult without steps and model). */
export type RunSummary = Omit<TrainResult, 'steps' | 'model'> & {
  format: typeof RUN_SUMMARY_FORMAT;
  /** The best model's folder, relative to the run folder. */
  bestModel: string;
};

/** File names inside a run folder (the figures' names are the CLI's, `FIGURE_FILES`). */
export const RUN_FILES = {
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  model: 'model',
  checkpoint: 'checkpoint',
  lock: RUN_LOCK_FILE,
} as const;

/** TensorBoard tags, as the seed's PyTorch notebook writes them. */
export const SCALAR_TAGS = {
  trainLoss: 'Loss/train',
  trainAccuracy: 'Accuracy/train',
  valLoss: 'Loss/val',
  valAccuracy: 'Accuracy/val',
  testLoss: 'Loss/test',
  testAccuracy: 'Accuracy/test',
} as const;

/** A malformed run folder file; the message names the file (and line). */
export class RunFolderError extends Error {
  override name = 'RunFolderError';
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${message}`);
  }
}

/** A whole-file {@link RunFolderError}, for the shared file readers. */
function runFolderError(file: string, message: string): RunFolderError {
  return new RunFolderError(file, message);
}

/**
 * The TensorBoard scalars of a record, as the seed logs them: steps give `Loss/train` and
 * `Accuracy/train` at the global step; epochs give `Loss/val` and `Accuracy/val` at the epoch number.
 */
export function scalarsForRecord(record: MetricRecord): Array<{ tag: string; value: number; step: number }> {
  if (record.kind === 'step') {
    return [
      { tag: SCALAR_TAGS.trainLoss, value: record.loss, step: record.step },
      { tag: SCALAR_TAGS.trainAccuracy, value: record.accuracy, step: record.step },
    ];
  }
  if (record.testLoss !== undefined && record.testAccuracy !== undefined) {
    return [
      { tag: SCALAR_TAGS.testLoss, value: record.testLoss, step: record.epoch },
      { tag: SCALAR_TAGS.testAccuracy, value: record.testAccuracy, step: record.epoch },
    ];
  }
  return [
    { tag: SCALAR_TAGS.valLoss, value: record.valLoss, step: record.epoch },
    { tag: SCALAR_TAGS.valAccuracy, value: record.valAccuracy, step: record.epoch },
  ];
}

/** Writes a run folder's logs. */
export interface RunWriter {
  readonly runDir: string;
  /** The TensorBoard event file being written. */
  readonly eventFile: string;
  /** Appends one line to `metrics.jsonl` (one write() call: a killed process leaves whole lines). */
  appendMetrics(record: MetricRecord): void;
  /** Appends one scalar to the event file. */
  writeScalar(tag: string, value: number, step: number): void;
  /** `appendMetrics(record)` plus its TensorBoard scalars ({@link scalarsForRecord}). */
  logRecord(record: MetricRecord): void;
  /** Writes `summary.json` atomically. */
  writeSummary(summary: RunSummary): void;
  /** Flushes both logs to disk (the loop calls it before each checkpoint). */
  flush(): void;
  /** Flushes and closes both logs. */
  close(): void;
}

/** Options of {@link createRunWriter}. */
export interface RunWriterOptions {
  /**
   * The records the logs must start with: on resume, the records of the checkpoint. `metrics.jsonl` is
   * rewritten with exactly these and the old event files are replaced by one holding their scalars, so
   * records logged after the checkpoint by a killed run don't appear twice. Default `[]` (a fresh run).
   */
  records?: readonly MetricRecord[];
}

/**
 * Opens the logs of `runDir` (created if missing). Existing logs are replaced by `options.records`
 * (see {@link RunWriterOptions.records}); `summary.json` is left alone until {@link RunWriter.writeSummary}.
 * Temporary files of killed writers are deleted.
 */
export function createRunWriter(runDir: string, options: RunWriterOptions = {}): RunWriter {
  const records = options.records ?? [];
  fs.mkdirSync(runDir, { recursive: true });
  removeStaleTempFiles(runDir);
  const metricsFile = path.join(runDir, RUN_FILES.metrics);
  writeFileAtomicSync(metricsFile, records.map((r) => `${JSON.stringify(r)}\n`).join(''));

  const oldEventFiles = listEventFiles(runDir);
  const events = new EventFileWriter(runDir);
  for (const r of records) for (const s of scalarsForRecord(r)) events.writeScalar(s.tag, s.value, s.step);
  events.flush();
  // Only now that the new file holds everything are the old ones removed.
  for (const f of oldEventFiles) if (f !== events.file) fs.rmSync(f, { force: true });

  let metricsFd: number | undefined = fs.openSync(metricsFile, 'a');
  const openFd = (): number => {
    if (metricsFd === undefined) throw new Error(`${metricsFile}: run writer is closed`);
    return metricsFd;
  };
  const writer: RunWriter = {
    runDir,
    eventFile: events.file,
    appendMetrics(record) {
      const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
      const fd = openFd();
      let offset = 0;
      while (offset < line.length) offset += fs.writeSync(fd, line, offset, line.length - offset);
    },
    writeScalar(tag, value, step) {
      events.writeScalar(tag, value, step);
    },
    logRecord(record) {
      writer.appendMetrics(record);
      for (const s of scalarsForRecord(record)) events.writeScalar(s.tag, s.value, s.step);
    },
    writeSummary(summary) {
      writeJsonAtomicSync(path.join(runDir, RUN_FILES.summary), summary);
    },
    flush() {
      fs.fsyncSync(openFd());
      events.flush();
    },
    close() {
      if (metricsFd === undefined) return;
      fs.fsyncSync(metricsFd);
      fs.closeSync(metricsFd);
      metricsFd = undefined;
      events.close();
    },
  };
  return writer;
}

/**
 * Deletes what a training run writes into `runDir` (metrics.jsonl, event files, summary.json, model/,
 * checkpoint/, and their temporary and .old forms), so that a fresh, non-resumed run into an existing
 * folder can't be mixed up with the old one, e.g. by resuming from the old checkpoint. Other files
 * (figures, notes) are kept.
 *
 * @returns the names deleted.
 */
export function clearRunFolder(runDir: string): string[] {
  if (!fs.existsSync(runDir)) return [];
  const ours = (name: string): boolean =>
    name === RUN_FILES.metrics ||
    name === RUN_FILES.summary ||
    name.startsWith('events.out.tfevents.') ||
    [RUN_FILES.model, RUN_FILES.checkpoint].some((d) => name === d || name === `${d}.old` || name.startsWith(`${d}.tmp-`)) ||
    /^\.(metrics\.jsonl|summary\.json)\.tmp-\d+(-\d+)+$/.test(name);
  const removed = fs.readdirSync(runDir).filter(ours);
  for (const name of removed) fs.rmSync(path.join(runDir, name), { recursive: true, force: true });
  return removed;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const STEP_FIELDS = ['step', 'epoch', 'loss', 'accuracy'] as const;
const EPOCH_FIELDS = ['epoch', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'seconds', 'imagesPerSecond'] as const;

/**
 * Checks one parsed metrics record (a `metrics.jsonl` line, or a record saved in a checkpoint) and
 * returns it. JSON has no NaN: `JSON.stringify` writes a diverged loss as null, which reads back as NaN.
 * `fail` reports what is wrong.
 */
export function toMetricRecord(value: unknown, fail: (message: string) => never): MetricRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected a JSON object, found ${JSON.stringify(value)}`);
  const r = value as Record<string, unknown>;
  const fields = r.kind === 'step' ? STEP_FIELDS : r.kind === 'epoch' ? EPOCH_FIELDS : undefined;
  if (fields === undefined) return fail(`expected "kind" to be "step" or "epoch", found ${JSON.stringify(r.kind)}`);
  for (const f of fields) {
    if (r[f] === null) r[f] = Number.NaN;
    else if (!isFiniteNumber(r[f])) return fail(`${r.kind} record: expected "${f}" to be a number, found ${JSON.stringify(r[f])}`);
  }
  return r as unknown as MetricRecord;
}

/**
 * Reads a `metrics.jsonl` file. Blank lines are skipped.
 *
 * @throws RunFolderError naming `file:line` for a line that is not a JSON record of kind step or epoch.
 */
export function readMetrics(file: string): MetricRecord[] {
  const text = readTextFile(file, runFolderError, 'expected the metrics log of a training run');
  const records: MetricRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const fail = (message: string): never => {
      throw new RunFolderError(file, message, i + 1);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(`not valid JSON (${(error as Error).message})`);
    }
    records.push(toMetricRecord(value, fail));
  });
  return records;
}

/** JSON has no NaN: a number written as null (NaN, +-Infinity) reads back as NaN. */
function numberField(value: unknown, fail: (message: string) => never, what: string): number {
  if (value === null) return Number.NaN;
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected ${what} to be a number, found ${JSON.stringify(value)}`);
  return value;
}

function objectField(value: unknown, fail: (message: string) => never, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected ${what} to be a JSON object, found ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function arrayField(value: unknown, fail: (message: string) => never, what: string): unknown[] {
  if (!Array.isArray(value)) return fail(`expected ${what} to be an array, found ${JSON.stringify(value)}`);
  return value;
}

function integerField(value: unknown, fail: (message: string) => never, what: string): number {
  if (!Number.isSafeInteger(value)) return fail(`expected ${what} to be an integer, found ${JSON.stringify(value)}`);
  return value as number;
}

/** The saved options, checked by resolving them again: a summary of this version resolves to itself. */
function savedOptions(value: unknown, fail: (message: string) => never): ResolvedTrainOptions {
  const raw = objectField(value, fail, '"options"');
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null)) as unknown as TrainOptions;
  try {
    return resolveTrainOptions(given);
  } catch (error) {
    return fail(`"options": ${(error as Error).message}`);
  }
}

function savedEvaluation(value: unknown, fail: (message: string) => never): Evaluation {
  const t = objectField(value, fail, '"test"');
  const confusion = arrayField(t.confusion, fail, 'test.confusion').map((row, i) =>
    arrayField(row, fail, `test.confusion[${i}]`).map((c, j) => integerField(c, fail, `test.confusion[${i}][${j}]`)),
  );
  const misclassified = arrayField(t.misclassified, fail, 'test.misclassified').map((entry, i): MisclassifiedExample => {
    const e = objectField(entry, fail, `test.misclassified[${i}] ({ index, label, predicted })`);
    return {
      index: integerField(e.index, fail, `test.misclassified[${i}].index`),
      label: integerField(e.label, fail, `test.misclassified[${i}].label`),
      predicted: integerField(e.predicted, fail, `test.misclassified[${i}].predicted`),
    };
  });
  return {
    loss: numberField(t.loss, fail, 'test.loss'),
    accuracy: numberField(t.accuracy, fail, 'test.accuracy'),
    perClassAccuracy: arrayField(t.perClassAccuracy, fail, 'test.perClassAccuracy').map((a, i) => numberField(a, fail, `test.perClassAccuracy[${i}]`)),
    meanClassAccuracy: numberField(t.meanClassAccuracy, fail, 'test.meanClassAccuracy'),
    confusion,
    misclassified,
  };
}

/**
 * Reads and validates `summary.json` into a {@link RunSummary}: the format, the options (resolved again,
 * so every name and range is checked), the test evaluation and the epoch records.
 *
 * @throws RunFolderError naming the file and the field that is missing or malformed.
 */
export function readSummary(file: string): RunSummary {
  const fail = (message: string): never => {
    throw new RunFolderError(file, message);
  };
  const raw = objectField(readJsonFile(file, runFolderError, 'expected the summary of a finished training run'), fail, 'the file');
  if (raw.format !== RUN_SUMMARY_FORMAT) fail(`expected "format": "${RUN_SUMMARY_FORMAT}", found ${JSON.stringify(raw.format)}`);
  const counts = objectField(raw.counts, fail, '"counts"');
  return {
    format: RUN_SUMMARY_FORMAT,
    options: savedOptions(raw.options, fail),
    backend: typeof raw.backend === 'string' ? raw.backend : fail(`expected "backend" to be a string, found ${JSON.stringify(raw.backend)}`),
    epochs: arrayField(raw.epochs, fail, '"epochs"').map((r, i) => {
      const record = toMetricRecord(r, (message) => fail(`epochs[${i}]: ${message}`));
      return record.kind === 'epoch' ? record : fail(`epochs[${i}]: expected an epoch record`);
    }),
    test: savedEvaluation(raw.test, fail),
    wallSeconds: numberField(raw.wallSeconds, fail, '"wallSeconds"'),
    trainImagesPerSecond: numberField(raw.trainImagesPerSecond, fail, '"trainImagesPerSecond"'),
    bestValAccuracy: numberField(raw.bestValAccuracy, fail, '"bestValAccuracy"'),
    bestEpoch: integerField(raw.bestEpoch, fail, '"bestEpoch"'),
    startEpoch: integerField(raw.startEpoch, fail, '"startEpoch"'),
    counts: {
      train: integerField(counts.train, fail, 'counts.train'),
      val: integerField(counts.val, fail, 'counts.val'),
      test: integerField(counts.test, fail, 'counts.test'),
    },
    ...(typeof raw.runDir === 'string' ? { runDir: raw.runDir } : {}),
    bestModel: typeof raw.bestModel === 'string' ? raw.bestModel : RUN_FILES.model,
  };
}

/** What {@link readRun} returns. */
export interface RunData {
  summary: RunSummary;
  steps: StepRecord[];
  epochs: EpochRecord[];
}

/**
 * Reads a finished run folder: `summary.json` and the step and epoch records of `metrics.jsonl`.
 *
 * @throws RunFolderError naming the file (and line) that is missing or malformed.
 */
export async function readRun(runDir: string): Promise<RunData> {
  if (!fs.existsSync(runDir) || !fs.statSync(runDir).isDirectory()) {
    throw new RunFolderError(runDir, 'not found; expected a run folder (summary.json, metrics.jsonl, ...)');
  }
  const summary = readSummary(path.join(runDir, RUN_FILES.summary));
  const records = readMetrics(path.join(runDir, RUN_FILES.metrics));
  return {
    summary,
    steps: records.filter((r): r is StepRecord => r.kind === 'step'),
    epochs: records.filter((r): r is EpochRecord => r.kind === 'epoch'),
  };
}
