import * as tf from '@tensorflow/tfjs';
import { release, runWasmKernel, type WasmKernelArgs } from './wasm-kernel-utils';

/**
 * BatchMatMul with transposed operands. The stock wasm kernel sends a product to XNNPACK only when neither
 * operand is transposed and otherwise runs a slow blocked loop; dense-layer backprop (dy x W^T, x^T x dy) is
 * exactly the transposed case. Transposing explicitly (cheap, linear) keeps the product on the fast path.
 *
 * @param stock the stock wasm kernel, captured before this one replaces it.
 */
export function batchMatMulConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: WasmKernelArgs<tf.BatchMatMulInputs, tf.BatchMatMulAttrs>): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const { transposeA, transposeB } = attrs;
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    }
    const swapLast = (x: tf.TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return runWasmKernel(backend, 'Transpose', { x }, { perm });
    };
    const aa = transposeA ? swapLast(a) : a;
    const bb = transposeB ? swapLast(b) : b;
    const out = stock.kernelFunc({
      inputs: { a: aa, b: bb },
      backend,
      attrs: { transposeA: false, transposeB: false },
    } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    if (transposeA) release(backend, aa);
    if (transposeB) release(backend, bb);
    return out;
  };
  // The stock setup (it binds the wasm function) must still run when the backend initialises after this.
  return { kernelName: tf.BatchMatMul, backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
