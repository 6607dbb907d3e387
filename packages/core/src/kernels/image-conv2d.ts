import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { I32, V128, addTo, forRange, instantiateOverBackend, moduleBytes, op, whileNot } from '../wasm-module';
import { isImageConvolution, padImages } from './image-convolution';
import { release, type WasmKernelArgs } from './wasm-kernel-utils';

/**
 * Output pixels per block of the main loop: each tap's two weight vectors are loaded once for all of them.
 * Measured on LeNet's C1 ([64,32,32,1] valid, raw loop): 1 and 2 pixels 0.80 ms, 3 1.0 ms, 4 1.05 ms, 6 1.15 ms.
 */
const BLOCK = 2;

/**
 * The loop for fh x fw filters: parameters (xp, wv, out, n, ho, wo, hp, wp, co), byte offsets for xp (the
 * zero-padded input [n, hp, wp]), wv (the filter as fh*fw pairs of 4-lane vectors: channels 0-3 and co-4..co-1,
 * overlapping for co < 8) and out ([n, ho, wo, co]). Blocks of {@link BLOCK} output pixels share each tap's pair
 * of weight vectors: every pixel's pair of sums adds x[tap] * w[tap] over the taps in (kh, kw) order, then is
 * stored (the second vector over the first's overlapping lanes, which hold the same sums); the last pixels of
 * a row, fewer than a block, one at a time.
 */
function imageConv2DBytes(fh: number, fw: number): Uint8Array {
  const [XP, WV, OUT, N, HO, WO, HP, WP, CO] = Array.from({ length: 9 }, (_, i) => i);
  const [B, OH, OW, XR, R, OP, COB, D1OFF, WPB, LAST] = Array.from({ length: 10 }, (_, i) => 9 + i);
  const x = (pixel: number) => 19 + pixel;
  const W = 19 + BLOCK;
  const sum = (pixel: number, j: number) => 20 + BLOCK + 2 * pixel + j;
  const g = op.get;
  const zero = [...op.f32Const(0), ...op.f32x4Splat];
  // `pixels` windows starting at XR; their sums stored at OP (one pixel every co floats).
  const windows = (pixels: number): number[] => {
    const ps = Array.from({ length: pixels }, (_, p) => p);
    const taps = Array.from({ length: fh }, (_, kh) => [
      ...(kh === 0 ? [...g(XR), ...op.set(R)] : addTo(R, g(WPB))),
      ...Array.from({ length: fw }, (_, kw) => [
        ...ps.flatMap((p) => [...g(R), ...op.v128Load32SplatAt((kw + p) * 4), ...op.set(x(p))]),
        ...[0, 1].flatMap((j) => [
          ...g(WV),
          ...op.v128LoadAt(((kh * fw + kw) * 2 + j) * 16),
          ...op.set(W),
          ...ps.flatMap((p) => [...g(sum(p, j)), ...g(x(p)), ...g(W), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(sum(p, j))]),
        ]),
      ]).flat(),
    ]).flat();
    const store = ps.flatMap((p) =>
      [0, 1].flatMap((j) => [
        ...g(OP),
        ...(j === 1 ? [...g(D1OFF), op.i32Add] : []),
        ...(p > 0 ? [...g(COB), ...op.i32(p), op.i32Mul, op.i32Add] : []),
        ...g(sum(p, j)),
        ...op.v128Store,
      ]),
    );
    return [
      ...ps.flatMap((p) => [0, 1].flatMap((j) => [...zero, ...op.set(sum(p, j))])),
      ...taps,
      ...store,
      ...addTo(OW, op.i32(pixels)),
      ...addTo(XR, op.i32(pixels * 4)),
      ...ps.flatMap(() => addTo(OP, g(COB))),
    ];
  };
  const row = [
    // xr = xp + (b * hp + oh) * wp * 4; op = out + (b * ho + oh) * wo * co * 4
    ...g(XP),
    ...g(B),
    ...g(HP),
    op.i32Mul,
    ...g(OH),
    op.i32Add,
    ...g(WPB),
    op.i32Mul,
    op.i32Add,
    ...op.set(XR),
    ...g(OUT),
    ...g(B),
    ...g(HO),
    op.i32Mul,
    ...g(OH),
    op.i32Add,
    ...g(WO),
    op.i32Mul,
    ...g(COB),
    op.i32Mul,
    op.i32Add,
    ...op.set(OP),
    ...op.i32(0),
    ...op.set(OW),
    ...whileNot([...g(OW), ...g(LAST), op.i32GtS], windows(BLOCK)),
    ...whileNot([...g(OW), ...g(WO), op.i32GeS], windows(1)),
  ];
  const code = [
    ...g(CO),
    ...op.i32(2),
    op.i32Shl,
    ...op.set(COB),
    ...g(COB),
    ...op.i32(16),
    op.i32Sub,
    ...op.set(D1OFF),
    ...g(WP),
    ...op.i32(2),
    op.i32Shl,
    ...op.set(WPB),
    // Whole blocks while ow + BLOCK <= wo, i.e. ow <= wo - BLOCK.
    ...g(WO),
    ...op.i32(BLOCK),
    op.i32Sub,
    ...op.set(LAST),
    ...forRange(B, N, forRange(OH, HO, row)),
  ];
  return moduleBytes([
    {
      name: 'imageConv2D',
      params: Array.from({ length: 9 }, () => I32),
      locals: [
        [10, I32],
        [1 + 3 * BLOCK, V128],
      ],
      code,
    },
  ]);
}

type ImageConv2DWasm = (...args: number[]) => void;

/**
 * y [n,ho,wo,co] of a convolution over a 1-channel input (see isImageConvolution in image-convolution.ts) as
 * one SIMD pass: y[b,oh,ow,c] = sum_{kh,kw} x[b, oh+kh-pt, ow+kw-pl] * W[kh,kw,0,c], each sum over the taps in
 * (kh, kw) order. Null where the backend's memory is not reachable (the caller then runs the stock kernel).
 * XNNPACK runs LeNet's C1 (25 taps, 6 channels) at about 4.8 GMAC/s on this machine (core README).
 */
export function imageConv2D(backend: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, info: backend_util.Conv2DInfo): tf.TensorInfo | null {
  const { filterHeight: fh, filterWidth: fw, outChannels: co, batchSize: n, outHeight: ho, outWidth: wo } = info;
  const exports = instantiateOverBackend(backend, `image-conv2d-${fh}x${fw}`, () => imageConv2DBytes(fh, fw));
  if (exports === null) return null;
  const padded = padImages(backend, x, info);
  const xp = padded.out;
  const [, hp, wp] = xp.shape as [number, number, number];
  const pairs = backend.makeOutput([fh * fw * 8], 'float32');
  const out = backend.makeOutput([n, ho, wo, co], 'float32');
  // Views only after the allocations: allocating may grow (and so detach) the heap.
  const [xs, ws, wv, ys] = [xp, filter, pairs, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  // Tap t's pair: lanes 0-3 channels 0-3, lanes 4-7 channels co-4..co-1 (the layout of image-filter-gradient's sums).
  for (let t = 0; t < fh * fw; t++) for (let l = 0; l < 8; l++) wv[t * 8 + l] = ws[t * co + (l < 4 ? l : l - 8 + co)]!;
  (exports['imageConv2D'] as ImageConv2DWasm)(xs.byteOffset, wv.byteOffset, ys.byteOffset, n, ho, wo, hp, wp, co);
  if (padded.owned) release(backend, xp);
  release(backend, pairs);
  return out;
}

/**
 * Conv2D for the wasm backend: a network's first layer (isImageConvolution: LeNet's C1) by {@link imageConv2D},
 * every other convolution by the stock XNNPACK kernel, which is handed in.
 */
export function conv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const conv2D = (args: WasmKernelArgs<tf.Conv2DInputs, tf.Conv2DAttrs>): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const format = backend_util.convertConv2DDataFormat(attrs.dataFormat);
    if (format === 'channelsLast' && x.dtype === 'float32' && filter.dtype === 'float32') {
      const info = backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filter.shape as [number, number, number, number],
        attrs.strides,
        attrs.dilations,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        format,
      );
      const out = isImageConvolution(info) ? imageConv2D(backend, x, filter, info) : null;
      if (out !== null) return out;
    }
    return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  };
  return { kernelName: tf.Conv2D, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: conv2D as unknown as tf.KernelFunc };
}
