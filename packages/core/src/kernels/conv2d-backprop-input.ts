import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { cropBottomRight, release, runWasmKernel, view, type WasmKernelArgs } from './wasm-kernel-utils';

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
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`@lenet/core wasm Conv2DBackpropInput: dataFormat '${dataFormat}' is not supported, use 'NHWC'`);
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  return inputGradient(backend, dy, filter, info);
}

/** dy [N,Ho,Wo,Co], filter [fh,fw,Ci,Co] -> dx [N,H,W,Ci] (the forward's input shape in `info`). */
export function inputGradient(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inChannels: ci, outChannels: co } = info;
  const { batchSize: n, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  const [, ho, wo] = dy.shape;

  // Strides > 1: put sh-1 (sw-1) zero rows (columns) after each gradient pixel: [N,Ho,1,Wo,1,Co] padded to
  // [N,Ho,sh,Wo,sw,Co] is, in memory, the dilated gradient [N,Ho*sh,Wo*sw,Co] (trailing zeros cropped below).
  let dilated = dy;
  let dilatedOwned = false;
  if (sh > 1 || sw > 1) {
    const padded = runWasmKernel(
      backend,
      'PadV2',
      { x: view(dy, [n, ho, 1, wo, 1, co]) },
      { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 } as unknown as tf.NamedAttrMap,
    );
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

  // Flip the filter in space and swap its channels: [fh,fw,Ci,Co] -> [fh,fw,Co,Ci].
  const flipped = runWasmKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  let flippedT = flipped;
  if (ci > 1 && co > 1) {
    flippedT = runWasmKernel(backend, 'Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    release(backend, flipped);
  } else {
    flippedT = view(flipped, [fh, fw, co, ci]);
  }
  const dx = runWasmKernel(
    backend,
    'Conv2D',
    { x: src, filter: flippedT },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [Math.max(padTop, 0), Math.max(padBottom, 0)],
        [Math.max(padLeft, 0), Math.max(padRight, 0)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    } as unknown as tf.NamedAttrMap,
  );
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
