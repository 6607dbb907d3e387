import * as tf from '@tensorflow/tfjs';
import type { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { isImageConvolution } from './image-convolution';
import { imageFilterGradient } from './image-filter-gradient';
import { channelFilterGradient, isChannelFilterGradient } from './channel-filter-gradient';
import { backpropConv2DInfo, cropBottomRight, release, runWasmKernel, transposeIfNeeded, view, type WasmKernelArgs } from './wasm-kernel-utils';

/**
 * The filter gradient of a 2-D convolution, missing from the stock wasm backend (tfjs#8474).
 *
 * dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh-pt, ow*s+kw-pl, ci] * dy[n,oh,ow,co]
 *
 * which is itself a convolution: take the input with batch and channels swapped ([Ci,H,W,N], Ci plays the
 * batch, N the input channels) and convolve it with the output gradient as a filter ([Ho,Wo,N,Co]) at
 * stride 1, the forward strides becoming dilations, with the forward padding made explicit. The result
 * [Ci,fh,fw,Co] is transposed back to [fh,fw,Ci,Co]. Everything runs in the stock XNNPACK Conv2D.
 * A network's first layer (one input channel, stride 1: LeNet's C1) runs as one SIMD pass instead
 * (image-filter-gradient.ts), where XNNPACK's 28x28x64 "filter" is slow, and a stride-1 unpadded one
 * (LeNet's C3) as blocks of SIMD accumulators over x and dy as they lie (channel-filter-gradient.ts).
 */
function conv2DBackpropFilter(args: WasmKernelArgs<tf.Conv2DBackpropFilterInputs, tf.Conv2DBackpropFilterAttrs>): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const info = backpropConv2DInfo('Conv2DBackpropFilter', x.shape as [number, number, number, number], attrs.filterShape, attrs);
  const route = filterGradientRoute(info);
  const direct = route === 'image' ? imageFilterGradient(backend, x, dy, info) : route === 'channel' ? channelFilterGradient(backend, x, dy, info) : null;
  return direct ?? filterGradient(backend, x, dy, info);
}

/** Which way the filter gradient of a convolution is computed (see conv2DBackpropFilter). */
export function filterGradientRoute(info: backend_util.Conv2DInfo): 'image' | 'channel' | 'general' {
  return isImageConvolution(info) ? 'image' : isChannelFilterGradient(info) ? 'channel' : 'general';
}

/** The composition itself, shared with tests and other kernels: x [N,H,W,Ci], dy [N,Ho,Wo,Co] -> [fh,fw,Ci,Co]. */
export function filterGradient(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: backend_util.Conv2DInfo): tf.TensorInfo {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inChannels: ci, outChannels: co } = info;
  const { top, left } = info.padInfo;
  const [n, h, w] = x.shape;
  const [, ho, wo] = dy.shape;
  // Rows of the (padded) input the forward pass read: -top .. -top + (fh-1) + (ho-1)*sh; likewise columns.
  const bottom = fh - 1 + (ho - 1) * sh - top - (h - 1);
  const right = fw - 1 + (wo - 1) * sw - left - (w - 1);
  const cropped = cropBottomRight(backend, x, -bottom, -right, -top, -left);
  const xs = cropped.out;
  const xT = transposeIfNeeded(backend, xs, [3, 1, 2, 0]); // [Ci, H', W', N]
  const dyT = transposeIfNeeded(backend, dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
  const conv = runWasmKernel(backend, 'Conv2D', { x: xT.out, filter: dyT.out }, {
    strides: [1, 1],
    dilations: [sh, sw],
    pad: [
      [0, 0],
      [Math.max(top, 0), Math.max(bottom, 0)],
      [Math.max(left, 0), Math.max(right, 0)],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dimRoundingMode: undefined as unknown as 'floor',
  } as unknown as tf.NamedAttrMap); // [Ci, fh, fw, Co]
  if (cropped.owned) release(backend, xs);
  if (xT.owned) release(backend, xT.out);
  if (dyT.owned) release(backend, dyT.out);
  if (conv.shape[1] !== fh || conv.shape[2] !== fw) {
    release(backend, conv);
    throw new Error(`@lenet/core wasm Conv2DBackpropFilter: internal shape ${conv.shape} for filter ${[fh, fw, ci, co]}`);
  }
  void n;
  const out = transposeIfNeeded(backend, conv, [1, 2, 0, 3]);
  if (!out.owned) return view(conv, [fh, fw, ci, co]);
  release(backend, conv);
  return out.out;
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
