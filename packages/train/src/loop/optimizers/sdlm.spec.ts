import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { loadMnist, normalizeImages, subset, type ImageSet } from '@lenet/data';
import { createLoss, createModel } from '@lenet/model';
import { SdlmOptimizer } from './sdlm';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('SdlmOptimizer', () => {
  it('estimates h_kk as the mean squared per-sample gradient', () => {
    const w = tf.variable(tf.tensor1d([0.5, -1]), true, 'sdlm_spec_w');
    const xs = [
      [1, 2],
      [3, -1],
      [0, 4],
    ];
    const opt = new SdlmOptimizer(0.1, { mu: 0.02 });
    // loss_i = w . x_i, so g_i = x_i and h = mean(x_i^2) = [(1 + 9 + 0) / 3, (4 + 1 + 16) / 3].
    opt.estimateCurvature((i) => tf.tidy(() => tf.sum(tf.mul(w, tf.tensor1d(xs[i]!)))), xs.length, [w]);
    const h = opt.curvatureSnapshot().get(w.name)!;
    expect(Array.from(h.dataSync())).toEqual([expect.closeTo(10 / 3, 5), expect.closeTo(7, 5)]);
    h.dispose();
    opt.dispose();
    w.dispose();
  });

  it('steps each parameter by eta * patterns / (mu + h_kk) * g_k', () => {
    const w = tf.variable(tf.tensor1d([1, 1]), true, 'sdlm_spec_step');
    const opt = new SdlmOptimizer(0.01, { mu: 0.5, patternsPerStep: 2 });
    opt.estimateCurvature(() => tf.tidy(() => tf.sum(tf.mul(w, tf.tensor1d([1, 3])))), 1, [w]); // h = [1, 9]
    const g = tf.tensor1d([2, 4]);
    opt.applyGradients({ [w.name]: g });
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(1 - (0.02 / 1.5) * 2, 6), expect.closeTo(1 - (0.02 / 9.5) * 4, 6)]);
    expect(opt.iterations).toBe(1);
    tf.dispose([g, w]);
    opt.dispose();
  });

  it('saves and restores its state (iterations and h_kk) through getWeights / setWeights', async () => {
    const w = tf.variable(tf.tensor2d([[1, 2]]), true, 'sdlm_spec_state');
    const a = new SdlmOptimizer(0.01);
    a.estimateCurvature(() => tf.tidy(() => tf.sum(tf.mul(w, w))), 1, [w]); // g = 2w, h = 4w^2
    const g = tf.onesLike(w);
    a.applyGradients({ [w.name]: g });
    const saved = await a.getWeights();
    expect(saved.map((s) => s.name)).toEqual(['iter', `${w.name}/sdlm_h`]);
    const b = new SdlmOptimizer(0.01);
    await b.setWeights(saved);
    expect(b.iterations).toBe(1);
    const h = b.curvatureSnapshot().get(w.name)!;
    expect(Array.from(h.dataSync())).toEqual([4, 16]);
    expect(b.getClassName()).toBe('Sdlm');
    expect(a instanceof SdlmOptimizer).toBe(true);
    expect(tf.train.adam(0.1) instanceof SdlmOptimizer).toBe(false);
    tf.dispose([g, h, w, saved[0]!.tensor]);
    a.dispose();
    b.dispose();
  });

  it('lowers the MAP loss of lenet5-1998 on a real MNIST batch', async () => {
    const mnist = await loadMnist();
    const set: ImageSet = subset(mnist.train, Array.from({ length: 64 }, (_, i) => i));
    const layout = { normalization: 'paper' as const, size: 32 as const };
    const x = tf.tensor4d(normalizeImages(set.images, set.count, layout), [set.count, 32, 32, 1]);
    const y = tf.tensor1d(Int32Array.from(set.labels), 'int32');
    const model = createModel('lenet5-1998', { seed: 3 });
    const loss = createLoss('rbf');
    const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const opt = new SdlmOptimizer(5e-6, { patternsPerStep: set.count });
    opt.estimateCurvature(
      (i) => tf.tidy(() => loss(tf.slice(y, [i], [1]) as tf.Tensor1D, model.apply(tf.slice(x, [i], [1]), { training: true }) as tf.Tensor2D)),
      32,
      variables,
    );
    const lossNow = () => tf.tidy(() => loss(y, model.apply(x) as tf.Tensor2D).dataSync()[0]!);
    const before = lossNow();
    for (let s = 0; s < 5; s++) tf.dispose(opt.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor2D), true, variables)!);
    const after = lossNow();
    console.log(`SDLM on lenet5-1998, 5 steps on one batch of 64: MAP loss ${before.toFixed(2)} -> ${after.toFixed(2)}`);
    expect(after).toBeLessThan(before * 0.9);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  }, 60_000);
});
