import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../select-backend';
import { adamKernel } from './adam-wasm';
import { randn, relativeError, rng } from '../kernels/parity.test-util';

/** The optimizers whose applyGradients is fused on wasm, each a factory so every backend gets a fresh one. */
const OPTIMIZERS: Array<[string, () => tf.Optimizer]> = [
  ['adam (PyTorch epsilon)', () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8)],
  ['adam (backend epsilon, other betas)', () => tf.train.adam(0.01, 0.8, 0.99)],
  ['sgd', () => tf.train.sgd(0.05)],
  ['momentum', () => tf.train.momentum(0.01, 0.9)],
  ['momentum (nesterov)', () => tf.train.momentum(0.01, 0.7, true)],
  ['rmsprop', () => tf.train.rmsprop(1e-3, 0.9)],
  ['rmsprop (momentum)', () => tf.train.rmsprop(1e-3, 0.95, 0.5)],
  // TF.js's centered form subtracts epsilon under the root (sqrt(ms - mg^2 - eps)): a tiny one avoids NaNs.
  ['rmsprop (centered)', () => tf.train.rmsprop(1e-3, 0.9, 0.3, 1e-12, true)],
];

const SHAPES = [[5, 5, 1, 6], [6], [33, 7], [1]];
const STEPS = 6;

interface Trace {
  values: Float32Array[];
  slots: Array<{ name: string; values: Float32Array }>;
  /** Kernels run by each step's applyGradients (0 = the fused path; the first step creates the slots). */
  kernels: number[];
}

/**
 * Random variables and STEPS random gradient sets (same seed on every backend); `resumeAt` saves the optimizer
 * with getWeights after that step and continues with a fresh optimizer given setWeights, as a checkpoint does.
 */
async function trace(backend: 'cpu' | 'wasm', make: () => tf.Optimizer, resumeAt: number | null = null, lrChangeAt: number | null = null): Promise<Trace> {
  await selectBackend(backend);
  const r = rng(7);
  const variables = SHAPES.map((shape, i) =>
    tf.variable(
      tf.tensor(
        randn(
          r,
          shape.reduce((a, b) => a * b, 1),
        ),
        shape,
      ),
      true,
      `fused_${backend}_${i}_${Math.random()}`,
    ),
  );
  let optimizer = make();
  const kernels: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    if (step === lrChangeAt) setLearningRate(optimizer, 2e-3);
    const grads = Object.fromEntries(variables.map((v) => [v.name, tf.tensor(randn(r, v.size), v.shape)]));
    const profile = await tf.profile(() => optimizer.applyGradients(grads));
    kernels.push(profile.kernels.length);
    tf.dispose(Object.values(grads));
    if (step === resumeAt) {
      const saved = await optimizer.getWeights();
      const copies = saved.map((w) => ({ name: w.name, tensor: tf.tensor(w.tensor.dataSync(), w.tensor.shape, w.tensor.dtype) }));
      const fresh = make();
      await fresh.setWeights(copies);
      optimizer.dispose();
      optimizer = fresh;
    }
  }
  const values = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  const weights = await optimizer.getWeights();
  const slots = weights.map((w) => ({
    name: w.name.replace(/^fused_\w+?_(\d+)_[\d.e-]+/, 'v$1'),
    values: Float32Array.from(w.tensor.dataSync() as Float32Array),
  }));
  optimizer.dispose();
  tf.dispose(variables);
  return { values, slots, kernels };
}

function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as tf.Optimizer & { learningRate: number; setLearningRate?: (x: number) => void };
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

function expectSame(wasm: Trace, cpu: Trace): void {
  expect(wasm.values.length).toBe(cpu.values.length);
  wasm.values.forEach((v, i) => expect(relativeError(v, cpu.values[i]!)).toBeLessThanOrEqual(1e-6));
  expect(wasm.slots.map((s) => s.name)).toEqual(cpu.slots.map((s) => s.name));
  wasm.slots.forEach((s, i) => expect(relativeError(s.values, cpu.slots[i]!.values)).toBeLessThanOrEqual(1e-6));
}

describe('fused optimizer updates on wasm', () => {
  describe.each(OPTIMIZERS)('%s', (_name, make) => {
    it('matches the stock optimizer (cpu backend) over several steps, with a learning-rate change, in one pass per variable', async () => {
      const cpu = await trace('cpu', make, null, 3);
      const wasm = await trace('wasm', make, null, 3);
      expectSame(wasm, cpu);
      // After the first step (slot creation) the update runs no kernel at all: the fused path ran.
      expect(wasm.kernels.slice(1)).toEqual(Array(STEPS - 1).fill(0));
      expect(cpu.kernels[STEPS - 1]).toBeGreaterThan(0);
    }, 30_000);

    it('resumes from getWeights/setWeights (a checkpoint) to the same values as an uninterrupted run', async () => {
      const straight = await trace('wasm', make);
      const resumed = await trace('wasm', make, 2);
      expectSame(resumed, straight);
      const cpuResumed = await trace('cpu', make, 2);
      expectSame(resumed, cpuResumed);
    }, 30_000);
  });

  it('training a conv + dense model: every forward pass sees the updated weights (no stale XNNPACK packed weights)', async () => {
    const losses = async (backend: 'cpu' | 'wasm') => {
      await selectBackend(backend);
      const r = rng(3);
      const net = tf.sequential();
      net.add(
        tf.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 3,
          kernelSize: 3,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        }),
      );
      net.add(tf.layers.flatten());
      net.add(tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }));
      const x = tf.tensor4d(randn(r, 4 * 64), [4, 8, 8, 1]);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4);
      const optimizer = tf.train.adam(0.05);
      const out: number[] = [];
      for (let i = 0; i < 8; i++) {
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.apply(x) as tf.Tensor) as tf.Scalar, true)!;
        out.push(loss.dataSync()[0]!);
        loss.dispose();
      }
      tf.dispose([x, y]);
      optimizer.dispose();
      net.dispose();
      return Float32Array.from(out);
    };
    const cpu = await losses('cpu');
    const wasm = await losses('wasm');
    expect(cpu[7]).toBeLessThan(cpu[0]! * 0.9);
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  }, 30_000);

  it("runs Adam's step as the wasm kernel over the backend's own memory (not the JS fallback)", async () => {
    await selectBackend('wasm');
    expect(adamKernel(tf.backend() as BackendWasm)).not.toBeNull();
  });

  it("leaves a tensor that shares a variable's data unchanged (stock path for that step)", async () => {
    await selectBackend('wasm');
    const initial = tf.tensor1d([1, 2, 3]);
    const v = tf.variable(initial, true, 'fused_shared');
    const optimizer = tf.train.adam(0.1);
    const profile = await tf.profile(() => optimizer.applyGradients([{ name: v.name, tensor: tf.ones([3]) }]));
    expect(profile.kernels.length).toBeGreaterThan(0);
    expect(Array.from(initial.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync()).every((x, i) => x < i + 1)).toBe(true);
    // Now the variable owns its data: the next step is fused.
    const next = await tf.profile(() => optimizer.applyGradients([{ name: v.name, tensor: tf.ones([3]) }]));
    expect(next.kernels.length).toBe(0);
    tf.dispose([initial, v]);
    optimizer.dispose();
  });

  it('keeps the tensor count constant', async () => {
    await selectBackend('wasm');
    const v = tf.variable(tf.zeros([10]), true, 'fused_count');
    const optimizer = tf.train.adam(0.1);
    const g = tf.ones([10]);
    optimizer.applyGradients([{ name: v.name, tensor: g }]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) optimizer.applyGradients([{ name: v.name, tensor: g }]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([v, g]);
    optimizer.dispose();
  });
});
