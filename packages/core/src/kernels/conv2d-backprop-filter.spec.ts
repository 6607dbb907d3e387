import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { hasOutput, host, parity, randomConv, rng, type ConvGeometry } from './parity.test-util';

/** A random convolution geometry whose output is non-empty (redrawn at the same `i` until it is). */
function randomNonEmptyConv(i: number, r: () => number): ConvGeometry {
  for (;;) {
    const g = randomConv(i, r);
    if (hasOutput(g)) return g;
  }
}

describe('wasm Conv2DBackpropFilter', () => {
  it('matches the cpu backend on 40 random geometries (strides 1 and 2, all padding kinds, batch 1 and many)', async () => {
    const r = rng(1);
    const errors: number[] = [];
    for (let i = 0; i < 40; i++) {
      const g = randomNonEmptyConv(i, r);
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
