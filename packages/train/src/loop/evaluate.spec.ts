import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { firstExamples, loadMnist, normalizeImages, type ImageSet } from '@lenet/data';
import { createLoss, createModel, predictClasses } from '@lenet/model';
import { evaluate, evaluationFromCounts } from './evaluate';

describe('evaluationFromCounts', () => {
  it('derives accuracy, per-class accuracy and their mean from a confusion matrix', () => {
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    confusion[0]![0] = 3;
    confusion[0]![1] = 1; // class 0: 3 / 4
    confusion[1]![1] = 2; // class 1: 2 / 2
    confusion[2]![0] = 2; // class 2: 0 / 2
    const e = evaluationFromCounts(confusion, 4, [{ index: 5, label: 0, predicted: 1 }]);
    expect(e.accuracy).toBeCloseTo(62.5, 10);
    expect(e.loss).toBeCloseTo(0.5, 10);
    expect(e.perClassAccuracy.slice(0, 3)).toEqual([75, 100, 0]);
    expect(e.perClassAccuracy.slice(3).every(Number.isNaN)).toBe(true);
    expect(e.meanClassAccuracy).toBeCloseTo(175 / 3, 10);
    expect(e.misclassified).toEqual([{ index: 5, label: 0, predicted: 1 }]);
  });
});

describe('evaluate', () => {
  let test: ImageSet;
  beforeAll(async () => {
    await selectBackend('wasm');
    test = firstExamples((await loadMnist()).test, 700);
  });

  it.each(['lenet5', 'lenet5-1998'] as const)(
    '%s: confusion, per-class accuracy, errors and loss agree with a direct computation',
    async (name) => {
      const model = createModel(name, { seed: 5 });
      const head = name === 'lenet5' ? 'softmax' : 'rbf';
      const layout = { normalization: name === 'lenet5' ? ('seed' as const) : ('paper' as const), size: name === 'lenet5' ? (28 as const) : (32 as const) };
      const before = tf.memory().numTensors;
      // batchSize 256 splits the 700 images unevenly (256, 256, 188).
      const e = await evaluate(model, test, { head, layout, batchSize: 256 });
      expect(tf.memory().numTensors).toBe(before);

      const { predicted, loss } = tf.tidy(() => {
        const x = tf.tensor4d(normalizeImages(test.images, test.count, layout), [test.count, layout.size, layout.size, 1]);
        const out = model.predict(x) as tf.Tensor2D;
        return {
          predicted: Array.from(predictClasses(out, head).dataSync()),
          loss: createLoss(head)(tf.tensor1d(Int32Array.from(test.labels), 'int32'), out).dataSync()[0]!,
        };
      });
      const wrong = predicted.flatMap((p, i) => (p === test.labels[i] ? [] : [{ index: i, label: test.labels[i], predicted: p }]));
      expect(e.misclassified).toEqual(wrong);
      expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(test.count);
      e.confusion.forEach((row, c) => {
        const n = Array.from(test.labels).filter((l) => l === c).length;
        expect(row.reduce((a, b) => a + b, 0)).toBe(n);
        expect(e.perClassAccuracy[c]).toBeCloseTo((100 * row[c]!) / n, 10);
      });
      expect(e.accuracy).toBeCloseTo((100 * (test.count - wrong.length)) / test.count, 10);
      expect(e.meanClassAccuracy).toBeCloseTo(e.perClassAccuracy.reduce((a, b) => a + b, 0) / 10, 10);
      expect(e.loss).toBeCloseTo(loss, 3);
      model.dispose();
    },
    60_000,
  );

  it("a committee classifies by the sum of its models' outputs, and refuses an empty one", async () => {
    const layout = { normalization: 'seed' as const, size: 28 as const };
    const models = [1, 2, 3].map((seed) => createModel('lenet5', { seed }));
    const before = tf.memory().numTensors;
    const e = await evaluate(models, test, { head: 'softmax', layout, batchSize: 256 });
    expect(tf.memory().numTensors).toBe(before);
    const summed = tf.tidy(() => {
      const x = tf.tensor4d(normalizeImages(test.images, test.count, layout), [test.count, 28, 28, 1]);
      return Array.from(predictClasses(tf.addN(models.map((m) => m.predict(x) as tf.Tensor2D)) as tf.Tensor2D, 'softmax').dataSync());
    });
    expect(e.misclassified).toEqual(summed.flatMap((p, i) => (p === test.labels[i] ? [] : [{ index: i, label: test.labels[i], predicted: p }])));
    // Untrained nets disagree: the committee is none of its members.
    const alone = await Promise.all(models.map(async (m) => (await evaluate(m, test, { head: 'softmax', layout })).misclassified));
    for (const one of alone) expect(one).not.toEqual(e.misclassified);
    await expect(evaluate([], test, { head: 'softmax', layout })).rejects.toThrow(/expected a model or a non-empty list of models/);
    for (const m of models) m.dispose();
  }, 60_000);
});
