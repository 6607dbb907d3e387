/**
 * Short comparison of the RBF criteria for lenet5-1998 on MNIST (wasm): plain, and MAP with several j.
 * Adam 1e-3, batch 32, `steps` steps on the first 12,000 training images, accuracy on the first 2,000 test
 * images. Run from the repository root:
 *   npx nx run bench:model-map-j -- [steps=600] [seeds=1]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { batches, firstExamples, loadMnist, normalizeImages } from '@lenet/data';
import { type LossOptions, createLoss, createModel, predictClasses } from '@lenet/model';

const steps = Number(process.argv[2] ?? 600);
const seeds = Number(process.argv[3] ?? 1);

async function main(): Promise<void> {
  await selectBackend('wasm');
  const mnist = await loadMnist();
  const train = firstExamples(mnist.train, 12000);
  const test = firstExamples(mnist.test, 2000);
  const layout = { normalization: 'paper' as const, size: 32 as const };
  const testX = tf.tensor4d(normalizeImages(test.images, test.count, layout), [test.count, 32, 32, 1]);
  const criteria: [string, LossOptions][] = [
    ['plain', { criterion: 'plain' }],
    ['map j=0.1', { criterion: 'map', j: 0.1 }],
    ['map j=1', { criterion: 'map', j: 1 }],
    ['map j=10', { criterion: 'map', j: 10 }],
    ['map j=30', { criterion: 'map', j: 30 }],
  ];
  for (const [label, lossOptions] of criteria) {
    const accuracies: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const model = createModel('lenet5-1998', { seed });
      const loss = createLoss('rbf', lossOptions);
      const optimizer = tf.train.adam(1e-3);
      let step = 0;
      for (let epoch = 0; step < steps; epoch++) {
        for (const batch of batches(train, { ...layout, batchSize: 32, seed, epoch, dropLast: true })) {
          if (step++ >= steps) break;
          tf.tidy(() => {
            const x = tf.tensor4d(batch.images, [batch.size, 32, 32, 1]);
            const y = tf.tensor1d(batch.labels, 'int32');
            optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor2D));
          });
        }
      }
      const predicted = tf.tidy(() => predictClasses(model.predict(testX) as tf.Tensor2D, 'rbf').dataSync());
      accuracies.push(predicted.filter((p, i) => p === test.labels[i]).length / test.count);
      optimizer.dispose();
      model.dispose();
    }
    console.log(`${label.padEnd(10)} test accuracy ${accuracies.map((a) => (100 * a).toFixed(2) + '%').join(' ')}`);
  }
  testX.dispose();
}

void main();
