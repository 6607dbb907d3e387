import * as path from 'node:path';
import { describeBackend, selectBackend } from '@lenet/core';
import { firstExamples, loadMnist, locateDataset } from '@lenet/data';
import type { ImageSet } from '@lenet/data';
import type { ResolvedTrainOptions, TrainOptions, TrainResult } from '@lenet/train';
import { createLoss } from '@lenet/model';
import { acquireRunLock, resolveTrainOptions, train } from '@lenet/train';
import type { Command } from '../command';
import { writeRunFigures } from '../figures';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import { TRAINING_FLAGS, trainOptionsFromFlags } from '../flags/training-flags';
import { epochLine, heldOut, testLine } from '../format';
import type { Io } from '../io';
import { ProgressBar } from '../progress-bar';
import { checkResumable } from '../resume-check';
import { checkOutDir, defaultRunDir, displayPath } from '../run-dir';
import { UsageError } from '../usage-error';
import type { RunModel } from '../run-model';

const FLAGS: FlagSpecs = {
  ...TRAINING_FLAGS,
  out: { type: 'string', value: 'DIR', description: 'run folder to create (default runs/<model>-seed<seed>-<UTC time>)' },
  resume: { type: 'boolean', description: 'continue the interrupted run in --out from its last checkpoint' },
  json: { type: 'boolean', description: 'print one JSON object with the results instead of the text lines' },
};

/** Validated `lenet train` invocation: the options as given, and as the library resolves them (defaults filled in). */
export interface TrainInvocation {
  options: TrainOptions;
  resolved: ResolvedTrainOptions;
  runDir: string;
  json: boolean;
}

/** Parses and validates `lenet train` flags (no I/O beyond checking that paths exist). */
export function parseTrainArgs(argv: readonly string[], io: Io): TrainInvocation | 'help' {
  const { values } = parseFlags('train', argv, FLAGS, false);
  if (values.help) return 'help';
  const options = trainOptionsFromFlags(values, io.cwd);
  const resume = values.resume === true;
  const rawOut = typeof values.out === 'string' ? values.out : undefined;
  if (resume && rawOut === undefined) throw new UsageError('--resume needs --out DIR, the run folder to continue');
  const seed = resolveTrainOptions(options).seed;
  const runDir = rawOut !== undefined ? path.resolve(io.cwd, rawOut) : defaultRunDir(io.cwd, options.model, seed, io.now());
  checkOutDir(rawOut ?? path.relative(io.cwd, runDir), runDir, resume);
  options.runDir = runDir;
  if (resume) options.resume = true;
  return { options, resolved: resolveTrainOptions(options), runDir, json: values.json === true };
}

/** The test set as `train` evaluates it: the first `testLimit` test images. */
export async function testSetOf(options: Pick<ResolvedTrainOptions, 'dataset' | 'dataDir' | 'testLimit'>): Promise<ImageSet> {
  const data = await loadMnist({ dataset: options.dataset, dir: options.dataDir ?? undefined });
  return options.testLimit === null ? data.test : firstExamples(data.test, options.testLimit);
}

/** The `--json` object of a finished run. */
export function resultJson(result: TrainResult, runDir: string, figures: string[]): Record<string, unknown> {
  const last = result.epochs[result.epochs.length - 1];
  return {
    testAccuracy: result.test.accuracy,
    testLoss: result.test.loss,
    meanClassAccuracy: result.test.meanClassAccuracy,
    epochs: result.epochs.length,
    valAccuracy: last?.valAccuracy ?? null,
    valLoss: last?.valLoss ?? null,
    backend: result.backend,
    trainImagesPerSecond: result.trainImagesPerSecond,
    wallSeconds: result.wallSeconds,
    runDir,
    figures: figures.map((f) => path.basename(f)),
  };
}

async function run(argv: readonly string[], io: Io): Promise<void> {
  const parsed = parseTrainArgs(argv, io);
  if (parsed === 'help') {
    io.stdout.write(`${helpText()}\n`);
    return;
  }
  const { options, resolved, runDir } = parsed;
  // Options, data, resume and backend are checked before anything is written or printed: all are the
  // user's to fix (exit 2). The library's own checks catch combinations the flags cannot (e.g. a
  // cross-entropy loss on an RBF head).
  createLoss(resolved.modelOptions.head, resolved.loss);
  await locateDataset(resolved.dataset, resolved.dataDir ?? undefined);
  if (resolved.resume) checkResumable(options, runDir, displayPath(runDir, io.cwd));
  await selectBackend(resolved.backend);
  const backend = describeBackend(); // webgpu: with its adapter, so that a software one (slow) is visible
  // Held from here until the figures are written: a second run on the folder is refused (exit 2, naming this pid).
  const lock = acquireRunLock(runDir);
  try {
    await trainAndReport(parsed, backend, io);
  } finally {
    lock.release();
  }
}

async function trainAndReport({ options, resolved, runDir, json }: TrainInvocation, backend: string, io: Io): Promise<void> {
  io.stderr.write(`Backend: ${backend}\n`);

  const epochsTotal = resolved.epochs;
  const bar = new ProgressBar(io.stderr);
  let lastStep: { loss: number; accuracy: number } | undefined;
  let stepsInEpoch = 0;
  let stepsPerEpoch = 0;
  const lineOut = json ? io.stderr : io.stdout;
  const result = await train({
    ...options,
    keepModel: true,
    onStart: (info) => {
      stepsPerEpoch = info.stepsPerEpoch;
    },
    onStep: (r) => {
      lastStep = { loss: r.loss, accuracy: r.accuracy };
      stepsInEpoch++;
      bar.update(`Epoch ${r.epoch + 1}/${epochsTotal}`, stepsInEpoch, Math.max(stepsPerEpoch, stepsInEpoch), r.loss, r.accuracy);
    },
    onEpoch: (r) => {
      bar.clear();
      stepsInEpoch = 0;
      // Like the seed: the train loss/accuracy printed are those of the epoch's last mini-batch.
      const trainLoss = lastStep?.loss ?? r.trainLoss;
      const trainAcc = lastStep?.accuracy ?? r.trainAccuracy;
      const { held, loss, accuracy } = heldOut(r);
      lineOut.write(`${epochLine(r.epoch + 1, epochsTotal, trainLoss, trainAcc, loss, accuracy, held)}\n`);
    },
  });
  bar.clear();

  // The figures show the final model, the one the test evaluation (and its misclassified list) is of.
  const o = result.options;
  let figures: string[];
  try {
    const model: RunModel | undefined = result.model && {
      model: result.model,
      head: o.modelOptions.head,
      layout: { normalization: o.normalization, size: o.modelOptions.input },
      summary: undefined,
    };
    figures = await writeRunFigures(runDir, { steps: result.steps, epochs: result.epochs, evaluation: result.test, testSet: await testSetOf(o), model });
  } finally {
    result.model?.dispose();
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(resultJson(result, runDir, figures))}\n`);
    return;
  }
  io.stdout.write(`${testLine(result.test.loss, result.test.accuracy)}\n`);
  io.stdout.write(`Run folder: ${displayPath(runDir, io.cwd)} (model/, metrics.jsonl, summary.json, ${figures.map((f) => path.basename(f)).join(', ')})\n`);
  const speed = Number.isFinite(result.trainImagesPerSecond) ? `${result.trainImagesPerSecond.toFixed(0)} training images/s` : 'no epoch left to train';
  io.stderr.write(`Backend: ${result.backend}, ${speed}, ${result.wallSeconds.toFixed(1)} s\n`);
}

function helpText(): string {
  return `Usage: lenet train [flags]

Trains a LeNet on MNIST, printing the seed notebook's line per epoch and the test result, and writes a run
folder (model/, checkpoint/, metrics.jsonl, TensorBoard events, summary.json, SVG figures).

Flags:
${formatFlagHelp(FLAGS)}`;
}

export const trainCommand: Command = {
  name: 'train',
  summary: "train a model (the seed's lenet5 by default) and write a run folder with figures",
  usage: '[flags]',
  flags: FLAGS,
  run,
};
