import type * as tf from '@tensorflow/tfjs';
import type { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The largest filter side the SIMD image loops unroll for (one pair of 4-lane vectors per filter tap). */
export const MAX_IMAGE_FILTER = 8;

/**
 * Whether a convolution is a network's first layer as the SIMD image loops (image-conv2d.ts,
 * image-filter-gradient.ts) handle it: a 1-channel input, stride 1, no dilation, 4 to 8 output channels (two
 * 4-lane vectors cover them), filters up to {@link MAX_IMAGE_FILTER} on each side. Every LeNet's C1 is one.
 */
export function isImageConvolution(info: backend_util.Conv2DInfo): boolean {
  const { inChannels, outChannels, strideHeight, strideWidth, filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  return (
    inChannels === 1 &&
    strideHeight === 1 &&
    strideWidth === 1 &&
    dilationHeight === 1 &&
    dilationWidth === 1 &&
    outChannels >= 4 &&
    outChannels <= 8 &&
    filterHeight <= MAX_IMAGE_FILTER &&
    filterWidth <= MAX_IMAGE_FILTER
  );
}

/**
 * The 1-channel input x [n,h,w,1] as the windows of `info` read it: with zero rows and columns around it where
 * they reach past an edge (copied row by row: the stock PadV2 took 0.85 ms for LeNet's [64,28,28,1]), or x
 * itself. Rows and columns beyond the last window are not read, so never cropped. The caller frees `out` if `owned`.
 */
export function padImages(backend: BackendWasm, x: tf.TensorInfo, info: backend_util.Conv2DInfo): { out: tf.TensorInfo; owned: boolean } {
  const { filterHeight: fh, filterWidth: fw, outHeight: ho, outWidth: wo } = info;
  const { top, left } = info.padInfo;
  const [n, h, w] = x.shape as [number, number, number];
  const bottom = Math.max(ho + fh - 1 - top - h, 0);
  const right = Math.max(wo + fw - 1 - left - w, 0);
  if (top <= 0 && left <= 0 && bottom === 0 && right === 0) return { out: x, owned: false };
  const [hp, wp] = [h + top + bottom, w + left + right];
  const out = backend.makeOutput([n, hp, wp, 1], 'float32');
  // Views only after the allocation: allocating may grow (and so detach) the heap.
  const [src, dst] = [x, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array];
  dst.fill(0);
  for (let b = 0; b < n; b++) for (let r = 0; r < h; r++) dst.set(src.subarray((b * h + r) * w, (b * h + r + 1) * w), (b * hp + r + top) * wp + left);
  return { out, owned: true };
}
