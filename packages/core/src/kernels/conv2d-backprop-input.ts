import * as tf from '@tensorflow/tfjs';
import type { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { col2im } from './col2im';
import { backpropConv2DInfo, release, runWasmKernel, view, type WasmKernelArgs } from './wasm-kernel-utils';

/**
 * The input gradient of a 2-D convolution. Upstream wasm computes it with naive scalar loops; here it is a
 * matrix product in the stock XNNPACK BatchMatMul followed by col2im:
 *
 * cols[(n,oh,ow), (kh,kw,ci)] = sum_co dy[n,oh,ow,co] * W[kh,kw,ci,co]      (dy [N*Ho*Wo, Co] x W^T)
 * dx[n, oh*sh+kh-pt, ow*sw+kw-pl, ci] += cols[(n,oh,ow), (kh,kw,ci)]        (skipping the padding)
 *
 * It replaced a convolution of the zero-dilated, padded gradient with the flipped filter, which multiplies
 * every padding zero (half of C3's 14x14 windows): LeNet's C3 at batch 64 went from 2.4-3.6 to 1.9-2.0 ms
 * (core README).
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
  const { batchSize: batch, inHeight: h, inWidth: w } = info;
  const [, ho, wo] = dy.shape;
  const k = fh * fw * ci;
  // The explicit transpose keeps the product on XNNPACK's fast (untransposed) path; the filter is small.
  const wT = runWasmKernel(backend, 'Transpose', { x: view(filter, [k, co]) }, { perm: [1, 0] });
  const cols = runWasmKernel(
    backend,
    'BatchMatMul',
    { a: view(dy, [1, batch * ho * wo, co]), b: view(wT, [1, co, k]) },
    { transposeA: false, transposeB: false },
  );
  release(backend, wT);
  const dx = backend.makeOutput([batch, h, w, ci], 'float32');
  // Views only after makeOutput: allocating may grow (and so detach) the heap.
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const geometry = { batch, ho, wo, h, w, ci, fh, fw, sh, sw, pt: info.padInfo.top, pl: info.padInfo.left };
  col2im(backend, backend.typedArrayFromHeap(cols) as Float32Array, out, geometry);
  release(backend, cols);
  return dx;
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
};
