import type * as tf from '@tensorflow/tfjs';
import { applyFused, ensureSlot, scalarValue, type VariableGradients } from './apply-fused';

const f = Math.fround;

/** The private state of tf.SGDOptimizer / tf.MomentumOptimizer (4.22) that the fused updates read. */
interface SgdState {
  /** -learningRate as a float32 scalar tensor. */
  c: tf.Scalar;
  incrementIterations(): void;
}
interface MomentumState extends SgdState {
  /** The momentum as a float32 scalar tensor (what the stock update multiplies by). */
  m: tf.Scalar;
  useNesterov: boolean;
  accumulations: Array<{ originalName: string; variable: tf.Variable }>;
}

/** tf.SGDOptimizer's step (w += c g) in one pass per variable, bit-identical to the stock code. */
export function fusedSgd(optimizer: tf.SGDOptimizer, variableGradients: VariableGradients): boolean {
  const o = optimizer as unknown as SgdState;
  const c = scalarValue(o.c);
  const done = applyFused(
    variableGradients,
    () => [],
    (w, g) => {
      for (let k = 0; k < w.length; k++) w[k] = f(f(c * g[k]!) + w[k]!);
    },
  );
  if (done) o.incrementIterations();
  return done;
}

/**
 * tf.MomentumOptimizer's step (accumulation = m acc + g; w += c acc, or Nesterov's w += c (g + m acc)) in one
 * pass per variable, each operation rounded to float32 in the stock order: the same bits as the stock code.
 */
export function fusedMomentum(optimizer: tf.MomentumOptimizer, variableGradients: VariableGradients): boolean {
  const o = optimizer as unknown as MomentumState;
  const c = scalarValue(o.c);
  const m = scalarValue(o.m);
  const nesterov = o.useNesterov;
  const done = applyFused(
    variableGradients,
    (name, i, value) => [ensureSlot(o.accumulations, i, name, 'momentum', value)],
    (w, g, [acc]) => {
      for (let k = 0; k < w.length; k++) {
        const gk = g[k]!;
        const a = f(f(m * acc![k]!) + gk);
        acc![k] = a;
        w[k] = nesterov ? f(f(c * f(gk + f(a * m))) + w[k]!) : f(f(c * a) + w[k]!);
      }
    },
  );
  if (done) o.incrementIterations();
  return done;
}
