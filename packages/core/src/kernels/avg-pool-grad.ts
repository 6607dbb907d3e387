import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { channelLoops } from './channel-loops';
import type { WasmKernelArgs } from './wasm-kernel-utils';

/**
 * The average-pool gradient: each window spreads dy/(fh*fw) over its pixels (the divisor is the full window,
 * as in the cpu backend, also at 'same' borders). When windows tile the input exactly (LeNet's 2x2/2 pooling)
 * and there are 4 or more channels, one SIMD pass writes dx in memory order (channel-loops.ts; 5x faster than
 * the broadcast multiply it replaced); other geometries scatter in a single loop over the wasm heap.
 * (Upstream's loop was the second most expensive kernel of a LeNet step.)
 */
function avgPoolGrad(args: WasmKernelArgs<tf.AvgPoolGradInputs, tf.AvgPoolGradAttrs>): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as tf.TensorInfo;
  const x = inputs.input as tf.TensorInfo;
  const { filterSize, strides, pad } = attrs;
  const info = backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const scale = 1 / (fh * fw);

  const out = backend.makeOutput(x.shape, 'float32');
  const tiles = fh === sh && fw === sw && top === 0 && left === 0 && ho * sh === h && wo * sw === w;
  const loops = tiles ? channelLoops(backend, c) : null;
  if (loops !== null) {
    const [g, dx] = [dy, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array];
    loops.spreadRows(g.byteOffset, dx.byteOffset, n * ho, wo, c, fh, fw, scale);
    return out;
  }

  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  dx.fill(0);
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < ho; oh++) {
      const r0 = oh * sh - top;
      for (let ow = 0; ow < wo; ow++) {
        const c0 = ow * sw - left;
        const gBase = ((b * ho + oh) * wo + ow) * c;
        for (let r = Math.max(r0, 0); r < Math.min(r0 + fh, h); r++) {
          for (let col = Math.max(c0, 0); col < Math.min(c0 + fw, w); col++) {
            const at = ((b * h + r) * w + col) * c;
            for (let ch = 0; ch < c; ch++) dx[at + ch] += g[gBase + ch] * scale;
          }
        }
      }
    }
  }
  return out;
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const avgPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.AvgPoolGrad,
  backendName: 'wasm',
  kernelFunc: avgPoolGrad as unknown as tf.KernelFunc,
};
