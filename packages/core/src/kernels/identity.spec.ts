import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../select-backend';

describe('wasm Identity', () => {
  it('shares the input data (no copy) and keeps it alive until the last reference goes', async () => {
    await selectBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const x = tf.tensor([1, 2, 3, 4, 5]);
    const before = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    expect(backend.refCount(x.dataId)).toBe(2);
    expect(tf.memory().numDataBuffers).toBe(before); // no new buffer
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5]);
    y.dispose();
    expect(backend.dataIdMap.has(y.dataId)).toBe(false);
  });

  it('keeps a clone of a variable unchanged when the fused optimizer updates the variable', async () => {
    await selectBackend('wasm');
    const v = tf.variable(tf.tensor([1, 2, 3, 4]), true, `identity_spec_${Math.random()}`);
    const snapshot = tf.clone(v); // shares v's data: the update must not write it in place
    const optimizer = tf.train.adam(0.1);
    const g = tf.ones([4]);
    optimizer.applyGradients([{ name: v.name, tensor: g }]);
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(v.dataSync()).every((w, i) => w < i + 1)).toBe(true);
    // Once the clone is gone the variable holds its data alone, and the update is fused again (no kernels).
    snapshot.dispose();
    const profile = await tf.profile(() => optimizer.applyGradients([{ name: v.name, tensor: g }]));
    expect(profile.kernels.length).toBe(0);
    tf.dispose([v, g]);
    optimizer.dispose();
  });

  it('leaves the tape: a training step of a tape-saving model fuses its update', async () => {
    await selectBackend('wasm');
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 4, activation: 'relu' }), tf.layers.dense({ units: 3 })] });
    const optimizer = tf.train.adam(1e-3);
    const x = tf.randomNormal([16, 8], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3).toFloat();
    const step = () => tf.tidy(() => void optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar));
    step(); // creates the slots
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
    const profile = await tf.profile(() => optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor }))));
    expect(profile.kernels.length).toBe(0); // the tape's saved clones are gone by the time the update runs
    tf.dispose([x, y, ...Object.values(grads)]);
    optimizer.dispose();
    model.dispose();
  });
});
