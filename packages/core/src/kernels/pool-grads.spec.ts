import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { selectBackend } from '../select-backend';
import { host, padFor, parity, randInt, rng, runOn } from './parity.test-util';

/** A random pooling geometry (window 1-3, strides 1-2, every padding kind but explicit arrays, which pooling rejects). */
function randomPool(i: number, r: () => number) {
  for (;;) {
    const batch = i % 3 === 0 ? 1 : randInt(r, 2, 5);
    const h = randInt(r, 2, 11);
    const w = randInt(r, 2, 11);
    const c = randInt(r, 1, 5);
    const filterSize: [number, number] = [randInt(r, 1, Math.min(3, h)), randInt(r, 1, Math.min(3, w))];
    const strides: [number, number] = [randInt(r, 1, 2), randInt(r, 1, 2)];
    const kind = padFor(i % 3, r, 1);
    // A numeric pad must not exceed half the window (TF.js checks it for pooling).
    const pad = typeof kind === 'number' ? Math.min(kind, Math.floor(Math.min(...filterSize) / 2)) : kind;
    const info = backend_util.computePool2DInfo([batch, h, w, c], filterSize, strides, 1, pad as 'same', 'floor');
    if (info.outHeight > 0 && info.outWidth > 0) return { batch, h, w, c, filterSize, strides, pad, info };
  }
}

describe('wasm MaxPoolGrad', () => {
  it('matches the cpu backend on 40 random geometries', async () => {
    const r = rng(3);
    for (let i = 0; i < 40; i++) {
      const g = randomPool(i, r);
      const input = host(r, [g.batch, g.h, g.w, g.c]);
      const attrs = { filterSize: g.filterSize, strides: g.strides, pad: g.pad, dimRoundingMode: 'floor' };
      const pooled = await runOn('cpu', tf.MaxPool, { x: input }, attrs);
      const inputs = { dy: host(r, pooled.shape), input, output: { values: pooled.values, shape: pooled.shape } };
      const { error, wasmShape, cpuShape } = await parity(tf.MaxPoolGrad, inputs, attrs);
      expect(wasmShape).toEqual(cpuShape);
      if (!(error < 1e-5)) throw new Error(`geometry ${JSON.stringify(g)}: relative error ${error}`);
    }
  });

  it('keeps the gradient of windows whose maximum is negative (the upstream bug)', async () => {
    await selectBackend('wasm');
    const x = tf.neg(tf.add(tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 5), 0.5)) as tf.Tensor4D; // all < 0
    const dx = tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    // Each 2x2 window passes its gradient (1) to exactly one pixel: 2*3*3*3 windows.
    expect(dx.sum().dataSync()[0]).toBe(54);
    expect(tf.max(dx).dataSync()[0]).toBe(1);
    tf.dispose([x, dx]);
  });
});

describe('wasm AvgPoolGrad', () => {
  it('matches the cpu backend on 40 random geometries', async () => {
    const r = rng(4);
    for (let i = 0; i < 40; i++) {
      const g = randomPool(i, r);
      const input = host(r, [g.batch, g.h, g.w, g.c]);
      const attrs = { filterSize: g.filterSize, strides: g.strides, pad: g.pad, dimRoundingMode: 'floor' };
      const inputs = { dy: host(r, g.info.outShape), input };
      const { error, wasmShape, cpuShape } = await parity(tf.AvgPoolGrad, inputs, attrs);
      expect(wasmShape).toEqual(cpuShape);
      if (!(error < 1e-5)) throw new Error(`geometry ${JSON.stringify(g)}: relative error ${error}`);
    }
  });

  it.each([
    ['S2 28x28x6', [64, 28, 28, 6]],
    ['S4 10x10x16', [64, 10, 10, 16]],
    ['odd size 9x9x3 (windows do not tile: the loop path)', [3, 9, 9, 3]],
  ] as const)('matches the cpu backend on 2x2/2 pooling of %s', async (_name, shape) => {
    const r = rng(9);
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    const outShape = [shape[0], Math.floor(shape[1] / 2), Math.floor(shape[2] / 2), shape[3]];
    const { error, wasmShape } = await parity(tf.AvgPoolGrad, { dy: host(r, outShape), input: host(r, [...shape]) }, attrs);
    expect(wasmShape).toEqual([...shape]);
    expect(error).toBeLessThan(1e-5);
  });
});
