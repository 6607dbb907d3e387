import * as tf from '@tensorflow/tfjs';
import { channelLoops } from './channel-loops';
import type { WasmKernelArgs } from './wasm-kernel-utils';

/** The per-channel vector of a broadcast Add (shape [C], or [1, ..., 1, C] of no higher rank) and the full tensor. */
function channelOperands(a: tf.TensorInfo, b: tf.TensorInfo): { full: tf.TensorInfo; vector: tf.TensorInfo } | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  for (const [full, vector] of [
    [a, b],
    [b, a],
  ] as const) {
    const c = full.shape[full.shape.length - 1];
    const r = vector.shape.length;
    if (full.shape.length < 2 || r === 0 || r > full.shape.length || vector.shape[r - 1] !== c) continue;
    if (vector.shape.every((d, i) => i === r - 1 || d === 1)) return { full, vector };
  }
  return null;
}

/** out[m, c] = x[m, c] + v[c] over rows of C (float32 stores round each sum, as IEEE float32 addition). */
function addRows(x: Float32Array, v: Float32Array, out: Float32Array): void {
  const c = v.length;
  for (let o = 0; o < x.length; o += c) for (let k = 0; k < c; k++) out[o + k] = x[o + k]! + v[k]!;
}

/**
 * Add with a per-channel vector (the bias of a convolution or dense layer, and its gradient's broadcasts):
 * the stock wasm kernel runs every broadcast through a generic index loop, ~6x slower than an Add of equal
 * shapes. Here it is one pass over rows of C (a wasm loop, channel-loops.ts; JS where that is unavailable), the
 * same float32 sums bit for bit; any other Add goes to the stock kernel.
 *
 * @param stock the stock wasm kernel, captured before this one replaces it.
 */
export function channelAddConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: WasmKernelArgs<tf.BinaryInputs>): tf.TensorInfo => {
    const { inputs, backend } = args;
    const operands = channelOperands(inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo);
    if (operands === null) return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const out = backend.makeOutput(operands.full.shape, 'float32');
    // Views only after makeOutput: allocating may grow (and so detach) the heap.
    const [x, v, o] = [operands.full, operands.vector, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const loops = channelLoops(backend, v.length);
    if (loops === null) addRows(x, v, o);
    else loops.addRows(x.byteOffset, v.byteOffset, o.byteOffset, x.length / v.length, v.length);
    return out;
  };
  return { kernelName: tf.Add, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
