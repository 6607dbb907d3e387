import * as path from 'node:path';
import { locateDataset } from '@lenet/data';
import type { EpochRecord, ExperimentResult, ExperimentRun } from '@lenet/train';
import { writeFileAtomicSync } from '@lenet/files';
import { experimentJobs, resolveTrainOptions, runExperiment } from '@lenet/train';
import { seedSpread } from '@lenet/viz';
import type { Command } from '../command';
import { experimentMarkdown } from '../experiment-markdown';
import { rangeFlag } from '../flags/flag-values';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import { TRAINING_FLAGS, trainOptionsFromFlags } from '../flags/training-flags';
import { fixed, heldOut, markdownTable } from '../format';
import type { Io } from '../io';
import { QUEUE_FLAG, checkSweepOutDir, modelLines, openQueue, queueUrl } from '../queue-progress';
import { checkResumableSweep } from '../resume-check';
import { defaultRunDir, displayPath } from '../run-dir';
import { UsageError } from '../usage-error';

const FLAGS: FlagSpecs = {
  runs: { type: 'string', value: 'N', description: 'number of runs (seeds seed, seed+1, ...), 1-100 (default 5)' },
  workers: { type: 'string', value: 'N', description: 'runs trained in parallel (worker threads), 1-64 (default: min(runs, cores))' },
  ...TRAINING_FLAGS,
  ...QUEUE_FLAG,
  out: { type: 'string', value: 'DIR', description: 'experiment folder (default runs/experiment-<model>-seed<seed>-<UTC time>); each run in DIR/seed-<s>/' },
  resume: {
    type: 'boolean',
    description: 'continue the interrupted experiment in --out: each run continues from its checkpoint (a finished one is only scored again), the others start',
  },
  json: { type: 'boolean', description: 'print the experiment result as one JSON object' },
};

/** The mean +/- std table of an experiment: one row per run, then the summary row. */
export function experimentTable(result: ExperimentResult): string {
  const a = result.testAccuracy;
  const rows = result.runs.map((r) => [
    String(r.seed),
    fixed(r.test.accuracy, 2),
    fixed(100 - r.test.accuracy, 2),
    fixed(r.test.loss, 4),
    fixed(r.bestValAccuracy, 2),
  ]);
  rows.push([
    'mean +/- std',
    `${fixed(a.mean, 2)} +/- ${fixed(a.std, 2)}`,
    `${fixed(100 - a.mean, 2)} +/- ${fixed(a.std, 2)}`,
    `${fixed(result.testLoss.mean, 4)} +/- ${fixed(result.testLoss.std, 4)}`,
    '',
  ]);
  return markdownTable(['seed', 'test acc (%)', 'test error (%)', 'test loss', 'best val acc (%)'], rows, ['left', 'right', 'right', 'right', 'right']);
}

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values } = parseFlags('experiment', argv, FLAGS, false);
  if (values.help) {
    io.stdout.write(
      `Usage: lenet experiment --runs N [training flags]\n\nTrains the same configuration with N seeds and prints the test accuracy of each and their mean +/- std.\n\nFlags:\n${formatFlagHelp(FLAGS)}\n`,
    );
    return;
  }
  const options = trainOptionsFromFlags(values, io.cwd);
  const resolved = resolveTrainOptions(options);
  const runs = rangeFlag('runs', values.runs, { min: 1, max: 100, integer: true }) ?? 5;
  const workers = rangeFlag('workers', values.workers, { min: 1, max: 64, integer: true });
  const queue = queueUrl(values);
  const rawOut = typeof values.out === 'string' ? values.out : undefined;
  const resume = values.resume === true;
  if (resume && rawOut === undefined) throw new UsageError('--resume needs --out DIR, the experiment folder to continue');
  const outDir = rawOut !== undefined ? path.resolve(io.cwd, rawOut) : defaultRunDir(io.cwd, `experiment-${resolved.model}`, resolved.seed, io.now());
  const experiment = { ...options, runs, ...(workers === undefined ? {} : { workers }), ...(resume ? { resume: true } : {}), runDir: outDir };
  if (resume)
    checkResumableSweep(
      rawOut!,
      outDir,
      experimentJobs(experiment).map((job) => job.options),
      'experiment',
      (dir) => displayPath(dir, io.cwd),
    );
  else checkSweepOutDir(rawOut ?? displayPath(outDir, io.cwd), outDir, queue);
  await locateDataset(resolved.dataset, resolved.dataDir ?? undefined);

  // With --queue the executor prints each run's progress (and its worker) itself.
  const executor = queue === undefined ? undefined : await openQueue(queue, io);
  const result = await runExperiment({
    ...experiment,
    ...(executor === undefined
      ? {
          onRunEpoch: (index: number, r: EpochRecord) => {
            const { held, loss, accuracy } = heldOut(r);
            io.stderr.write(
              `[seed ${resolved.seed + index}] Epoch [${r.epoch + 1}/${resolved.epochs}], ${held} Loss: ${fixed(loss, 4)}, ${held} Acc: ${fixed(accuracy, 2)}\n`,
            );
          },
          onRun: (r: ExperimentRun) => io.stderr.write(`[seed ${r.seed}] Test Loss: ${fixed(r.test.loss, 4)}, Test Accuracy: ${fixed(r.test.accuracy, 2)}%\n`),
        }
      : { executor }),
  }).finally(() => executor?.close());
  const a = result.testAccuracy;
  const ci = a.ci95 ?? [a.mean, a.mean];
  writeFileAtomicSync(path.join(outDir, 'experiment.md'), experimentMarkdown(result));
  writeFileAtomicSync(
    path.join(outDir, 'seed-spread.svg'),
    await seedSpread(
      result.runs.map((r) => r.test.accuracy),
      a.mean,
      ci,
      { name: options.model, intervalName: '95% CI of the mean' },
    ),
  );
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ ...result, outDir })}\n`);
    return;
  }
  io.stdout.write(`${experimentTable(result)}\n`);
  io.stdout.write(
    `Test accuracy over ${a.n} seeds: ${fixed(a.mean, 2)} +/- ${fixed(a.std, 2)}% (95% CI ${a.ci95 ? `[${fixed(a.ci95[0], 2)}, ${fixed(a.ci95[1], 2)}]` : 'n/a'})\n`,
  );
  io.stdout.write(`Experiment folder: ${displayPath(outDir, io.cwd)} (experiment.md, experiment.json, seed-spread.svg, seed-*/)\n`);
  if (executor !== undefined) io.stdout.write(`Models:\n${modelLines(result.runs, io.cwd)}`);
}

export const experimentCommand: Command = {
  name: 'experiment',
  summary: 'train one configuration over several seeds; print each test accuracy and the mean +/- std',
  usage: '--runs N [training flags]',
  flags: FLAGS,
  run,
};
