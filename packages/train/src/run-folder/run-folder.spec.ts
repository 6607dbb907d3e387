import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveTrainOptions } from '../loop/train-options';
import {
  type EpochRecord,
  type MetricRecord,
  RUN_SUMMARY_FORMAT,
  RunFolderError,
  type RunSummary,
  SCALAR_TAGS,
  type StepRecord,
  clearRunFolder,
  createRunWriter,
  readMetrics,
  readRun,
  readSummary,
} from './run-folder';
import { listEventFiles } from './tfevents';
import { readScalars } from './tfevents-reader';

const step = (n: number, epoch = 0): StepRecord => ({ kind: 'step', step: n, epoch, loss: 2 / (n + 1), accuracy: 10 * n });
const epochRecord = (epoch: number): EpochRecord => ({
  kind: 'epoch',
  epoch,
  trainLoss: 0.5,
  trainAccuracy: 90,
  valLoss: 0.25 / (epoch + 1),
  valAccuracy: 95 + epoch,
  seconds: 1.5,
  imagesPerSecond: 1000,
});

/** A complete summary.json as train() writes it (trainImagesPerSecond NaN: a resumed run with no epoch left). */
const summary = (): RunSummary => {
  const confusion: number[][] = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 9 : 0)));
  confusion[3]![5] = 1;
  return {
    format: RUN_SUMMARY_FORMAT,
    options: resolveTrainOptions({ model: 'lenet5', epochs: 2, testLimit: 100 }),
    backend: 'wasm',
    epochs: [epochRecord(0), epochRecord(1)],
    test: {
      loss: 0.1,
      accuracy: 99,
      perClassAccuracy: [100, 100, 100, 90, 100, 100, 100, 100, 100, 100],
      meanClassAccuracy: 99,
      confusion,
      misclassified: [{ index: 17, label: 3, predicted: 5 }],
    },
    wallSeconds: 3.5,
    trainImagesPerSecond: Number.NaN,
    bestValAccuracy: 96,
    bestEpoch: 1,
    startEpoch: 2,
    counts: { train: 80, val: 20, test: 100 },
    bestModel: 'model',
  };
};

describe('run folder', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-run-'));
  });
  afterEach(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('writes metrics.jsonl, the event file and summary.json, and reads them back', async () => {
    const writer = createRunWriter(runDir);
    const records: MetricRecord[] = [step(0), step(1), epochRecord(0), step(2, 1), epochRecord(1)];
    for (const r of records) writer.logRecord(r);
    writer.writeScalar('lr', 0.001, 2);
    writer.writeSummary(summary());
    writer.close();

    const lines = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(records.length + 1);
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual(records);
    const run = await readRun(runDir);
    expect(run).toEqual({ summary: summary(), steps: [step(0), step(1), step(2, 1)], epochs: [epochRecord(0), epochRecord(1)] });

    const [events] = listEventFiles(runDir);
    expect(events).toBe(writer.eventFile);
    const scalars = readScalars(events).map(({ tag, step: s, value }) => [tag, s, value]);
    expect(scalars).toEqual([
      [SCALAR_TAGS.trainLoss, 0, Math.fround(2)],
      [SCALAR_TAGS.trainAccuracy, 0, 0],
      [SCALAR_TAGS.trainLoss, 1, Math.fround(1)],
      [SCALAR_TAGS.trainAccuracy, 1, 10],
      ['Loss/val', 0, Math.fround(0.25)],
      ['Accuracy/val', 0, 95],
      ['Loss/train', 2, Math.fround(2 / 3)],
      ['Accuracy/train', 2, 20],
      ['Loss/val', 1, Math.fround(0.125)],
      ['Accuracy/val', 1, 96],
      ['lr', 2, Math.fround(0.001)],
    ]);
  });

  it('on resume, restarts the logs from the checkpoint records (nothing logged twice)', () => {
    const first = createRunWriter(runDir);
    for (const r of [step(0), step(1), epochRecord(0), step(2, 1), step(3, 1)]) first.logRecord(r);
    first.flush(); // killed here, after the epoch-0 checkpoint
    const resumed = createRunWriter(runDir, { records: [step(0), step(1), epochRecord(0)] });
    resumed.logRecord(step(2, 1));
    resumed.close();
    first.close();
    expect(readMetrics(path.join(runDir, 'metrics.jsonl'))).toEqual([step(0), step(1), epochRecord(0), step(2, 1)]);
    expect(listEventFiles(runDir)).toEqual([resumed.eventFile]);
    expect(readScalars(resumed.eventFile).map((s) => `${s.tag}@${s.step}`)).toEqual([
      'Loss/train@0',
      'Accuracy/train@0',
      'Loss/train@1',
      'Accuracy/train@1',
      'Loss/val@0',
      'Accuracy/val@0',
      'Loss/train@2',
      'Accuracy/train@2',
    ]);
  });

  it('reads a diverged (NaN) loss back as NaN and skips blank lines', () => {
    const writer = createRunWriter(runDir);
    writer.logRecord({ ...step(0), loss: Number.NaN });
    writer.close();
    fs.appendFileSync(path.join(runDir, 'metrics.jsonl'), '\n\n');
    expect(readMetrics(path.join(runDir, 'metrics.jsonl'))).toEqual([{ ...step(0), loss: Number.NaN }]);
  });

  it.each([
    ['{"kind":"step","step":0', 2, 'not valid JSON'],
    ['[1,2]', 2, 'expected a JSON object, found [1,2]'],
    ['{"kind":"batch"}', 2, 'expected "kind" to be "step" or "epoch", found "batch"'],
    ['{"kind":"step","step":0,"epoch":0,"loss":"low","accuracy":1}', 2, 'step record: expected "loss" to be a number, found "low"'],
    ['{"kind":"epoch","epoch":0}', 2, 'epoch record: expected "trainLoss" to be a number, found undefined'],
  ])('names file:line for the malformed line %s', async (bad, line, message) => {
    const file = path.join(runDir, 'metrics.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(step(0))}\n${bad}\n${JSON.stringify(step(1))}\n`);
    fs.writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify(summary()));
    const error = await readRun(runDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFolderError);
    expect((error as Error).message).toContain(`${file}:${line}: ${message}`);
    expect((error as RunFolderError).line).toBe(line);
  });

  it('names the missing or malformed file', async () => {
    await expect(readRun(path.join(runDir, 'nope'))).rejects.toThrow(`${path.join(runDir, 'nope')}: not found; expected a run folder`);
    await expect(readRun(runDir)).rejects.toThrow(`${path.join(runDir, 'summary.json')}: not found`);
    fs.writeFileSync(path.join(runDir, 'summary.json'), '[]');
    await expect(readRun(runDir)).rejects.toThrow(`${path.join(runDir, 'summary.json')}: expected the file to be a JSON object`);
    fs.writeFileSync(path.join(runDir, 'summary.json'), '{}');
    await expect(readRun(runDir)).rejects.toThrow(`${path.join(runDir, 'summary.json')}: expected "format": "lenet-run/1", found undefined`);
    fs.writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify(summary()));
    await expect(readRun(runDir)).rejects.toThrow(`${path.join(runDir, 'metrics.jsonl')}: not found; expected the metrics log of a training run`);
  });

  /* eslint-disable @typescript-eslint/no-explicit-any -- the cases spoil parsed JSON in ways no type allows */
  it.each([
    [
      'options.normalization',
      (s: Record<string, any>) => (s.options.normalization = 'sepia'),
      '"options": normalization: expected one of seed, standard, paper, found \'sepia\'',
    ],
    [
      'a misclassified entry without its prediction',
      (s: Record<string, any>) => (s.test.misclassified = [17]),
      'expected test.misclassified[0] ({ index, label, predicted }) to be a JSON object, found 17',
    ],
    ['a confusion count', (s: Record<string, any>) => (s.test.confusion[0][0] = 'many'), 'expected test.confusion[0][0] to be an integer, found "many"'],
    ['the counts', (s: Record<string, any>) => delete s.counts, 'expected "counts" to be a JSON object, found undefined'],
    /* eslint-enable @typescript-eslint/no-explicit-any */
  ])('validates summary.json: names the file and the field (%s)', (_what, spoil, message) => {
    const file = path.join(runDir, 'summary.json');
    const bad = JSON.parse(JSON.stringify(summary()));
    spoil(bad);
    fs.writeFileSync(file, JSON.stringify(bad));
    expect(() => readSummary(file)).toThrow(new RunFolderError(file, message));
  });

  it('clears what a run wrote, and only that', () => {
    const writer = createRunWriter(runDir);
    writer.logRecord(step(0));
    writer.writeSummary(summary());
    writer.close();
    for (const d of ['checkpoint', 'checkpoint.old', 'checkpoint.tmp-12', 'model', 'model.tmp-3']) fs.mkdirSync(path.join(runDir, d));
    fs.writeFileSync(path.join(runDir, '.summary.json.tmp-5-1'), '');
    fs.writeFileSync(path.join(runDir, 'curves.svg'), '<svg/>');
    fs.writeFileSync(path.join(runDir, 'notes.md'), '');
    expect(clearRunFolder(runDir)).toHaveLength(9);
    expect(fs.readdirSync(runDir).sort()).toEqual(['curves.svg', 'notes.md']);
    expect(clearRunFolder(path.join(runDir, 'none'))).toEqual([]);
  });
});
