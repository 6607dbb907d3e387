import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from './select-backend';

/** The wasm linear memory in bytes (emscripten grows HEAPU8 when malloc runs out; it never shrinks). */
function wasmHeapBytes(backend: BackendWasm): number {
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
}

/**
 * A small model that takes every path of this package's kernels: filter gradients, the input gradient's
 * convolution (stride 1 and 2) and dense-like forms, max-pool gradient, both average-pool paths (tiling and
 * overlapping), transposed matrix products.
 */
function model(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [20, 20, 1], filters: 4, kernelSize: 5, padding: 'same', activation: 'tanh' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 })); // 10x10x4
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' })); // 10x10x6
  m.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 2 })); // 5x5x6, tiling windows
  m.add(tf.layers.averagePooling2d({ poolSize: 3, strides: 1 })); // 3x3x6, overlapping windows
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })); // 2x2x8
  m.add(tf.layers.conv2d({ filters: 12, kernelSize: 2, activation: 'relu' })); // 1x1x12, window = whole input
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10 }));
  return m;
}

describe('no growth over many training steps on wasm', () => {
  it('keeps the tensor count, the backend data count and the wasm heap size constant', async () => {
    await selectBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const net = model();
    const optimizer = tf.train.adam(1e-3);
    const x = tf.randomNormal([8, 20, 20, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const step = () =>
      tf.tidy(() => {
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.apply(x) as tf.Tensor) as tf.Scalar);
      });
    for (let i = 0; i < 10; i++) step(); // optimizer slots and XNNPACK operator caches settle
    const before = { tensors: tf.memory().numTensors, data: backend.numDataIds(), heap: wasmHeapBytes(backend) };
    for (let i = 0; i < 200; i++) step();
    const after = { tensors: tf.memory().numTensors, data: backend.numDataIds(), heap: wasmHeapBytes(backend) };
    expect(after).toEqual(before);
    tf.dispose([x, y]);
    optimizer.dispose();
    net.dispose();
  });
});
