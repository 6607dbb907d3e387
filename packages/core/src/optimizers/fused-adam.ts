import type * as tf from '@tensorflow/tfjs';
import { adamKernel } from './adam-wasm';
import { activeWasmBackend, applyFused, ensureSlot, heapView, markWritten, type VariableGradients } from './apply-fused';

const f = Math.fround;

/** One variable's Adam step (a plain module-level function: V8 optimizes it far better than a fresh closure). */
function adamPass(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  b1: number,
  b2: number,
  omb1: number,
  omb2: number,
  c1: number,
  c2: number,
  eps: number,
  nlr: number,
): void {
  for (let k = 0; k < w.length; k++) {
    const gk = g[k]!;
    const mk = f(f(m[k]! * b1) + f(gk * omb1));
    const vk = f(f(v[k]! * b2) + f(f(gk * gk) * omb2));
    m[k] = mk;
    v[k] = vk;
    const step = f(f(mk / c1) / f(f(Math.sqrt(f(vk / c2))) + eps));
    w[k] = f(f(step * nlr) + w[k]!);
  }
}

/** The private state of tf.AdamOptimizer (4.22) that the fused update reads and writes. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable }>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable }>;
  incrementIterations(): void;
}

/**
 * tf.AdamOptimizer's step in one pass per variable over the wasm heap. Every operation of the stock code is
 * done in the same order, each rounded to float32 (`Math.fround` of the double result is the correctly
 * rounded float32 result for + - * / sqrt), scalars rounded as TF.js rounds them: the same bits as the
 * stock optimizer. Returns false (nothing done) where the stock code must run instead.
 */
export function fusedAdam(optimizer: tf.AdamOptimizer, variableGradients: VariableGradients): boolean {
  const o = optimizer as unknown as AdamState;
  const backend = activeWasmBackend();
  if (backend === null) return false;
  // The bias corrections use the accumulated powers before this step's update.
  const acc1 = heapOrNull(o.accBeta1);
  const acc2 = heapOrNull(o.accBeta2);
  if (acc1 === null || acc2 === null) return false;
  const b1 = f(o.beta1);
  const b2 = f(o.beta2);
  const omb1 = f(1 - o.beta1);
  const omb2 = f(1 - o.beta2);
  const c1 = f(1 - acc1);
  const c2 = f(1 - acc2);
  const eps = f(o.epsilon);
  const nlr = f(-o.learningRate);
  // The heap views' byteOffsets are addresses in the backend's memory, which the wasm kernel imports.
  const kernel = adamKernel(backend);
  const done = applyFused(
    variableGradients,
    (name, i, value) => [ensureSlot(o.accumulatedFirstMoment, i, name, 'm', value), ensureSlot(o.accumulatedSecondMoment, i, name, 'v', value)],
    kernel === null
      ? (w, g, [m, v]) => adamPass(w, g, m!, v!, b1, b2, omb1, omb2, c1, c2, eps, nlr)
      : (w, g, [m, v]) => kernel(w.byteOffset, g.byteOffset, m!.byteOffset, v!.byteOffset, w.length, b1, b2, omb1, omb2, c1, c2, eps, nlr),
    [o.accBeta1, o.accBeta2],
  );
  if (!done) return false;
  heapView(backend, o.accBeta1)[0] = f(acc1 * b1);
  heapView(backend, o.accBeta2)[0] = f(acc2 * b2);
  markWritten(backend, o.accBeta1);
  markWritten(backend, o.accBeta2);
  o.incrementIterations();
  return true;

  function heapOrNull(t: tf.Variable): number | null {
    return t.dtype === 'float32' && backend!.dataIdMap.has(t.dataId) ? heapView(backend!, t)[0]! : null;
  }
}
