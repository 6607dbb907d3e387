import * as tf from '@tensorflow/tfjs';
import type { Head } from './model-options';

/** cross-entropy: softmax heads; plain and map (eq. 9 of the paper): rbf heads; mse: tanh heads. */
export const CRITERION_NAMES = ['cross-entropy', 'map', 'plain', 'mse'] as const;
export type Criterion = (typeof CRITERION_NAMES)[number];

/** The criteria each head trains with, its default first. */
export const CRITERIA_BY_HEAD: Readonly<Record<Head, readonly Criterion[]>> = {
  softmax: ['cross-entropy'],
  rbf: ['map', 'plain'],
  tanh: ['mse'],
};

/** The tanh head's targets: +1 for the pattern's class, -1 for the others (where the scaled tanh bends most). */
export const TANH_TARGETS = { on: 1, off: -1 } as const;

export interface LossOptions {
  /** Default: the head's first in {@link CRITERIA_BY_HEAD} (cross-entropy for softmax, map for rbf, mse for tanh). */
  criterion?: Criterion;
  /** The MAP criterion's j > 0 (the paper gives no value). Default DEFAULT_MAP_J. */
  j?: number;
}

/** Default j of the MAP criterion: see the package README for why. */
export const DEFAULT_MAP_J = 1;

/** Keras' epsilon: probabilities are clipped to [eps, 1 - eps] before the log. */
export const CROSS_ENTROPY_EPSILON = 1e-7;

/** A loss option that does not fit the head. */
export class LossOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LossOptionError';
  }
}

/**
 * The training loss for a head: (labels int32 [batch], outputs [batch, 10]) -> mean loss over the batch.
 * - cross-entropy (softmax): -log p[label], p clipped like Keras.
 * - plain (rbf): y[label], the RBF output of the correct class.
 * - map (rbf, eq. 9): y[label] + log(e^-j + sum_i e^-y_i), computed as a log-sum-exp (stable for large y).
 * - mse (tanh): sum_i (y_i - t_i)^2 with t = +1 for the label, -1 otherwise (per pattern, like the RBF's
 *   squared distance, so both heads give bbprop the same d2E/dy^2 = 2).
 */
export function createLoss(head: Head, options: LossOptions = {}): (labels: tf.Tensor1D, outputs: tf.Tensor2D) => tf.Scalar {
  const allowed = CRITERIA_BY_HEAD[head];
  if (allowed === undefined) throw new LossOptionError(`head: expected one of ${Object.keys(CRITERIA_BY_HEAD).join(', ')}, found '${String(head)}'`);
  const criterion = options.criterion ?? allowed[0]!;
  const j = options.j ?? DEFAULT_MAP_J;
  if (!allowed.includes(criterion)) {
    throw new LossOptionError(`loss criterion: expected ${allowed.join(' or ')} for ${head === 'rbf' ? 'an' : 'a'} ${head} head, found '${criterion}'`);
  }
  if (!(j > 0) || !Number.isFinite(j)) throw new LossOptionError(`loss j: expected a finite number > 0, found ${j}`);

  return (labels, outputs) =>
    tf.tidy(() => {
      const classes = outputs.shape[1];
      const mask = tf.oneHot(tf.cast(labels, 'int32'), classes).asType('float32');
      switch (criterion) {
        case 'cross-entropy': {
          const p = tf.clipByValue(outputs, CROSS_ENTROPY_EPSILON, 1 - CROSS_ENTROPY_EPSILON);
          return tf.neg(tf.mean(tf.sum(tf.mul(mask, tf.log(p)), 1)));
        }
        case 'mse': {
          const targets = tf.add(tf.mul(mask, TANH_TARGETS.on - TANH_TARGETS.off), TANH_TARGETS.off);
          return tf.mean(tf.sum(tf.squaredDifference(outputs, targets), 1));
        }
        case 'plain':
          return tf.mean(tf.sum(tf.mul(mask, outputs), 1));
        case 'map': {
          const correct = tf.sum(tf.mul(mask, outputs), 1);
          const rubbish = tf.fill([outputs.shape[0], 1], -j);
          const competition = tf.logSumExp(tf.concat([tf.neg(outputs), rubbish], 1), 1);
          return tf.mean(tf.add(correct, competition));
        }
      }
    }) as tf.Scalar;
}
