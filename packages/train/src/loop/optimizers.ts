/** The optimizers `train` offers, built from its options, and changing their learning rate mid-run. */
import * as tf from '@tensorflow/tfjs';
import { checkTrainOption } from './option-ranges';
import { SdlmOptimizer } from './optimizers/sdlm';
import { TrainOptionError } from './train-option-error';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop' | 'sdlm';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop', 'sdlm'];

/** Options of {@link createOptimizer}. */
export interface OptimizerOptions {
  learningRate: number;
  /** sgd: momentum (default 0.9; 0 gives plain SGD); rmsprop: momentum (default 0). */
  momentum?: number;
  /** sdlm: the paper's mu (default 0.02). */
  mu?: number;
}

/** Adam's epsilon: PyTorch's default (the seed's optimizer), not TF.js's backend epsilon (1e-7). */
export const ADAM_EPSILON = 1e-8;

/**
 * A fresh optimizer:
 * - adam: beta1 0.9, beta2 0.999, epsilon 1e-8 (PyTorch's defaults, the seed's `optim.Adam`).
 * - sgd: with momentum (default 0.9), TF.js `momentum` optimizer (PyTorch's SGD-momentum form).
 * - rmsprop: decay 0.9, momentum (default 0).
 * - sdlm: {@link SdlmOptimizer} (the paper's stochastic diagonal Levenberg-Marquardt).
 */
export function createOptimizer(name: OptimizerName, options: OptimizerOptions): tf.Optimizer {
  const learningRate = checkTrainOption('learningRate', options.learningRate);
  const momentum = options.momentum === undefined ? undefined : checkTrainOption('momentum', options.momentum);
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, ADAM_EPSILON);
    case 'sgd': {
      const m = momentum ?? 0.9;
      return m === 0 ? tf.train.sgd(learningRate) : tf.train.momentum(learningRate, m);
    }
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, momentum ?? 0);
    case 'sdlm':
      return new SdlmOptimizer(learningRate, { mu: options.mu });
    default:
      throw new TrainOptionError('optimizer', `expected one of ${OPTIMIZER_NAMES.join(', ')}, found '${String(name)}'`);
  }
}

/**
 * Sets the learning rate of a TF.js (or our) optimizer. Adam, RMSProp and SDLM read their
 * `learningRate` field at every step; SGD and momentum keep it in a scalar tensor that
 * `setLearningRate` replaces. A no-op when the rate is unchanged (no tensor churn).
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const o = optimizer as tf.Optimizer & { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === learningRate) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

/** The learning rate an optimizer uses now. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  return (optimizer as tf.Optimizer & { learningRate: number }).learningRate;
}
