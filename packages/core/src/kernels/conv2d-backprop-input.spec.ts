import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { hasOutput, host, parity, randomConv, rng } from './parity.test-util';

describe('wasm Conv2DBackpropInput', () => {
  it('matches the cpu backend on 40 random geometries (strides 1 and 2, all padding kinds, batch 1 and many)', async () => {
    const r = rng(2);
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      const g = randomConv(i, r);
      if (!hasOutput(g)) continue;
      const { info, ...geometry } = g;
      const { batch, h, w, ci, co, fh, fw, strides, pad } = geometry;
      const inputs = { dy: host(r, info.outShape), filter: host(r, [fh, fw, ci, co]) };
      const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', inputShape: [batch, h, w, ci] };
      const { error, wasmShape, cpuShape } = await parity(tf.Conv2DBackpropInput, inputs, attrs);
      expect(wasmShape).toEqual(cpuShape);
      if (!(error < 1e-5)) throw new Error(`geometry ${JSON.stringify(geometry)}: relative error ${error}`);
      worst = Math.max(worst, error);
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it.each([
    ['C3 14x14x6 5x5 valid', [64, 14, 14, 6], [5, 5, 6, 16], 'valid'],
    ['C5 5x5x16 5x5 valid (the dense-like path)', [64, 5, 5, 16], [5, 5, 16, 120], 'valid'],
    ['C1 of lenet5-1998 32x32x1 valid', [8, 32, 32, 1], [5, 5, 1, 6], 'valid'],
  ] as const)('matches the cpu backend on LeNet layer %s', async (_name, xShape, filterShape, pad) => {
    const r = rng(8);
    const info = backend_util.computeConv2DInfo([...xShape], [...filterShape], 1, 1, pad);
    const inputs = { dy: host(r, info.outShape), filter: host(r, [...filterShape]) };
    const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', inputShape: [...xShape] };
    const { error, wasmShape } = await parity(tf.Conv2DBackpropInput, inputs, attrs);
    expect(wasmShape).toEqual([...xShape]);
    expect(error).toBeLessThan(1e-5);
  });
});
