import * as tf from '@tensorflow/tfjs';
import { I32, V128, elementLoop, instantiateOverBackend, moduleBytes, op } from '../wasm-module';
import type { WasmKernelArgs } from './wasm-kernel-utils';

/** The kernel this package adds: dx = dy * step(x), ReLU's gradient in one pass (inputs dy and x). */
export const RELU_GRAD = 'LenetReluGrad';

/** The stock gradient's arithmetic: dy times step(x), step being 1 above 0, 0 at or below it, NaN for NaN. */
const step = (x: number): number => (Number.isNaN(x) ? NaN : x > 0 ? 1 : 0);

/**
 * reluGrad(dy, x, out, vectors): four lanes at a time, out = dy * s with s = 1 where x > 0, x itself where x
 * is NaN, else 0: the stock multiply by step(x), bit for bit (signed zeros and NaNs included).
 */
function reluGradBytes(): Uint8Array {
  const [DY, X, OUT, N, O, END, ONE, ZERO, XV] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const at = (p: number) => [...op.get(p), ...op.get(O), op.i32Add];
  const code = [
    ...op.f32Const(1),
    ...op.f32x4Splat,
    ...op.set(ONE),
    ...op.f32Const(0),
    ...op.f32x4Splat,
    ...op.set(ZERO),
    ...elementLoop(
      { n: N, o: O, end: END },
      [
        ...at(X),
        ...op.v128Load,
        ...op.set(XV),
        ...at(OUT),
        ...at(DY),
        ...op.v128Load,
        ...op.get(XV),
        ...op.get(ONE),
        ...op.get(XV),
        ...op.get(ZERO),
        ...op.f32x4Gt,
        ...op.v128And,
        ...op.get(XV),
        ...op.get(XV),
        ...op.f32x4Ne,
        ...op.v128Bitselect,
        ...op.f32x4Mul,
        ...op.v128Store,
      ],
      16,
    ),
  ];
  return moduleBytes([
    {
      name: 'reluGrad',
      params: [I32, I32, I32, I32],
      locals: [
        [2, I32],
        [3, V128],
      ],
      code,
    },
  ]);
}

type ReluGradLoop = (dy: number, x: number, out: number, vectors: number) => void;

function reluGrad(args: WasmKernelArgs<{ dy: tf.TensorInfo; x: tf.TensorInfo }>): tf.TensorInfo {
  const { inputs, backend } = args;
  const out = backend.makeOutput(inputs.x.shape, 'float32');
  const [g, x, dx] = [inputs.dy, inputs.x, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
  const loop = (instantiateOverBackend(backend, 'relu-grad', reluGradBytes)?.reluGrad ?? null) as ReluGradLoop | null;
  const vectors = loop === null ? 0 : Math.floor(dx.length / 4);
  if (loop !== null) loop(g.byteOffset, x.byteOffset, dx.byteOffset, vectors);
  for (let i = 4 * vectors; i < dx.length; i++) dx[i] = g[i]! * step(x[i]!);
  return out;
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const reluGradConfig: tf.KernelConfig = { kernelName: RELU_GRAD, backendName: 'wasm', kernelFunc: reluGrad as unknown as tf.KernelFunc };

/** dy * step(x): the fused kernel where the active backend has it, else the stock ops. */
function reluGradOf(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (dy.dtype === 'float32' && x.dtype === 'float32' && tf.getKernel(RELU_GRAD, tf.getBackend()) != null) {
    return tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
  }
  return tf.mul(dy, tf.cast(tf.step(x), 'float32'));
}

/**
 * Relu's gradient, as TF.js registers it but through {@link RELU_GRAD} on wasm: one kernel instead of Step,
 * Cast and Multiply (three passes and two temporaries over every activation). The same values bit for bit.
 */
export const reluGradient: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => ({ x: () => reluGradOf(dy as tf.Tensor, saved[0]!) }),
};

/** The fused kernel's own gradient (for second derivatives): linear in dy, zero almost everywhere in x. */
export const reluGradGradient: tf.GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved) => ({ dy: () => reluGradOf(ddx as tf.Tensor, saved[0]!), x: () => tf.zerosLike(saved[0]!) }),
};
