import * as tf from '@tensorflow/tfjs';
import type { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backpropConv2DInfo, cropBottomRight, release, runWasmKernel, view, type WasmKernelArgs } from './wasm-kernel-utils';

/**
 * The filter [fh,fw,Ci,Co] flipped in space with its channels swapped: out[fh-1-a, fw-1-b, co, ci]. Filters are
 * small, so a loop over the wasm heap beats the stock Reverse + Transpose kernels (Reverse is slow there).
 */
function flipFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  const [fh, fw, ci, co] = filter.shape;
  const out = backend.makeOutput([fh, fw, co, ci], 'float32');
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(filter) as Float32Array;
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      const from = (a * fw + b) * ci * co;
      const to = ((fh - 1 - a) * fw + (fw - 1 - b)) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) dst[to + o * ci + i] = src[from + i * co + o];
    }
  }
  return out;
}

/**
 * The input gradient of a 2-D convolution. Upstream wasm computes it with naive scalar loops; here it is a
 * convolution in the stock XNNPACK Conv2D:
 *
 * dx[n,h,w,ci] = sum_{kh,kw,co} dy[n,(h+pt-kh)/s,(w+pl-kw)/s,co] * W[kh,kw,ci,co]   (integer quotients only)
 *
 * i.e. the output gradient, dilated by the strides (zeros between its pixels) and padded by fh-1-pt on top,
 * convolved at stride 1 with the spatially flipped filter whose in/out channels are swapped ([fh,fw,Co,Ci]).
 */
function conv2DBackpropInput(args: WasmKernelArgs<tf.Conv2DBackpropInputInputs, tf.Conv2DBackpropInputAttrs>): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const info = backpropConv2DInfo('Conv2DBackpropInput', attrs.inputShape, filter.shape as [number, number, number, number], attrs);
  return inputGradient(backend, dy, filter, info);
}

/** dy [N,Ho,Wo,Co], filter [fh,fw,Ci,Co] -> dx [N,H,W,Ci] (the forward's input shape in `info`). */
export function inputGradient(backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: backend_util.Conv2DInfo): tf.TensorInfo {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inChannels: ci, outChannels: co } = info;
  const { batchSize: n, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  const [, ho, wo] = dy.shape;

  if (ho === 1 && wo === 1 && top === 0 && left === 0 && h === fh && w === fw) {
    // The window covers the whole input (LeNet's C5): a dense layer, dx[N, fh*fw*Ci] = dy[N,Co] x W[K,Co]^T.
    // The explicit transpose keeps the product on XNNPACK's fast (untransposed) path.
    const wT = runWasmKernel(backend, 'Transpose', { x: view(filter, [fh * fw * ci, co]) }, { perm: [1, 0] });
    const dx = runWasmKernel(
      backend,
      'BatchMatMul',
      { a: view(dy, [1, n, co]), b: view(wT, [1, co, fh * fw * ci]) },
      {
        transposeA: false,
        transposeB: false,
      },
    );
    release(backend, wT);
    return view(dx, [n, h, w, ci]);
  }

  // Strides > 1: put sh-1 (sw-1) zero rows (columns) after each gradient pixel: [N,Ho,1,Wo,1,Co] padded to
  // [N,Ho,sh,Wo,sw,Co] is, in memory, the dilated gradient [N,Ho*sh,Wo*sw,Co] (trailing zeros cropped below).
  let dilated = dy;
  let dilatedOwned = false;
  if (sh > 1 || sw > 1) {
    const padded = runWasmKernel(backend, 'PadV2', { x: view(dy, [n, ho, 1, wo, 1, co]) }, {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    } as unknown as tf.NamedAttrMap);
    dilated = view(padded, [n, ho * sh, wo * sw, co]);
    dilatedOwned = true;
  }
  const hd = dilated.shape[1];
  const wd = dilated.shape[2];
  // Output row r reads dilated rows r + top - (fh-1) .. r + top: pad fh-1-top above, and below up to h-1+top.
  const padTop = fh - 1 - top;
  const padLeft = fw - 1 - left;
  const padBottom = h - 1 + top - (hd - 1);
  const padRight = w - 1 + left - (wd - 1);
  const cropped = cropBottomRight(backend, dilated, -padBottom, -padRight, -padTop, -padLeft);
  if (cropped.owned && dilatedOwned) release(backend, dilated);
  const src = cropped.out;
  const srcOwned = cropped.owned || dilatedOwned;

  const flippedT = flipFilter(backend, filter);
  const dx = runWasmKernel(backend, 'Conv2D', { x: src, filter: flippedT }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [
      [0, 0],
      [Math.max(padTop, 0), Math.max(padBottom, 0)],
      [Math.max(padLeft, 0), Math.max(padRight, 0)],
      [0, 0],
    ],
    dataFormat: 'NHWC',
  } as unknown as tf.NamedAttrMap);
  if (srcOwned) release(backend, src);
  release(backend, flippedT);
  if (dx.shape[1] !== h || dx.shape[2] !== w) {
    release(backend, dx);
    throw new Error(`@lenet/core wasm Conv2DBackpropInput: internal shape ${dx.shape} for input ${[n, h, w, ci]}`);
  }
  return dx;
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
};
