import * as tf from '@tensorflow/tfjs';

/**
 * Appendix A of the paper: weights uniform in [-2.4/F, +2.4/F], F the fan-in of the unit (no square root:
 * this keeps the weighted sums in the operating range of the squashing function). Biases count as weights.
 */
export function lecunUniform(shape: number[], fanIn: number, seed: number): tf.Tensor {
  const r = 2.4 / fanIn;
  return tf.randomUniform(shape, -r, r, 'float32', seed);
}

/** Distinct, reproducible seeds for the weights of one model: `slot` numbers the weight tensor (below 1009). */
export function weightSeed(seed: number, slot: number): number {
  return seed * 1009 + slot + 1;
}
