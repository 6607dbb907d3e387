import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_JSON, readRun } from '@lenet/train';
import type { Command } from '../command';
import { writeRunFigures } from '../figures';
import type { RunFigureInput } from '../figures';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import type { Io } from '../io';
import { locateRun, displayPath } from '../run-dir';
import { loadRunModel } from '../run-model';
import { UsageError } from '../usage-error';
import { testSetOf } from './train';

const FLAGS: FlagSpecs = {};

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values, positionals } = parseFlags('plot', argv, FLAGS, true);
  if (values.help) {
    io.stdout.write(
      `Usage: lenet plot RUN_DIR\n\nRedraws the SVG figures of a run folder from its metrics.jsonl, summary.json and model/.\n${formatFlagHelp({ help: { type: 'boolean', description: 'this text' } })}\n`,
    );
    return;
  }
  if (positionals.length !== 1) throw new UsageError(`plot: expected one RUN_DIR, found ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  const runDir = locateRun(positionals[0], io.cwd);
  const data = await readRun(runDir);
  const { summary } = data;
  // The misclassified digits' predicted classes are in the summary; only their pixels come from the test set.
  const input: RunFigureInput = { steps: data.steps, epochs: data.epochs, evaluation: summary.test, testSet: await testSetOf(summary.options) };
  const modelDir = path.join(runDir, summary.bestModel);
  if (fs.existsSync(path.join(modelDir, MODEL_JSON))) input.model = await loadRunModel({ runDir, modelDir });
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
