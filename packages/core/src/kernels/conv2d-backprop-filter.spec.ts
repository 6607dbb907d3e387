import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { host, padFor, parity, randInt, rng, type Pad } from './parity.test-util';

/** A random convolution geometry whose output is non-empty. */
function randomConv(i: number, r: () => number) {
  for (;;) {
    const batch = i % 3 === 0 ? 1 : randInt(r, 2, 6);
    const h = randInt(r, 3, 12);
    const w = randInt(r, 3, 12);
    const ci = randInt(r, 1, 4);
    const co = randInt(r, 1, 5);
    const fh = randInt(r, 1, Math.min(5, h));
    const fw = randInt(r, 1, Math.min(5, w));
    const strides: [number, number] = [randInt(r, 1, 2), randInt(r, 1, 2)];
    const pad: Pad = padFor(i, r, 3);
    const info = backend_util.computeConv2DInfo([batch, h, w, ci], [fh, fw, ci, co], strides, 1, pad, 'floor');
    if (info.outHeight > 0 && info.outWidth > 0) return { batch, h, w, ci, co, fh, fw, strides, pad, info };
  }
}

describe('wasm Conv2DBackpropFilter', () => {
  it('matches the cpu backend on 40 random geometries (strides 1 and 2, all padding kinds, batch 1 and many)', async () => {
    const r = rng(1);
    const errors: number[] = [];
    for (let i = 0; i < 40; i++) {
      const g = randomConv(i, r);
      const inputs = { x: host(r, [g.batch, g.h, g.w, g.ci]), dy: host(r, g.info.outShape) };
      const attrs = { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape: [g.fh, g.fw, g.ci, g.co] };
      const { error, wasmShape, cpuShape } = await parity(tf.Conv2DBackpropFilter, inputs, attrs);
      expect(wasmShape).toEqual(cpuShape);
      if (!(error < 1e-5)) throw new Error(`geometry ${JSON.stringify(g)}: relative error ${error}`);
      errors.push(error);
    }
    expect(Math.max(...errors)).toBeLessThan(1e-5);
  });

  // LeNet's layer geometries at a small batch: the cpu reference's filter gradient is scalar JS (C3 at batch 64 takes ~30 s).
  it.each([
    ['C1 28x28x1 5x5 same', [4, 28, 28, 1], [5, 5, 1, 6], 'same'],
    ['C3 14x14x6 5x5 valid', [4, 14, 14, 6], [5, 5, 6, 16], 'valid'],
    ['C5 5x5x16 5x5 valid', [6, 5, 5, 16], [5, 5, 16, 120], 'valid'],
  ] as const)('matches the cpu backend on LeNet layer %s', async (_name, xShape, filterShape, pad) => {
    const r = rng(7);
    const info = backend_util.computeConv2DInfo([...xShape], [...filterShape], 1, 1, pad);
    const inputs = { x: host(r, [...xShape]), dy: host(r, info.outShape) };
    const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', filterShape: [...filterShape] };
    const { error, wasmShape } = await parity(tf.Conv2DBackpropFilter, inputs, attrs);
    expect(wasmShape).toEqual([...filterShape]);
    expect(error).toBeLessThan(1e-5);
  });
});
