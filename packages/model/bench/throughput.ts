/**
 * Forward and training-step throughput of lenet5-1998 vs lenet5 on a TF.js backend (default wasm), and of
 * the implementation alternatives measured for the custom layers. Run from the repository root:
 *   TS_NODE_TRANSPILE_ONLY=1 TS_NODE_SWC=1 node --conditions development -r ts-node/register \
 *     packages/model/bench/throughput.ts [backend=wasm] [seconds per case=3] [models|variants]
 * A benchmark, not a test: the numbers depend on the machine and its load (compare within one run).
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendName, selectBackend } from '@lenet/core';
import { type ModelName, TableConv2D, Subsampling, applyActivationForBench, createLoss, createModel, resolveModelOptions } from './bench-imports';

const backend = (process.argv[2] ?? 'wasm') as BackendName;
const seconds = Number(process.argv[3] ?? 3);
const only = process.argv[4];
const BATCH = 64;

/** Images per second of `fn` (one batch per call), after a warm-up. */
function imagesPerSecond(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  const start = performance.now();
  let runs = 0;
  while (performance.now() - start < seconds * 1000) {
    fn();
    runs++;
  }
  return (runs * BATCH) / ((performance.now() - start) / 1000);
}

function measure(name: ModelName, label: string): void {
  const options = resolveModelOptions(name);
  const model = createModel(name, options);
  const x = tf.randomUniform([BATCH, options.input, options.input, 1], -0.1, 1.175, 'float32', 1);
  const labels = tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 10), 'int32');
  const loss = createLoss(options.head);
  const optimizer = tf.train.adam(1e-3);
  const forward = imagesPerSecond(() => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()));
  const train = imagesPerSecond(() => {
    const cost = optimizer.minimize(() => loss(labels, model.apply(x, { training: true }) as tf.Tensor2D), true)!;
    cost.dataSync();
    cost.dispose();
  });
  console.log(`${label.padEnd(46)} forward ${forward.toFixed(0).padStart(6)} img/s   train step ${train.toFixed(0).padStart(6)} img/s`);
  tf.dispose([x, labels]);
  optimizer.dispose();
  model.dispose();
}

/** Runs `fn` with `method` of `proto` replaced, restoring it afterwards. */
function withPatch<T extends object, K extends keyof T>(proto: T, method: K, replacement: T[K], fn: () => void): void {
  const original = proto[method];
  proto[method] = replacement;
  try {
    fn();
  } finally {
    proto[method] = original;
  }
}

/** C3 alternative: one conv2d per output map over the concatenation of the maps it reads. */
function slicedTableConv(this: TableConv2D, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [kernel, bias] = this.trainableWeights.map((w) => w.read());
    const k = this.kernelSize;
    const maps = tf.split(x, x.shape[3], 3);
    let c = 0;
    const outputs = this.table.map((row) => {
      const input = row.length === 1 ? maps[row[0]] : tf.concat(row.map((i) => maps[i]), 3);
      const w = tf.reshape(tf.slice(kernel, [0, 0, c], [k, k, row.length]), [k, k, row.length, 1]) as tf.Tensor4D;
      c += row.length;
      return tf.conv2d(input, w, 1, 'valid');
    });
    return applyActivationForBench(this.activation, tf.add(tf.concat(outputs, 3), bias));
  });
}

/** Subsampling alternatives: the 2x2 sums by a depthwise conv carrying the coefficient, or by reshape + sum. */
function subsamplingVariant(kind: 'depthwise' | 'reshape') {
  return function (this: Subsampling, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [coefficient, bias] = this.trainableWeights.map((w) => w.read());
      const [b, h, w, c] = x.shape;
      const affine =
        kind === 'depthwise'
          ? tf.add(tf.depthwiseConv2d(x, tf.reshape(tf.tile(coefficient, [4]), [2, 2, c, 1]) as tf.Tensor4D, 2, 'valid'), bias)
          : tf.add(tf.mul(tf.sum(tf.reshape(x, [b, h / 2, 2, w / 2, 2, c]), [2, 4]), coefficient), bias);
      return applyActivationForBench(this.activation, affine);
    });
  };
}

async function main(): Promise<void> {
  const used = await selectBackend(backend);
  console.log(`backend ${used}, batch ${BATCH}, ${seconds} s per case`);
  if (!only || only === 'models') {
    measure('lenet5', 'lenet5');
    measure('lenet5-1998', 'lenet5-1998');
  }
  if (!only || only === 'variants') {
    measure('lenet5-1998', 'lenet5-1998 C3 masked kernel (kept)');
    withPatch(TableConv2D.prototype, 'call', slicedTableConv, () => measure('lenet5-1998', 'lenet5-1998 C3 one conv per map'));
    measure('lenet5-1998', 'lenet5-1998 subsampling avgPool (kept)');
    for (const kind of ['depthwise', 'reshape'] as const) {
      try {
        withPatch(Subsampling.prototype, 'call', subsamplingVariant(kind), () => measure('lenet5-1998', `lenet5-1998 subsampling ${kind}`));
      } catch (e) {
        console.log(`lenet5-1998 subsampling ${kind}: ${(e as Error).message}`);
      }
    }
  }
}

void main();
