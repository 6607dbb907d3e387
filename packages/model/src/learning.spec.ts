import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { type ImageSet, type NormalizationPreset, batches, firstExamples, loadMnist, normalizeImages } from '@lenet/data';
import { createLoss, createModel, predictClasses, resolveModelOptions, type ModelName } from './index';

/**
 * Each model learns real MNIST: a few hundred Adam steps on a 2,048-image subset, on the wasm backend.
 * Asserts the loss falls clearly and held-out accuracy is far above chance (10%).
 */
const STEPS = 300;
const BATCH = 32;
const NORMALIZATION: Record<ModelName, NormalizationPreset> = { lenet5: 'seed', 'lenet5-1998': 'paper', lenet1: 'paper', lenet4: 'paper' };

let train: ImageSet;
let test: ImageSet;

beforeAll(async () => {
  await selectBackend('wasm');
  const mnist = await loadMnist();
  train = firstExamples(mnist.train, 2048);
  test = firstExamples(mnist.test, 500);
}, 60_000);

describe.each<ModelName>(['lenet5', 'lenet5-1998', 'lenet1', 'lenet4'])('%s learns MNIST', (name) => {
  it(`loss falls clearly within ${STEPS} steps of ${BATCH}`, () => {
    expect(tf.getBackend()).toBe('wasm');
    const options = resolveModelOptions(name, { seed: 1 });
    const layout = { normalization: NORMALIZATION[name], size: options.input };
    const model = createModel(name, options);
    const loss = createLoss(options.head);
    const optimizer = tf.train.adam(1e-3);
    const losses: number[] = [];
    for (let epoch = 0; losses.length < STEPS; epoch++) {
      for (const batch of batches(train, { ...layout, batchSize: BATCH, seed: 1, epoch, dropLast: true })) {
        if (losses.length >= STEPS) break;
        const value = tf.tidy(() => {
          const x = tf.tensor4d(batch.images, [batch.size, layout.size, layout.size, 1]);
          const y = tf.tensor1d(batch.labels, 'int32');
          return optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor2D), true)!.dataSync()[0];
        });
        losses.push(value);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 10));
    const last = mean(losses.slice(-20));
    const accuracy = tf.tidy(() => {
      const x = tf.tensor4d(normalizeImages(test.images, test.count, layout), [test.count, layout.size, layout.size, 1]);
      const predicted = predictClasses(model.predict(x) as tf.Tensor2D, options.head).dataSync();
      return predicted.filter((p, i) => p === test.labels[i]).length / test.count;
    });
    console.log(`${name}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}, held-out accuracy ${(100 * accuracy).toFixed(1)}%`);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(last).toBeLessThan(first * 0.5);
    expect(accuracy).toBeGreaterThan(0.7);
    optimizer.dispose();
    model.dispose();
  }, 90_000);
});
