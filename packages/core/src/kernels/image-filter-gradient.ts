import type * as tf from '@tensorflow/tfjs';
import type { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { I32, V128, addTo, forRange, instantiateOverBackend, moduleBytes, op } from '../wasm-module';
import { padImages } from './image-convolution';
import { release } from './wasm-kernel-utils';

/**
 * The loop for filter rows fw wide: parameters (xp, dy, acc, n, ho, wo, hp, wp, co, fh), byte offsets for
 * xp (the zero-padded input [n, hp, wp]), dy ([n, ho, wo, co]) and acc (fh x fw pairs of 4-lane sums).
 * For each image row (b, oh) and filter row kh, the fw pairs of accumulators of that row are loaded, every
 * output pixel ow adds x[b, oh+kh, ow+kw] * dy[b, oh, ow, lanes] to pair kw (lanes 0-3 and co-4..co-1:
 * two vectors that overlap for co < 8, so no load leaves the tensor), and the pairs are stored back. Each
 * accumulator lane sums its terms in (b, oh, ow) order.
 */
function imageFilterGradientBytes(fw: number): Uint8Array {
  const [XP, DY, ACC, N, HO, WO, HP, WP, CO, FH] = Array.from({ length: 10 }, (_, i) => i);
  const [B, OH, KH, OW, XROW, DYP, ACCROW, COB, D1OFF] = Array.from({ length: 9 }, (_, i) => 10 + i);
  const [D0, D1, S] = [19, 20, 21];
  const acc = (kw: number, j: number) => 22 + 2 * kw + j;
  const g = op.get;
  const kws = Array.from({ length: fw }, (_, kw) => kw);
  const pixel = [
    ...g(DYP),
    ...op.v128Load,
    ...op.set(D0),
    ...g(DYP),
    ...g(D1OFF),
    op.i32Add,
    ...op.v128Load,
    ...op.set(D1),
    ...kws.flatMap((kw) => [
      ...g(XROW),
      ...op.f32LoadAt(kw * 4),
      ...op.f32x4Splat,
      ...op.set(S),
      ...[D0, D1].flatMap((d, j) => [...g(acc(kw, j)), ...g(S), ...g(d), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc(kw, j))]),
    ]),
    // dyp += co * 4; xrow += 4 (the next pixel's window starts one column on)
    ...addTo(DYP, g(COB)),
    ...addTo(XROW, op.i32(4)),
  ];
  const filterRow = [
    // xrow = xp + ((b * hp + oh + kh) * wp) * 4; dyp = dy + (b * ho + oh) * wo * co * 4; accrow = acc + kh * fw * 32
    ...g(XP),
    ...g(B),
    ...g(HP),
    op.i32Mul,
    ...g(OH),
    op.i32Add,
    ...g(KH),
    op.i32Add,
    ...g(WP),
    op.i32Mul,
    ...op.i32(2),
    op.i32Shl,
    op.i32Add,
    ...op.set(XROW),
    ...g(DY),
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
    ...op.set(DYP),
    ...g(ACC),
    ...g(KH),
    ...op.i32(fw * 32),
    op.i32Mul,
    op.i32Add,
    ...op.set(ACCROW),
    ...kws.flatMap((kw) => [0, 1].flatMap((j) => [...g(ACCROW), ...op.v128LoadAt(kw * 32 + j * 16), ...op.set(acc(kw, j))])),
    ...forRange(OW, WO, pixel),
    ...kws.flatMap((kw) => [0, 1].flatMap((j) => [...g(ACCROW), ...g(acc(kw, j)), ...op.v128StoreAt(kw * 32 + j * 16)])),
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
    ...forRange(B, N, forRange(OH, HO, forRange(KH, FH, filterRow))),
  ];
  return moduleBytes([
    {
      name: 'imageFilterGradient',
      params: Array.from({ length: 10 }, () => I32),
      locals: [
        [9, I32],
        [3 + 2 * fw, V128],
      ],
      code,
    },
  ]);
}

type ImageFilterGradientWasm = (...args: number[]) => void;

/**
 * dW [fh,fw,1,co] of a convolution over a 1-channel input (see isImageConvolution in image-convolution.ts), as one SIMD
 * pass over the input and the output gradient: dW[kh,kw,0,c] = sum_{b,oh,ow} x[b, oh+kh-pt, ow+kw-pl] *
 * dy[b,oh,ow,c]. Null where the backend's memory is not reachable (the caller then uses the general route).
 * For LeNet's C1 this replaces XNNPACK's convolution with a 28x28x64 "filter" (core README for the figures).
 */
export function imageFilterGradient(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: backend_util.Conv2DInfo): tf.TensorInfo | null {
  const { filterHeight: fh, filterWidth: fw, outChannels: co, batchSize: n, outHeight: ho, outWidth: wo } = info;
  const exports = instantiateOverBackend(backend, `image-filter-gradient-${fw}`, () => imageFilterGradientBytes(fw));
  if (exports === null) return null;
  const padded = padImages(backend, x, info);
  const xp = padded.out;
  const [, hp, wp] = xp.shape;
  const sums = backend.makeOutput([fh * fw * 8], 'float32');
  const out = backend.makeOutput([fh, fw, 1, co], 'float32');
  // Views only after the allocations: allocating may grow (and so detach) the heap.
  const [xs, dys, acc, dw] = [xp, dy, sums, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  acc.fill(0);
  (exports['imageFilterGradient'] as ImageFilterGradientWasm)(xs.byteOffset, dys.byteOffset, acc.byteOffset, n, ho, wo, hp!, wp!, co, fh);
  // Channel c < 4 is lane c of a pair's first vector; c >= 4 is lane c - (co - 4) of its second.
  for (let t = 0; t < fh * fw; t++) for (let c = 0; c < co; c++) dw[t * co + c] = acc[t * 8 + (c < 4 ? c : 4 + c - (co - 4))]!;
  if (padded.owned) release(backend, xp);
  release(backend, sums);
  return out;
}
