import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** What a kernel function receives; the backend is always the wasm one for the kernels of this package. */
export interface WasmKernelArgs<I extends tf.NamedTensorInfoMap = tf.NamedTensorInfoMap, A = tf.NamedAttrMap> {
  inputs: I;
  backend: BackendWasm;
  attrs: A;
}

/**
 * Runs a stock wasm kernel directly on the backend (no engine bookkeeping, no tape): the building block of the
 * composite kernels. The caller owns the result and must free it with {@link release} unless it is returned.
 */
export function runWasmKernel(backend: BackendWasm, kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel == null) throw new Error(`@lenet/core: the wasm backend has no '${kernelName}' kernel`);
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`@lenet/core: '${kernelName}' returned several outputs, expected one`);
  return out;
}

/** Frees an intermediate produced by {@link runWasmKernel} (never an input of the kernel). */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** The same data seen with another shape: no copy, no allocation, nothing to free. */
export function view(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Transposes unless the permutation is the identity (then returns the input itself, not a copy). */
export function transposeIfNeeded(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): { out: tf.TensorInfo; owned: boolean } {
  if (perm.every((p, i) => p === i)) return { out: x, owned: false };
  // A permutation that only moves size-1 axes keeps the memory order: a view is enough.
  const moved = perm.map((p) => x.shape[p]);
  const nonUnitOrder = perm.filter((p) => x.shape[p] !== 1);
  if (nonUnitOrder.every((p, i) => i === 0 || p > nonUnitOrder[i - 1])) return { out: view(x, moved), owned: false };
  return { out: runWasmKernel(backend, 'Transpose', { x }, { perm }), owned: true };
}

/**
 * Crops an NHWC tensor's rows/columns from the bottom/right where a computed padding came out negative
 * (those input pixels are never read by the convolution). Returns the input itself when nothing is cropped.
 */
export function cropBottomRight(
  backend: BackendWasm,
  x: tf.TensorInfo,
  cropRows: number,
  cropCols: number,
  cropTop = 0,
  cropLeft = 0,
): { out: tf.TensorInfo; owned: boolean } {
  if (cropRows <= 0 && cropCols <= 0 && cropTop <= 0 && cropLeft <= 0) return { out: x, owned: false };
  const [n, h, w, c] = x.shape;
  const top = Math.max(cropTop, 0);
  const left = Math.max(cropLeft, 0);
  const size = [n, h - top - Math.max(cropRows, 0), w - left - Math.max(cropCols, 0), c];
  return { out: runWasmKernel(backend, 'Slice', { x }, { begin: [0, top, left, 0], size }), owned: true };
}

/**
 * The geometry of the forward convolution whose gradient a backprop kernel computes, from that kernel's
 * attributes (dilation 1). Only NHWC is supported: anything else throws, naming the kernel.
 */
export function backpropConv2DInfo(
  kernelName: string,
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: Pick<tf.Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`@lenet/core wasm ${kernelName}: dataFormat '${dataFormat}' is not supported, use 'NHWC'`);
  return backend_util.computeConv2DInfo(inShape, filterShape, strides, 1, pad, dimRoundingMode, false, format);
}
