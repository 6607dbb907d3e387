/**
 * Forward and training-step throughput of lenet5-1998 vs lenet5 on a TF.js backend (default wasm), and of
 * the implementation alternatives measured for the custom layers. Run from the repository root:
 *   npx nx run bench:model-throughput -- [backend=wasm] [rounds=5] [models|variants]
 * A benchmark, not a test: the numbers depend on the machine and its load (compare within one run).
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendName, selectBackend } from '@lenet/core';
import { MODEL_NAMES, type ModelName, TableConv2D, TrainableSubsampling, applyActivation, createLoss, createModel, resolveModelOptions } from '@lenet/model';

const backend = (process.argv[2] ?? 'wasm') as BackendName;
const rounds = Number(process.argv[3] ?? 5);
const only = process.argv[4];
const BATCH = 64;
const WINDOW_MS = 700;

/** Images per second of `fn` (one batch per call) over one short window. */
function imagesPerSecond(fn: () => void): number {
  const start = performance.now();
  let runs = 0;
  while (performance.now() - start < WINDOW_MS) {
    fn();
    runs++;
  }
  return (runs * BATCH) / ((performance.now() - start) / 1000);
}

interface Case {
  label: string;
  name: ModelName;
  /** Swaps in an alternative implementation while the case runs. */
  patch?: (fn: () => void) => void;
}

/**
 * Measures every case in `rounds` interleaved rounds and keeps each case's best window: on a shared, loaded
 * machine the best window is the least disturbed one, and interleaving spreads load changes over all cases.
 */
function run(cases: Case[]): void {
  const states = cases.map((c) => {
    const options = resolveModelOptions(c.name);
    const model = createModel(c.name, options);
    const x = tf.randomUniform([BATCH, options.input, options.input, 1], -0.1, 1.175, 'float32', 1);
    const labels = tf.tensor1d(
      Array.from({ length: BATCH }, (_, i) => i % 10),
      'int32',
    );
    const loss = createLoss(options.head);
    const optimizer = tf.train.adam(1e-3);
    const forward = () => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    const step = () => {
      const cost = optimizer.minimize(() => loss(labels, model.apply(x, { training: true }) as tf.Tensor2D), true)!;
      cost.dataSync();
      cost.dispose();
    };
    return { c, model, x, labels, optimizer, forward, step, best: { forward: 0, train: 0 }, error: '' };
  });
  for (let round = 0; round <= rounds; round++) {
    for (const s of states) {
      if (s.error) continue;
      const apply = s.c.patch ?? ((fn: () => void) => fn());
      try {
        apply(() => {
          if (round === 0) {
            s.forward(); // warm-up round: kernel set-up, first allocations
            s.step();
            return;
          }
          s.best.forward = Math.max(s.best.forward, imagesPerSecond(s.forward));
          s.best.train = Math.max(s.best.train, imagesPerSecond(s.step));
        });
      } catch (e) {
        s.error = (e as Error).message;
      }
    }
  }
  for (const s of states) {
    const numbers = s.error ? s.error : `forward ${s.best.forward.toFixed(0).padStart(6)} img/s   train step ${s.best.train.toFixed(0).padStart(6)} img/s`;
    console.log(`${s.c.label.padEnd(42)} ${numbers}`);
    tf.dispose([s.x, s.labels]);
    s.optimizer.dispose();
    s.model.dispose();
  }
}

/** Runs `fn` with `method` of `proto` replaced, restoring it afterwards. */
function withPatch<T extends object, K extends keyof T>(proto: T, method: K, replacement: unknown, fn: () => void): void {
  const original = proto[method];
  proto[method] = replacement as T[K];
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
      const input = (
        row.length === 1
          ? maps[row[0]]
          : tf.concat(
              row.map((i) => maps[i]),
              3,
            )
      ) as tf.Tensor4D;
      const w = tf.reshape(tf.slice(kernel, [0, 0, c], [k, k, row.length]), [k, k, row.length, 1]) as tf.Tensor4D;
      c += row.length;
      return tf.conv2d(input, w, 1, 'valid');
    });
    return applyActivation(this.activation, tf.add(tf.concat(outputs, 3), bias));
  });
}

/** TrainableSubsampling alternatives: the 2x2 sums by a depthwise conv carrying the coefficient, or by reshape + sum. */
function subsamplingVariant(kind: 'depthwise' | 'reshape') {
  return function (this: TrainableSubsampling, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [coefficient, bias] = this.trainableWeights.map((w) => w.read());
      const [b, h, w, c] = x.shape;
      const affine =
        kind === 'depthwise'
          ? tf.add(tf.depthwiseConv2d(x, tf.reshape(tf.tile(coefficient, [4]), [2, 2, c, 1]) as tf.Tensor4D, 2, 'valid'), bias)
          : tf.add(tf.mul(tf.sum(tf.reshape(x, [b, h / 2, 2, w / 2, 2, c]), [2, 4]), coefficient), bias);
      return applyActivation(this.activation, affine);
    });
  };
}

async function main(): Promise<void> {
  const used = await selectBackend(backend);
  console.log(`backend ${used}, batch ${BATCH}, best of ${rounds} interleaved windows of ${WINDOW_MS} ms per case`);
  const cases: Case[] = [];
  if (!only || only === 'models') {
    cases.push(...MODEL_NAMES.map((name) => ({ label: name, name })));
  }
  if (!only || only === 'variants') {
    cases.push(
      { label: 'lenet5-1998, C3 one conv per map', name: 'lenet5-1998', patch: (fn) => withPatch(TableConv2D.prototype, 'call', slicedTableConv, fn) },
      ...(['depthwise', 'reshape'] as const).map((kind) => ({
        label: `lenet5-1998, subsampling ${kind}`,
        name: 'lenet5-1998' as const,
        patch: (fn: () => void) => withPatch(TrainableSubsampling.prototype, 'call', subsamplingVariant(kind), fn),
      })),
    );
  }
  run(cases);
}

void main();
