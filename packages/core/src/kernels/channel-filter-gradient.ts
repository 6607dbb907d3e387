import type * as tf from '@tensorflow/tfjs';
import type { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { I32, V128, addTo, forRange, instantiateOverBackend, moduleBytes, op } from '../wasm-module';

/**
 * The accumulators one block keeps in registers: x64 has 16 vector registers, and a block also holds its
 * `vectors` output-gradient vectors and one broadcast input value.
 */
const BLOCK_ACCUMULATORS = 12;

/** Output channels per block, in 4-lane vectors: two where co is a multiple of 8, else one. */
const vectorsFor = (co: number): 1 | 2 => (co % 8 === 0 ? 2 : 1);

/**
 * Whether {@link channelFilterGradient} takes this convolution: stride 1, no dilation, no padding (every
 * LeNet's C3: 'valid'), output channels a multiple of 4, and an output of at least 4x4 pixels (each block
 * loops over every output pixel; on a 1x1 output, C5, the calls would cost more than the loops).
 */
export function isChannelFilterGradient(info: backend_util.Conv2DInfo): boolean {
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, outChannels, outHeight, outWidth, inHeight, inWidth, filterHeight, filterWidth } = info;
  const { top, bottom, left, right } = info.padInfo;
  return (
    strideHeight === 1 &&
    strideWidth === 1 &&
    dilationHeight === 1 &&
    dilationWidth === 1 &&
    top === 0 &&
    bottom === 0 &&
    left === 0 &&
    right === 0 &&
    outHeight === inHeight - filterHeight + 1 &&
    outWidth === inWidth - filterWidth + 1 &&
    outChannels % 4 === 0 &&
    outHeight * outWidth >= 16
  );
}

/**
 * One block of dW: `width` input channels (ci0..) x `vectors` x 4 output channels (c0..) of one filter tap
 * (kh, kw). Parameters (x, dy, dst, n, ho, wo, xImage, xRow, dyRow, cib, cob), byte offsets and strides:
 * x = the input at [0, kh, kw, ci0], dy = the output gradient at [0, 0, 0, c0], dst = dW at [kh, kw, ci0, c0],
 * xImage / xRow the bytes of one input image / row, dyRow of one output-gradient row, cib / cob of one
 * input / output pixel. Every output pixel (b, oh, ow) adds x[b, oh+kh, ow+kw, ci] * dy[b, oh, ow, lanes] to
 * the accumulator of (ci, vector); each lane sums its terms in (b, oh, ow) order.
 */
function channelFilterGradientBytes(width: number, vectors: 1 | 2): Uint8Array {
  const [X, DY, DST, N, HO, WO, XIMAGE, XROWB, DYROWB, CIB, COB] = Array.from({ length: 11 }, (_, i) => i);
  const [B, OH, OW, XROW, DYP] = [11, 12, 13, 14, 15];
  const d = (k: number) => 16 + k;
  const S = 16 + vectors;
  const acc = (j: number, k: number) => 17 + vectors + j * vectors + k;
  const g = op.get;
  const js = Array.from({ length: width }, (_, j) => j);
  const ks = Array.from({ length: vectors }, (_, k) => k);
  const pixel = [
    ...ks.flatMap((k) => [...g(DYP), ...op.v128LoadAt(16 * k), ...op.set(d(k))]),
    ...js.flatMap((j) => [
      ...g(XROW),
      ...op.v128Load32SplatAt(4 * j),
      ...op.set(S),
      ...ks.flatMap((k) => [...g(acc(j, k)), ...g(S), ...g(d(k)), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc(j, k))]),
    ]),
    ...addTo(XROW, g(CIB)),
    ...addTo(DYP, g(COB)),
  ];
  const row = [
    // xrow = x + b * xImage + oh * xRow; dyp = dy + (b * ho + oh) * dyRow
    ...g(X),
    ...g(B),
    ...g(XIMAGE),
    op.i32Mul,
    op.i32Add,
    ...g(OH),
    ...g(XROWB),
    op.i32Mul,
    op.i32Add,
    ...op.set(XROW),
    ...g(DY),
    ...g(B),
    ...g(HO),
    op.i32Mul,
    ...g(OH),
    op.i32Add,
    ...g(DYROWB),
    op.i32Mul,
    op.i32Add,
    ...op.set(DYP),
    ...forRange(OW, WO, pixel),
  ];
  // dW[kh, kw, ci0 + j, c0 + 4k ..] = acc(j, k): rows of dW are cob bytes apart.
  const store = js.flatMap((j) => [
    ...g(DST),
    ...g(COB),
    ...op.i32(j),
    op.i32Mul,
    op.i32Add,
    ...op.set(XROW),
    ...ks.flatMap((k) => [...g(XROW), ...g(acc(j, k)), ...op.v128StoreAt(16 * k)]),
  ]);
  return moduleBytes([
    {
      name: 'channelFilterGradient',
      params: Array.from({ length: 11 }, () => I32),
      // Locals start at zero, so do the accumulators.
      locals: [
        [5, I32],
        [vectors + 1 + width * vectors, V128],
      ],
      code: [...forRange(B, N, forRange(OH, HO, row)), ...store],
    },
  ]);
}

type ChannelFilterGradientWasm = (...args: number[]) => void;

/**
 * dW [fh,fw,ci,co] of a stride-1 unpadded convolution (see {@link isChannelFilterGradient}) straight from x
 * [n,h,w,ci] and dy [n,ho,wo,co] as they lie, in blocks of up to 12 SIMD accumulators (up to 6 input
 * channels x 8 output channels of one tap) that stay in registers over all n*ho*wo output pixels:
 * dW[kh,kw,c,o] = sum_{b,oh,ow} x[b, oh+kh, ow+kw, c] * dy[b,oh,ow,o]. Replaces, for LeNet's C3, two transposes
 * and XNNPACK's convolution with a 10x10x64 "filter" (core README for the figures). Null where the backend's
 * memory is not reachable (the caller then uses the general route).
 */
export function channelFilterGradient(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: backend_util.Conv2DInfo): tf.TensorInfo | null {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co, batchSize: n, outHeight: ho, outWidth: wo, inHeight: h, inWidth: w } = info;
  const vectors = vectorsFor(co);
  const chunk = BLOCK_ACCUMULATORS / vectors;
  const widths = [...new Set([Math.min(chunk, ci), ci % chunk].filter((c) => c > 0))];
  const kernels = new Map<number, ChannelFilterGradientWasm>();
  for (const width of widths) {
    const exports = instantiateOverBackend(backend, `channel-filter-gradient-${width}x${vectors}`, () => channelFilterGradientBytes(width, vectors));
    if (exports === null) return null;
    kernels.set(width, exports['channelFilterGradient'] as ChannelFilterGradientWasm);
  }
  const out = backend.makeOutput([fh, fw, ci, co], 'float32');
  // Views only after the allocation: allocating may grow (and so detach) the heap.
  const [xs, dys, dw] = [x, dy, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
  const [cib, cob] = [ci * 4, co * 4];
  for (let kh = 0; kh < fh; kh++)
    for (let kw = 0; kw < fw; kw++)
      for (let c = 0; c < ci; c += chunk) {
        const width = Math.min(chunk, ci - c);
        for (let o = 0; o < co; o += 4 * vectors)
          kernels.get(width)!(
            xs.byteOffset + ((kh * w + kw) * ci + c) * 4,
            dys.byteOffset + o * 4,
            dw.byteOffset + (((kh * fw + kw) * ci + c) * co + o) * 4,
            n,
            ho,
            wo,
            h * w * cib,
            w * cib,
            wo * cob,
            cib,
            cob,
          );
      }
  return out;
}
