/**
 * Real training runs on real MNIST subsets on the wasm backend: it learns, it is deterministic, it keeps
 * its tensor count, it writes the run folder and resumes to the same numbers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkpointDir } from '../run-folder/checkpoint';
import { loadModel } from '../run-folder/load-model';
import { type MetricRecord, readMetrics, readRun, SCALAR_TAGS } from '../run-folder/run-folder';
import { listEventFiles } from '../run-folder/tfevents';
import { readScalars } from '../run-folder/tfevents-reader';
import { loadSets, train } from './train';
import { DEFAULT_TRAIN_OPTIONS, resolveTrainOptions, type TrainOptions } from './train-options';
import { TrainOptionError } from './train-option-error';

const TINY: TrainOptions = { model: 'lenet5', backend: 'wasm', epochs: 2, trainLimit: 640, testLimit: 200, seed: 11 };

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-train-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('train', () => {
  it('learns: lenet5, 3,000 training images, 3 epochs -> over 85% on 1,000 test images; tensors constant per epoch', async () => {
    const tensors: number[] = [];
    const steps: number[] = [];
    const result = await train({
      model: 'lenet5',
      backend: 'wasm',
      epochs: 3,
      trainLimit: 3000,
      testLimit: 1000,
      onEpoch: () => tensors.push(tf.memory().numTensors),
      onStep: (r) => steps.push(r.step),
    });
    const e = result.epochs;
    console.log(
      `lenet5, 3,000 images x 3 epochs on ${result.backend}: test ${result.test.accuracy.toFixed(1)}%, ` +
        `${result.trainImagesPerSecond.toFixed(0)} img/s, epochs ${e.map((r) => `${r.seconds.toFixed(2)} s`).join(' / ')}, ` +
        `val ${e.map((r) => r.valAccuracy.toFixed(1)).join(' / ')}, wall ${result.wallSeconds.toFixed(1)} s`,
    );
    expect(result.backend).toBe('wasm');
    expect(result.counts).toEqual({ train: 3000, val: 750, test: 1000 });
    expect(result.test.accuracy).toBeGreaterThan(85);
    expect(e.map((r) => r.epoch)).toEqual([0, 1, 2]);
    expect(e[2]!.valAccuracy).toBeGreaterThan(e[0]!.valAccuracy);
    expect(e[2]!.trainLoss).toBeLessThan(e[0]!.trainLoss);
    // ceil(3000 / 64) = 47 steps per epoch, numbered globally.
    expect(result.steps).toHaveLength(141);
    expect(steps).toEqual(Array.from({ length: 141 }, (_, i) => i));
    expect(result.steps.every((s) => s.accuracy >= 0 && s.accuracy <= 100 && Number.isFinite(s.loss))).toBe(true);
    expect(result.trainImagesPerSecond).toBeGreaterThan(0);
    expect(tensors).toHaveLength(3);
    expect(new Set(tensors).size).toBe(1);
    expect(result.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    expect(result.model).toBeUndefined();
  }, 120_000);

  it('is deterministic: the same seed gives the identical losses, another seed others', async () => {
    const losses = async (o: Partial<TrainOptions>) => (await train({ ...TINY, ...o })).steps.map((s) => s.loss);
    const a = await losses({});
    const b = await losses({});
    expect(b).toEqual(a);
    expect(await losses({ seed: 12 })).not.toEqual(a);
    const d1 = await losses({ distort: true });
    const d2 = await losses({ distort: true });
    expect(d2).toEqual(d1);
    expect(d1).not.toEqual(a);
  }, 120_000);

  it('writes the run folder and resumes to exactly the numbers of an uninterrupted run', async () => {
    const whole = path.join(tmp, 'whole');
    const split = path.join(tmp, 'split');
    const full = await train({ ...TINY, epochs: 3, runDir: whole, optimizer: 'sgd', schedule: 'step', learningRate: 0.05 });
    const first = await train({ ...TINY, epochs: 2, runDir: split, optimizer: 'sgd', schedule: 'step', learningRate: 0.05 });
    expect(first.epochs).toHaveLength(2);
    const resumed = await train({ ...TINY, epochs: 3, runDir: split, optimizer: 'sgd', schedule: 'step', learningRate: 0.05, resume: true });
    expect(resumed.startEpoch).toBe(2);
    expect(resumed.steps.map((s) => s.loss)).toEqual(full.steps.map((s) => s.loss));
    expect(resumed.test).toEqual(full.test);
    const untimed = (rs: MetricRecord[]) => rs.map((r) => (r.kind === 'epoch' ? { ...r, seconds: 0, imagesPerSecond: 0 } : r));
    expect(untimed(readMetrics(path.join(split, 'metrics.jsonl')))).toEqual(untimed(readMetrics(path.join(whole, 'metrics.jsonl'))));

    const run = await readRun(split);
    expect(run.epochs).toHaveLength(3);
    expect(run.steps).toHaveLength(30);
    expect((run.summary['test'] as { accuracy: number }).accuracy).toBe(resumed.test.accuracy);
    expect(run.summary['options']).toMatchObject({ model: 'lenet5', epochs: 3, seed: 11 });
    const events = listEventFiles(split);
    expect(events).toHaveLength(1);
    const scalars = readScalars(events[0]!);
    const byTag = (tag: string) => scalars.filter((s) => s.tag === tag);
    expect(byTag(SCALAR_TAGS.trainLoss).map((s) => s.value)).toEqual(resumed.steps.map((s) => Math.fround(s.loss)));
    expect(byTag(SCALAR_TAGS.trainAccuracy)).toHaveLength(30);
    expect(byTag(SCALAR_TAGS.valLoss).map((s) => s.step)).toEqual([0, 1, 2]);
    expect(byTag(SCALAR_TAGS.valAccuracy).map((s) => s.value)).toEqual(resumed.epochs.map((e) => Math.fround(e.valAccuracy)));
    expect(fs.existsSync(path.join(checkpointDir(split), 'model.json'))).toBe(true);
    // The best-on-validation model is a stock LayersModel.
    const best = await loadModel(path.join(split, 'model'));
    expect(best.outputs[0]!.shape).toEqual([null, 10]);
    best.dispose();

    // Options that change the run refuse to resume; a fresh run clears the folder.
    await expect(train({ ...TINY, epochs: 3, runDir: split, learningRate: 0.01, resume: true })).rejects.toThrow(TrainOptionError);
    const fresh = await train({ ...TINY, epochs: 1, runDir: split });
    expect(fresh.startEpoch).toBe(0);
    expect((await readRun(split)).epochs).toHaveLength(1);
  }, 180_000);

  it("trains lenet5-1998 with SDLM as published (bbprop h refreshed) under the paper's protocol: test error per pass, below 30% after 2 short passes", async () => {
    const tensors: number[] = [];
    const dir = path.join(tmp, 'sdlm');
    const result = await train({
      model: 'lenet5-1998',
      backend: 'wasm',
      optimizer: 'sdlm',
      schedule: 'paper',
      valFraction: 0,
      epochs: 2,
      trainLimit: 1000,
      testLimit: 300,
      curvatureSamples: 100,
      curvatureEvery: 500,
      seed: 2,
      runDir: dir,
      onEpoch: () => tensors.push(tf.memory().numTensors),
    });
    const e = result.epochs;
    console.log(`lenet5-1998 + SDLM, 1,000 images: test error per pass ${e.map((r) => (100 - r.testAccuracy!).toFixed(1)).join(', ')}%`);
    expect(result.options).toMatchObject({ learningRate: 5e-4, mu: 1, batchSize: 8, normalization: 'paper' });
    expect(result.counts).toEqual({ train: 1000, val: 0, test: 300 });
    expect(e.every((r) => Number.isNaN(r.valAccuracy) && r.testAccuracy !== undefined)).toBe(true);
    expect(100 - e[1]!.testAccuracy!).toBeLessThan(30); // 20.3% measured (batch 8; 14.3% at 16)
    expect(e[1]!.testAccuracy).toBe(result.test.accuracy); // the final model is the one tested
    expect(result.bestEpoch).toBe(1);
    expect(new Set(tensors).size).toBe(1);
    // The run folder keeps the test figures per pass: metrics.jsonl and the TensorBoard tags.
    expect((await readRun(dir)).epochs.map((r) => r.testAccuracy)).toEqual(e.map((r) => r.testAccuracy));
    const tags = new Set(readScalars(listEventFiles(dir)[0]!).map((s) => s.tag));
    expect(tags.has(SCALAR_TAGS.testAccuracy) && !tags.has(SCALAR_TAGS.valAccuracy)).toBe(true);
  }, 180_000);

  it('valFraction 0 trains on all 60,000 training images, with no validation part', async () => {
    const sets = await loadSets(resolveTrainOptions({ model: 'lenet5-1998', valFraction: 0 }));
    expect([sets.train.count, sets.val.count, sets.test.count]).toEqual([60000, 0, 10000]);
    const seed = await loadSets(resolveTrainOptions({ model: 'lenet5-1998' }));
    expect([seed.train.count, seed.val.count]).toEqual([48000, 12000]);
  }, 60_000);
});

describe('resolveTrainOptions', () => {
  it("fills in the seed's protocol and the per-model defaults", () => {
    const o = resolveTrainOptions({ model: 'lenet5' });
    expect(o).toMatchObject({ epochs: 10, batchSize: 64, optimizer: 'adam', learningRate: 1e-3, schedule: 'constant', seed: 0, valFraction: 0.2 });
    expect(o.normalization).toBe('seed');
    expect(o.modelOptions).toMatchObject({ head: 'softmax', input: 28, seed: 0 });
    const p = resolveTrainOptions({ model: 'lenet5-1998', schedule: 'paper', seed: 4 });
    expect(p.normalization).toBe('paper');
    expect(p.learningRate).toBe(DEFAULT_TRAIN_OPTIONS.paperLearningRate);
    expect(p.modelOptions).toMatchObject({ head: 'rbf', input: 32, seed: 4 });
  });

  it("takes SDLM's mu from the model unless given", () => {
    const mu = (options: Partial<TrainOptions>) => resolveTrainOptions({ model: 'lenet5-1998', optimizer: 'sdlm', ...options }).mu;
    expect(mu({})).toBe(1);
    expect(mu({ model: 'lenet4' })).toBe(0.1);
    expect(mu({ model: 'lenet1' })).toBe(0.1);
    expect(mu({ model: 'lenet5' })).toBe(0.02);
    expect(mu({ mu: 0.3 })).toBe(0.3);
  });

  it("takes SDLM's batch size from the model unless given, and other optimizers' from the seed", () => {
    const batch = (options: Partial<TrainOptions>) => resolveTrainOptions({ model: 'lenet5-1998', optimizer: 'sdlm', ...options }).batchSize;
    expect(batch({})).toBe(8);
    expect(batch({ model: 'lenet4' })).toBe(16);
    expect(batch({ model: 'lenet1' })).toBe(16);
    expect(batch({ batchSize: 32 })).toBe(32);
    expect(batch({ optimizer: 'adam' })).toBe(64);
  });

  it('refuses bad options, naming the option, the expected and the found value', () => {
    expect(() => resolveTrainOptions({ model: 'lenet6' as never })).toThrow(/model: expected one of lenet5, lenet5-1998, lenet1, lenet4, found 'lenet6'/);
    expect(() => resolveTrainOptions({ model: 'lenet5', batchSize: 0 })).toThrow(/batchSize: expected an integer from 1 to 60000, found 0/);
    expect(() => resolveTrainOptions({ model: 'lenet5', valFraction: 1 })).toThrow(/valFraction: expected a number at least 0 and less than 1, found 1/);
    expect(() => resolveTrainOptions({ model: 'lenet5', optimizer: 'sdlm', curvatureEvery: 0 })).toThrow(
      /curvatureEvery: expected an integer from 1 to 100000000, found 0/,
    );
    expect(() => resolveTrainOptions({ model: 'lenet5', schedule: 'cosine' as never })).toThrow(TrainOptionError);
    expect(() => resolveTrainOptions({ model: 'lenet5', backend: 'gpu' as never })).toThrow(/backend: expected one of/);
  });
});
