import * as tf from '@tensorflow/tfjs';
import type { Init } from '../model-options';

export type { Init };

/**
 * Weight initialisations: `lecun98` is Appendix A of the paper as printed, uniform in [-2.4/F, +2.4/F], F
 * the fan-in of the unit; `lecun98-sqrt` is uniform in [-2.4/sqrt(F), +2.4/sqrt(F)] (weighted sums of
 * standard deviation ~1.4 for unit-variance inputs: the operating range the paper's text asks for, and
 * "Efficient BackProp"'s sigma = F^-1/2 rule); `default` is TF.js's (Glorot uniform, zero bias).
 * This is the half-width of the uniform range of a LeCun init for a unit of fan-in F.
 */
export function lecunRange(init: 'lecun98' | 'lecun98-sqrt', fanIn: number): number {
  return init === 'lecun98' ? 2.4 / fanIn : 2.4 / Math.sqrt(fanIn);
}

/** Uniform in [-r, r], r = {@link lecunRange}(init, fanIn). Biases count as weights. */
export function lecunUniform(shape: number[], fanIn: number, seed: number, init: 'lecun98' | 'lecun98-sqrt' = 'lecun98'): tf.Tensor {
  const r = lecunRange(init, fanIn);
  return tf.randomUniform(shape, -r, r, 'float32', seed);
}

/** Distinct, reproducible seeds for the weights of one model: `slot` numbers the weight tensor (below 1009). */
export function weightSeed(seed: number, slot: number): number {
  return seed * 1009 + slot + 1;
}
