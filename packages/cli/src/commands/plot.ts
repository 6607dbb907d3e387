import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetName } from '@lenet/data';
import { readRun } from '@lenet/train';
import type { Command } from '../command';
import { writeRunFigures } from '../figures';
import type { RunFigureInput } from '../figures';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import type { Io } from '../io';
import { locateRun, displayPath } from '../run-dir';
import { get, loadRunModel } from '../run-model';
import { UsageError } from '../usage-error';
import { testSetOf } from './train';

const FLAGS: FlagSpecs = {};

/** The test evaluation stored in a run's summary.json (`test`), if it has the fields the figures need. */
function evaluationOf(summary: unknown): RunFigureInput['evaluation'] {
  const t = get(summary, 'test');
  const confusion = get(t, 'confusion');
  const perClass = get(t, 'perClassAccuracy');
  const mis = get(t, 'misclassified');
  if (!Array.isArray(confusion) || !Array.isArray(perClass)) return undefined;
  return { confusion: confusion as number[][], perClassAccuracy: perClass as number[], misclassified: Array.isArray(mis) ? (mis as number[]) : [] };
}

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values, positionals } = parseFlags('plot', argv, FLAGS, true);
  if (values.help) {
    io.stdout.write(`Usage: lenet plot RUN_DIR\n\nRedraws the SVG figures of a run folder from its metrics.jsonl, summary.json and model/.\n${formatFlagHelp({ help: { type: 'boolean', description: 'this text' } })}\n`);
    return;
  }
  if (positionals.length !== 1) throw new UsageError(`plot: expected one RUN_DIR, found ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  const runDir = locateRun(positionals[0], io.cwd);
  const data = await readRun(runDir);
  const evaluation = evaluationOf(data.summary);
  const input: RunFigureInput = { steps: data.steps, epochs: data.epochs, evaluation };
  const hasModel = fs.existsSync(path.join(runDir, 'model', 'model.json'));
  if (hasModel) input.model = await loadRunModel({ runDir, modelDir: path.join(runDir, 'model') });
  if (evaluation && hasModel) {
    const opts = get(data.summary, 'options');
    input.testSet = await testSetOf({
      dataset: (get(opts, 'dataset') as DatasetName | undefined) ?? 'mnist',
      dataDir: (get(opts, 'dataDir') as string | null) ?? null,
      testLimit: (get(opts, 'testLimit') as number | null) ?? null,
    });
  }
  try {
    const files = await writeRunFigures(runDir, input);
    for (const f of files) io.stdout.write(`${displayPath(f, io.cwd)}\n`);
  } finally {
    input.model?.model.dispose();
  }
}

export const plotCommand: Command = {
  name: 'plot',
  summary: "redraw a run folder's SVG figures (curves, confusion matrix, per-class accuracy, misclassified digits, C1 kernels)",
  usage: 'RUN_DIR',
  flags: FLAGS,
  run,
};
