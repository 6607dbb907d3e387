import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { backgroundValue, firstExamples, loadMnist, normalizationTable, normalizeImages, readIdxFile, subset, type ImageSet } from '@lenet/data';
import { paperCopyTransform, transformBatch } from '../loop/distort';
import { evaluate } from '../loop/evaluate';
import { loadModel } from '../run-folder/load-model';
import { BOOST_FILE, disagreements, secondSet, trainBoosted } from './boost';
import { paperPoolSize, poolLabels, renderPaperPatterns } from './paper-patterns';

let train: ImageSet;
beforeAll(async () => {
  await selectBackend('wasm');
  train = firstExamples((await loadMnist()).train, 50);
});

describe('the selections', () => {
  const labels = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]);

  it("net 2's: every pattern net 1 got wrong, as many it got right drawn by the seed", () => {
    const predicted = Uint8Array.from([0, 9, 2, 3, 9, 5, 6, 7]); // wrong: 1, 4
    const set = secondSet(predicted, labels, 3);
    expect(set.length).toBe(4);
    expect([...set].filter((id) => predicted[id] !== labels[id])).toEqual([1, 4]);
    expect([...set]).toEqual([...set].sort((a, b) => a - b));
    expect(secondSet(predicted, labels, 3)).toEqual(set);
    const draws = new Set([1, 2, 3, 4, 5, 6].map((seed) => secondSet(predicted, labels, seed).join()));
    expect(draws.size).toBeGreaterThan(1);
    // More wrong than right: as many wrong as right.
    expect(secondSet(Uint8Array.from([9, 9, 9, 9, 9, 9, 6, 7]), labels, 1).length).toBe(4);
  });

  it("net 3's: the patterns outside net 2's set on which nets 1 and 2 differ", () => {
    const first = Uint8Array.from([0, 9, 2, 3, 9, 5, 6, 7]);
    const second = Uint8Array.from([0, 1, 8, 3, 9, 5, 1, 7]);
    expect([...disagreements(first, second, Uint32Array.from([1]))]).toEqual([2, 6]);
  });
});

describe('renderPaperPatterns', () => {
  it("copy 0 is the original; a copy is the training loop's distortion of it, up to rounding to bytes", () => {
    const n = train.count;
    expect(paperPoolSize(train)).toBe(10 * n);
    const ids = Uint32Array.from([3, 3 + 4 * n, 7 + 9 * n]);
    const rendered = renderPaperPatterns(train, ids, 11);
    expect(Array.from(rendered.labels)).toEqual([train.labels[3], train.labels[3], train.labels[7]]);
    expect(rendered.images.subarray(0, 784)).toEqual(train.images.subarray(3 * 784, 4 * 784));
    expect(poolLabels(train)[3 + 4 * n]).toBe(train.labels[3]);

    // What a lenet4 run with seed 11 trains on: the normalised image padded to 32, distorted there.
    const layout = { normalization: 'paper' as const, size: 32 as const };
    const before = tf.memory().numTensors;
    const [ours, loops] = tf.tidy(() => {
      const originals = subset(train, [3, 7]);
      const x = tf.tensor4d(normalizeImages(originals.images, 2, layout), [2, 32, 32, 1]);
      const rows = new Float32Array([...paperCopyTransform(11, 3, 4, 32), ...paperCopyTransform(11, 7, 9, 32)]);
      const loop = transformBatch(x, rows, backgroundValue('paper'));
      const mine = tf.tensor4d(normalizeImages(rendered.images.slice(784), 2, layout), [2, 32, 32, 1]);
      return [mine.dataSync(), loop.dataSync()];
    });
    expect(tf.memory().numTensors).toBe(before);
    const table = normalizationTable('paper');
    const step = table[1]! - table[0]!; // one byte, normalised
    let differs = 0;
    for (let i = 0; i < ours.length; i++) {
      expect(Math.abs(ours[i]! - loops[i]!)).toBeLessThanOrEqual(0.51 * step + 1e-5);
      if (Math.abs(ours[i]! - loops[i]!) > 1e-6) differs++;
    }
    // The copies are distorted (the loop's image is not the original): rounding is what differs.
    expect(differs).toBeGreaterThan(0);
  });
});

describe('trainBoosted', () => {
  // The paper's Boosted LeNet-4 (the defaults), shortened.
  const base = {
    epochs: 1,
    trainLimit: 1000,
    testLimit: 300,
    seed: 2,
    threads: 1,
  };

  it('trains three nets on the patterns the earlier ones select, and scores their committee', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-boost-'));
    try {
      const stages: string[] = [];
      const before = tf.memory().numTensors;
      const r = await trainBoosted({ train: base, out, onStage: (s) => stages.push(`${s.kind} ${s.net}`) });
      expect(tf.memory().numTensors).toBe(before);
      expect(stages).toEqual(['train 1', 'select 2', 'train 2', 'select 3', 'train 3']);
      const { pool, firstWrong, secondSet: second, disagreements: third } = r.selection;
      console.log(
        `boosted lenet4 on 1,000 images, 1 pass: ${firstWrong} of ${pool} patterns wrong; net test accuracies ${r.nets.map((n) => n.testAccuracy)}, committee ${r.test.accuracy}`,
      );
      expect(pool).toBe(10000);
      expect(firstWrong).toBeGreaterThan(0);
      expect(second).toBe(2 * Math.min(firstWrong, pool - firstWrong));
      expect(r.nets.map((n) => n.patterns)).toEqual([1000, second, third]);
      // Nets 2 and 3 read exactly their selections from their folders.
      expect((await readIdxFile(path.join(out, 'net-2-data', 'train-labels-idx1-ubyte'))).shape).toEqual([second]);
      expect((await readIdxFile(path.join(out, 'net-3-data', 't10k-images-idx3-ubyte'))).shape).toEqual([300, 28, 28]);
      // The committee of the three saved models scores what the booster reported.
      const models = await Promise.all([1, 2, 3].map((k) => loadModel(path.join(out, `net-${k}`, 'model'))));
      const test = firstExamples((await loadMnist()).test, 300);
      const again = await evaluate(models, test, { head: 'softmax', layout: { normalization: 'paper', size: 32 } });
      expect(again.accuracy).toBe(r.test.accuracy);
      for (const m of models) m.dispose();
      expect(JSON.parse(fs.readFileSync(path.join(out, BOOST_FILE), 'utf8')).test.accuracy).toBe(r.test.accuracy);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);

  it("refuses a set other than the paper's, and its protocol's absence, before writing anything", async () => {
    const out = path.join(os.tmpdir(), `lenet-boost-refused-${process.pid}`);
    await expect(trainBoosted({ train: { ...base, distort: true }, out })).rejects.toThrow(/distort: .*expected 'paper', found true/);
    await expect(trainBoosted({ train: { ...base, valFraction: 0.2 }, out })).rejects.toThrow(/valFraction: .*expected 0, found 0.2/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
