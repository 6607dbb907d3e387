/*
 * One benchmark variant in its own process (so its peak RSS is its own): trains on real MNIST at batch 64 with
 * Adam 1e-3 and prints one JSON line. Variants: ours (wasm + @lenet/core kernels), stock-wasm (stock wasm plus
 * only our Conv2DBackpropFilter, which stock lacks), ours-unfused (our kernels, stock optimizer updates), cpu
 * (pure JS), lenet5-1998 (ours, @lenet/model's model).
 *
 * usage (after npx nx run bench:build): node packages/bench/dist/train/train-bench.js <variant> <steps> <warmup>
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
// The side-effect-free entry: the package's main one registers every kernel, leaving no stock variant to measure.
import { conv2DBackpropFilterConfig, registerWasmTrainingKernels, selectBackend } from '@lenet/core/base';
import { deriveSeed, loadMnist, normalizeImages, shuffledIndices } from '@lenet/data';
import { createLoss, createModel, resolveModelOptions } from '@lenet/model';
import { seedLenet5 } from './seed-lenet5';

const BATCH = Number(process.env.BENCH_BATCH ?? 64);
const SEED = 0;

interface Net {
  model: tf.LayersModel;
  size: 28 | 32;
  loss: (labels: tf.Tensor1D, outputs: tf.Tensor2D) => tf.Scalar;
}

function seedNet(): Net {
  return {
    model: seedLenet5(),
    size: 28,
    loss: (labels, logits) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits) as tf.Scalar,
  };
}

function paperNet(): Net {
  const options = resolveModelOptions('lenet5-1998');
  return { model: createModel('lenet5-1998'), size: options.input, loss: createLoss(options.head) };
}

async function main(): Promise<void> {
  const [variant, stepsArg, warmupArg] = process.argv.slice(2);
  const steps = Number(stepsArg);
  const warmup = Number(warmupArg);
  if (variant === 'stock-wasm') {
    tf.registerKernel(conv2DBackpropFilterConfig);
    await tf.setBackend('wasm');
  } else if (variant === 'ours-unfused') {
    // Our kernels but the stock optimizer code (what `ours` was before the fused updates).
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  } else {
    await selectBackend(variant === 'cpu' ? 'cpu' : 'wasm');
  }
  const net = variant === 'lenet5-1998' ? paperNet() : seedNet();
  const optimizer = tf.train.adam(1e-3);

  // The seed's normalisation (x/255-0.05)/0.5, 80% of the training set, reshuffled every epoch (seeded).
  const mnist = (await loadMnist()).train;
  const trainCount = Math.floor(mnist.count * 0.8);
  const size = net.size;
  const pixels = size * size;
  const normalized = normalizeImages(mnist.images.subarray(0, trainCount * mnist.rows * mnist.cols), trainCount, { normalization: 'seed', size });
  let order: Uint32Array = new Uint32Array(0);
  let epoch = 0;
  let cursor = trainCount;
  const xBuf = new Float32Array(BATCH * pixels);
  const yBuf = new Int32Array(BATCH);
  const nextBatch = () => {
    if (cursor + BATCH > trainCount) {
      order = shuffledIndices(trainCount, deriveSeed(SEED, epoch++));
      cursor = 0;
    }
    for (let b = 0; b < BATCH; b++) {
      const k = order[cursor + b];
      xBuf.set(normalized.subarray(k * pixels, (k + 1) * pixels), b * pixels);
      yBuf[b] = mnist.labels[k];
    }
    cursor += BATCH;
  };

  const step = () => {
    nextBatch();
    const loss = tf.tidy(() => {
      const x = tf.tensor4d(xBuf, [BATCH, size, size, 1]);
      const y = tf.tensor1d(yBuf, 'int32');
      return optimizer.minimize(() => net.loss(y, net.model.apply(x, { training: true }) as tf.Tensor2D), true) as tf.Scalar;
    });
    const value = loss.dataSync()[0]; // the seed reads loss.item() every step
    loss.dispose();
    return value;
  };

  for (let i = 0; i < warmup; i++) step();
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  let last = 0;
  for (let i = 0; i < steps; i++) last = step();
  const seconds = (performance.now() - t0) / 1000;
  const tensorsAfter = tf.memory().numTensors;
  console.log(
    JSON.stringify({
      variant,
      backend: tf.getBackend(),
      imagesPerSecond: (steps * BATCH) / seconds,
      steps,
      seconds,
      lastLoss: last,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      tensorsBefore,
      tensorsAfter,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
