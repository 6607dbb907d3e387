import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { instantiateOverBackend } from '../wasm-module';
import { isChannelFilterGradient } from './channel-filter-gradient';
import { filterGradientRoute } from './conv2d-backprop-filter';
import { isImageConvolution } from './image-convolution';
import { hasOutput, host, parity, randInt, randomConv, rng, type ConvGeometry } from './parity.test-util';

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

  // LeNet's layer geometries at a small batch: the cpu reference's filter gradient is scalar JS (C3 at batch 64
  // takes ~30 s). The C1s take the SIMD pass of image-filter-gradient.ts, the C3s the blocks of
  // channel-filter-gradient.ts (the module named is the one that must have been built), C5 the general route.
  it.each([
    ['C1 of lenet5, 28x28x1 5x5 same', [16, 28, 28, 1], [5, 5, 1, 6], 'same', 'image-filter-gradient-5'],
    ['C1 of lenet5-1998, 32x32x1 5x5 valid', [16, 32, 32, 1], [5, 5, 1, 6], 'valid', 'image-filter-gradient-5'],
    ['C1 of lenet4, 32x32x1 5x5 valid, 4 maps', [16, 32, 32, 1], [5, 5, 1, 4], 'valid', 'image-filter-gradient-5'],
    ['C3 14x14x6 5x5 valid', [4, 14, 14, 6], [5, 5, 6, 16], 'valid', 'channel-filter-gradient-6x2'],
    ['C3 of lenet1, 12x12x4 5x5 valid, 12 maps', [4, 12, 12, 4], [5, 5, 4, 12], 'valid', 'channel-filter-gradient-4x1'],
    ['C5 5x5x16 5x5 valid', [6, 5, 5, 16], [5, 5, 16, 120], 'valid', null],
  ] as const)('matches the cpu backend on LeNet layer %s', async (_name, xShape, filterShape, pad, module) => {
    const r = rng(7);
    const info = backend_util.computeConv2DInfo([...xShape], [...filterShape], 1, 1, pad);
    expect(filterGradientRoute(info)).toBe(module?.split('-')[0] ?? 'general');
    const inputs = { x: host(r, [...xShape]), dy: host(r, info.outShape) };
    const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', filterShape: [...filterShape] };
    const { error, wasmShape } = await parity(tf.Conv2DBackpropFilter, inputs, attrs);
    expect(wasmShape).toEqual([...filterShape]);
    expect(error).toBeLessThan(1e-5);
    // The SIMD pass must be what ran (cached once built): a silent fallback would test the general route.
    if (module !== null) expect(instantiateOverBackend(tf.findBackend('wasm') as BackendWasm, module, () => new Uint8Array())).not.toBeNull();
  });
});

describe('wasm Conv2DBackpropFilter of a stride-1 unpadded convolution (the blocks of channel-filter-gradient.ts)', () => {
  it('matches the cpu backend on 30 random geometries: 2-20 input channels (one to four blocks), 4-24 output channels', async () => {
    const r = rng(5);
    for (let i = 0; i < 30; i++) {
      const [fh, fw] = [randInt(r, 1, 5), randInt(r, 1, 5)];
      const [ho, wo] = [randInt(r, 4, 9), randInt(r, 4, 9)];
      const [batch, ci, co] = [randInt(r, 1, 3), randInt(r, 2, 20), 4 * randInt(r, 1, 6)];
      const xShape = [batch, ho + fh - 1, wo + fw - 1, ci];
      const info = backend_util.computeConv2DInfo(xShape as [number, number, number, number], [fh, fw, ci, co], 1, 1, 'valid');
      expect(filterGradientRoute(info)).toBe('channel');
      const inputs = { x: host(r, xShape), dy: host(r, info.outShape) };
      const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [fh, fw, ci, co] };
      const { error, wasmShape } = await parity(tf.Conv2DBackpropFilter, inputs, attrs);
      expect(wasmShape).toEqual([fh, fw, ci, co]);
      if (!(error < 1e-5)) throw new Error(`geometry ${JSON.stringify({ batch, ci, co, fh, fw, ho, wo })}: relative error ${error}`);
    }
  });

  it('leaves padded, strided, 3-channel-output and 1x1-output convolutions to the other routes', () => {
    const taken = (x: number[], f: number[], stride: number, pad: 'valid' | 'same') =>
      isChannelFilterGradient(backend_util.computeConv2DInfo(x as [number, number, number, number], f as [number, number, number, number], stride, 1, pad));
    expect(taken([2, 14, 14, 6], [5, 5, 6, 16], 1, 'valid')).toBe(true);
    expect(taken([2, 14, 14, 6], [5, 5, 6, 16], 1, 'same')).toBe(false);
    expect(taken([2, 14, 14, 6], [5, 5, 6, 16], 2, 'valid')).toBe(false);
    expect(taken([2, 14, 14, 6], [5, 5, 6, 6], 1, 'valid')).toBe(false);
    expect(taken([2, 5, 5, 16], [5, 5, 16, 120], 1, 'valid')).toBe(false);
  });
});

describe('wasm Conv2DBackpropFilter of a 1-channel input (the SIMD pass of image-filter-gradient.ts)', () => {
  it('matches the cpu backend on 30 random stride-1 geometries with 4-8 output channels and any padding', async () => {
    const r = rng(3);
    for (let i = 0; i < 30; i++) {
      const [fh, fw] = [randInt(r, 1, 6), randInt(r, 1, 8)];
      const [batch, h, w, co] = [randInt(r, 1, 3), randInt(r, fh, 12), randInt(r, fw, 12), randInt(r, 4, 8)];
      const pad = i % 3 === 0 ? 'same' : i % 3 === 1 ? 'valid' : randInt(r, 0, 2);
      const info = backend_util.computeConv2DInfo([batch, h, w, 1], [fh, fw, 1, co], 1, 1, pad, 'floor');
      expect(isImageConvolution(info)).toBe(true);
      const inputs = { x: host(r, [batch, h, w, 1]), dy: host(r, info.outShape) };
      const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape: [fh, fw, 1, co] };
      const { error, wasmShape } = await parity(tf.Conv2DBackpropFilter, inputs, attrs);
      expect(wasmShape).toEqual([fh, fw, 1, co]);
      if (!(error < 1e-5)) throw new Error(`geometry ${JSON.stringify({ batch, h, w, co, fh, fw, pad })}: relative error ${error}`);
    }
  });
});
