import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { firstExamples, loadMnist, normalizeImages, type ImageSet } from '@lenet/data';
import { createLoss, createModel } from '@lenet/model';
import { estimateCurvature } from './estimate-curvature';
import { SdlmOptimizer } from './sdlm';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('SdlmOptimizer', () => {
  it('steps each parameter by eta * patterns / (mu + h_kk) * g_k', () => {
    const w = tf.variable(tf.tensor1d([1, 1]), true, 'sdlm_spec_step');
    const opt = new SdlmOptimizer(0.01, { mu: 0.5, patternsPerStep: 2 });
    const h = tf.tensor1d([1, 9]);
    opt.setCurvature(new Map([[w.name, h]]));
    h.dispose(); // copied
    const g = tf.tensor1d([2, 4]);
    opt.applyGradients({ [w.name]: g });
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(1 - (0.02 / 1.5) * 2, 6), expect.closeTo(1 - (0.02 / 9.5) * 4, 6)]);
    expect(opt.iterations).toBe(1);
    tf.dispose([g, w]);
    opt.dispose();
  });

  it('takes the same steps on the fused wasm path as in TF.js ops on wasm and on cpu, bit for bit', async () => {
    const n = 1000;
    const random = (seed: number, lo: number, hi: number) => tf.randomUniform([n], lo, hi, 'float32', seed).dataSync() as Float32Array;
    const h = random(1, 0, 5);
    const w0 = random(2, -1, 1);
    const grads = [3, 4, 5].map((seed) => random(seed, -2, 2));
    const [lr, mu, patterns] = [5e-4, 0.02, 16];
    /** Three steps on the current backend: through SdlmOptimizer (`fused` true: expect its fused path) or TF.js ops. */
    const run = (viaOptimizer: boolean): number[] => {
      const init = tf.tensor1d(w0);
      const w = tf.variable(init, true, `sdlm_spec_fused_${tf.getBackend()}_${viaOptimizer}`);
      init.dispose(); // as a layer's initializer leaves it: the variable alone holds its data
      const opt = new SdlmOptimizer(lr, { mu, patternsPerStep: patterns });
      const hT = tf.tensor1d(h);
      opt.setCurvature(new Map([[w.name, hT]]));
      for (const g of grads) {
        const dataId = w.dataId;
        tf.tidy(() => {
          if (viaOptimizer) opt.applyGradients({ [w.name]: tf.tensor1d(g) });
          else w.assign(tf.sub(w, tf.mul(tf.div(tf.scalar(Math.fround(lr * patterns)), tf.add(hT, mu)), tf.tensor1d(g))));
        });
        // The fused pass writes in place (same data id); assign replaces the data.
        if (viaOptimizer && tf.getBackend() === 'wasm') expect(w.dataId).toBe(dataId);
      }
      const out = Array.from(w.dataSync());
      tf.dispose([w, hT]);
      opt.dispose();
      return out;
    };
    const fused = run(true);
    const opsWasm = run(false);
    await tf.setBackend('cpu');
    try {
      const opsCpu = run(false);
      const stockCpu = run(true);
      expect(fused).toEqual(opsWasm);
      expect(fused).toEqual(opsCpu);
      expect(fused).toEqual(stockCpu);
      expect(fused).not.toEqual(Array.from(w0));
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('saves and restores its state (iterations and h_kk) through getWeights / setWeights', async () => {
    const w = tf.variable(tf.tensor2d([[1, 2]]), true, 'sdlm_spec_state');
    const a = new SdlmOptimizer(0.01);
    const h0 = tf.tensor2d([[4, 16]]);
    a.setCurvature(new Map([[w.name, h0]]));
    h0.dispose();
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
    const set: ImageSet = firstExamples(mnist.train, 16);
    const layout = { normalization: 'paper' as const, size: 32 as const };
    const x = tf.tensor4d(normalizeImages(set.images, set.count, layout), [set.count, 32, 32, 1]);
    const y = tf.tensor1d(Int32Array.from(set.labels), 'int32');
    const model = createModel('lenet5-1998', { seed: 3, init: 'lecun98-sqrt' });
    const loss = createLoss('rbf');
    const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
    // The paper's first-pass eta, at batch 16 (the summed gradient: 16 per-pattern steps).
    const opt = new SdlmOptimizer(5e-4, { patternsPerStep: set.count });
    const h = estimateCurvature(model, x);
    opt.setCurvature(h);
    tf.dispose([...h.values()]);
    const lossNow = () => tf.tidy(() => loss(y, model.apply(x) as tf.Tensor2D).dataSync()[0]!);
    const before = lossNow();
    for (let s = 0; s < 5; s++) tf.dispose(opt.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor2D), true, variables)!);
    const after = lossNow();
    console.log(`SDLM on lenet5-1998, 5 steps on one batch of 16: MAP loss ${before.toFixed(2)} -> ${after.toFixed(2)}`);
    expect(after).toBeLessThan(before * 0.9);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  }, 60_000);
});
