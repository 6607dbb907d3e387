import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { WasmKernelArgs } from './wasm-kernel-utils';

/**
 * The max-pool gradient. Upstream wasm starts each window's maximum at numeric_limits<float>::min() (the
 * smallest positive float), so a window whose maximum is <= 0 (common after tanh) loses its gradient. This one
 * routes each window's gradient to the first position (row-major within the window) holding its maximum, as
 * the cpu backend does, reading and writing the wasm heap directly (one pass, no temporaries).
 */
function maxPoolGrad(args: WasmKernelArgs<tf.MaxPoolGradInputs, tf.MaxPoolGradAttrs>): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as tf.TensorInfo;
  const x = inputs.input as tf.TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const out = backend.makeOutput(x.shape, 'float32');
  // Views after makeOutput: an allocation may grow (and so replace) the heap buffer.
  const dxV = backend.typedArrayFromHeap(out) as Float32Array;
  const xV = backend.typedArrayFromHeap(x) as Float32Array;
  const dyV = backend.typedArrayFromHeap(dy) as Float32Array;
  dxV.fill(0);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < n; b++) {
    const xBatch = b * h * w * c;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = oh * sh - top;
      for (let ow = 0; ow < wo; ow++) {
        const c0 = ow * sw - left;
        const dyBase = ((b * ho + oh) * wo + ow) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let bestAt = -1;
          for (let r = r0; r < r0 + fh; r += dh) {
            if (r < 0 || r >= h) continue;
            for (let col = c0; col < c0 + fw; col += dw) {
              if (col < 0 || col >= w) continue;
              const at = xBatch + (r * w + col) * c + ch;
              const v = xV[at];
              if (v > best || bestAt < 0) {
                best = v;
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dxV[bestAt] += dyV[dyBase + ch];
        }
      }
    }
  }
  return out;
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
