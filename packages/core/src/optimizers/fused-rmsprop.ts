import type * as tf from '@tensorflow/tfjs';
import { applyFused, ensureSlot, type VariableGradients } from './apply-fused';

const f = Math.fround;

/** The private state of tf.RMSPropOptimizer (4.22) that the fused update reads and writes. */
interface RmsPropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: Array<{ originalName: string; variable: tf.Variable }>;
  accumulatedMoments: Array<{ originalName: string; variable: tf.Variable }>;
  accumulatedMeanGrads: Array<{ originalName: string; variable: tf.Variable }>;
  incrementIterations(): void;
}

/**
 * tf.RMSPropOptimizer's step (plain and centered) in one pass per variable, each operation rounded to
 * float32 in the stock order: the same bits as the stock code.
 */
export function fusedRmsProp(optimizer: tf.RMSPropOptimizer, variableGradients: VariableGradients): boolean {
  const o = optimizer as unknown as RmsPropState;
  const decay = f(o.decay);
  const omd = f(1 - o.decay);
  const mom = f(o.momentum);
  const lr = f(o.learningRate);
  const eps = f(o.epsilon);
  const centered = o.centered;
  const done = applyFused(
    variableGradients,
    (name, i, value) => {
      const slots = [ensureSlot(o.accumulatedMeanSquares, i, name, 'rms', value), ensureSlot(o.accumulatedMoments, i, name, 'momentum', value)];
      return centered ? [...slots, ensureSlot(o.accumulatedMeanGrads, i, name, 'mg', value)] : slots;
    },
    (w, g, [ms, moments, mg]) => {
      for (let k = 0; k < w.length; k++) {
        const gk = g[k]!;
        const s = f(f(ms![k]! * decay) + f(f(gk * gk) * omd));
        ms![k] = s;
        let denominator: number;
        if (centered) {
          const mgk = f(f(mg![k]! * decay) + f(gk * omd));
          mg![k] = mgk;
          denominator = f(Math.sqrt(f(s - f(f(mgk * mgk) + eps))));
        } else {
          denominator = f(Math.sqrt(f(s + eps)));
        }
        const a = f(f(moments![k]! * mom) + f(f(gk * lr) / denominator));
        moments![k] = a;
        w[k] = f(w[k]! - a);
      }
    },
  );
  if (done) o.incrementIterations();
  return done;
}
