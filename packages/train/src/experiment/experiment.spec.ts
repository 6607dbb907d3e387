/**
 * runExperiment on real worker threads (the built worker, dist/experiment/experiment-worker.js: the test target
 * depends on train:build), tiny real MNIST runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExperiment, threadsPerRun } from './experiment';
import { summarize } from './stats';
import { train } from '../loop/train';
import type { TrainOptions } from '../loop/train-options';

const TINY: TrainOptions = { model: 'lenet5', backend: 'wasm', epochs: 1, trainLimit: 256, testLimit: 200, seed: 5 };

describe('threadsPerRun', () => {
  it("gives each run its wave's share of the cores, and a last partial wave all of them", () => {
    expect(threadsPerRun(5, 2, 2)).toEqual([1, 1, 1, 1, 2]);
    expect(threadsPerRun(4, 2, 2)).toEqual([1, 1, 1, 1]);
    expect(threadsPerRun(1, 1, 2)).toEqual([2]);
    expect(threadsPerRun(7, 3, 8)).toEqual([2, 2, 2, 2, 2, 2, 8]);
    expect(threadsPerRun(3, 4, 2)).toEqual([1, 1, 1]); // more runs at once than cores: one thread each
  });
});

describe('runExperiment', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-experiment-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs 2 seeds on 2 worker threads and summarises them; each run equals train() with its seed', async () => {
    const runDir = path.join(tmp, 'exp');
    const epochs: Array<[number, number]> = [];
    const result = await runExperiment({ ...TINY, runs: 2, workers: 2, runDir, onRunEpoch: (i, r) => epochs.push([i, r.epoch]) });
    expect(result.runs).toHaveLength(2);
    expect(result.seeds).toEqual([5, 6]);
    expect(result.workers).toBe(2);
    expect(epochs.sort()).toEqual([
      [0, 0],
      [1, 0],
    ]);
    const accuracies = result.runs.map((r) => r.test.accuracy);
    expect(result.testAccuracy).toEqual(summarize(accuracies));
    expect(result.testAccuracy.mean).toBeCloseTo((accuracies[0]! + accuracies[1]!) / 2, 10);
    expect(result.perClassAccuracy).toHaveLength(10);
    result.perClassAccuracy.forEach((v, c) =>
      expect(v).toBeCloseTo((result.runs[0]!.test.perClassAccuracy[c]! + result.runs[1]!.test.perClassAccuracy[c]!) / 2, 10),
    );
    for (const run of result.runs) {
      expect(run.backend).toBe('wasm');
      expect(run.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
      expect(fs.existsSync(path.join(runDir, `seed-${run.seed}`, 'summary.json'))).toBe(true);
    }
    // A worker's run is the same computation as one on the main thread (2 runs on 2 workers: 1 thread each,
    // cores permitting; other thread counts agree only to float rounding).
    const direct = await train({ ...TINY, seed: 6, threads: Math.max(1, Math.floor(os.availableParallelism() / 2)) });
    expect(result.runs[1]!.test).toEqual(direct.test);
    expect(result.runs[1]!.epochs.map((e) => e.trainLoss)).toEqual(direct.epochs.map((e) => e.trainLoss));

    const saved = JSON.parse(fs.readFileSync(path.join(runDir, 'experiment.json'), 'utf8'));
    expect(saved.testAccuracy.mean).toBeCloseTo(result.testAccuracy.mean, 10);
  }, 180_000);

  it('refuses a bad number of runs or workers', async () => {
    await expect(runExperiment({ ...TINY, runs: 0 })).rejects.toThrow(/runs: expected an integer >= 1, found 0/);
    await expect(runExperiment({ ...TINY, runs: 2, workers: 0 })).rejects.toThrow(/workers: expected an integer >= 1, found 0/);
  });

  it('reports a failing run with its seed', async () => {
    await expect(runExperiment({ ...TINY, runs: 1, dataDir: path.join(tmp, 'no-such-folder') })).rejects.toThrow(/experiment run 0 \(seed 5\)/);
  }, 60_000);
});
