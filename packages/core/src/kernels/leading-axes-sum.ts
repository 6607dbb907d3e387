import * as tf from '@tensorflow/tfjs';
import { channelLoops, groupLane } from './channel-loops';
import { release, type WasmKernelArgs } from './wasm-kernel-utils';

/** acc[c] += x[m, c] for every row m in order, in float32 (as the stock kernel sums; acc starts at 0). */
function sumRows(x: Float32Array, acc: Float32Array): void {
  const c = acc.length;
  for (let o = 0; o < x.length; o += c) for (let k = 0; k < c; k++) acc[k] += x[o + k]!;
}

/**
 * Sum over every axis but the last (a bias gradient: dy summed over batch, rows and columns). The stock wasm
 * kernel first transposes the reduced axes to the inside (a full copy of dy), then sums each channel in
 * order; here the sums run over dy as it lies (a wasm loop, channel-loops.ts; JS where that is unavailable), in
 * the same order per channel: the same float32 results bit for bit, without the transpose. Any other Sum goes to the stock kernel.
 *
 * @param stock the stock wasm kernel, captured before this one replaces it.
 */
export function leadingAxesSumConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: WasmKernelArgs<tf.SumInputs, tf.SumAttrs>): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    const r = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
    const leading = x.dtype === 'float32' && r >= 2 && axes.length === r - 1 && new Set(axes).size === r - 1 && axes.every((a) => a < r - 1);
    if (!leading || tf.util.sizeFromShape(x.shape) === 0) return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const c = x.shape[r - 1]!;
    const out = backend.makeOutput(attrs.keepDims ? [...x.shape.slice(0, r - 1).map(() => 1), c] : [c], 'float32');
    const loops = channelLoops(backend, c);
    if (loops === null) {
      const acc = backend.typedArrayFromHeap(out) as Float32Array;
      acc.fill(0);
      sumRows(backend.typedArrayFromHeap(x) as Float32Array, acc);
      return out;
    }
    // Four lanes per group of channels, the last group overlapping: ceil(c/4) groups of accumulators.
    const groups = backend.makeOutput([4 * Math.ceil(c / 4)], 'float32');
    const acc = backend.typedArrayFromHeap(groups) as Float32Array;
    acc.fill(0);
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    loops.sumRows(xs.byteOffset, acc.byteOffset, xs.length / c, c);
    const sums = backend.typedArrayFromHeap(out) as Float32Array;
    for (let k = 0; k < c; k++) sums[k] = acc[groupLane(k, c)]!;
    release(backend, groups);
    return out;
  };
  return { kernelName: tf.Sum, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
