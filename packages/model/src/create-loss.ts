import * as tf from '@tensorflow/tfjs';
import type { Head } from './model-options';

/** cross-entropy: softmax heads; plain and map (eq. 9 of the paper): rbf heads. */
export const CRITERION_NAMES = ['cross-entropy', 'map', 'plain'] as const;
export type Criterion = (typeof CRITERION_NAMES)[number];

export interface LossOptions {
  /** Default: cross-entropy for softmax, map for rbf. */
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
 */
export function createLoss(head: Head, options: LossOptions = {}): (labels: tf.Tensor1D, outputs: tf.Tensor2D) => tf.Scalar {
  const criterion = options.criterion ?? (head === 'softmax' ? 'cross-entropy' : 'map');
  const j = options.j ?? DEFAULT_MAP_J;
  if (head !== 'softmax' && head !== 'rbf') throw new LossOptionError(`head: expected softmax or rbf, found '${String(head)}'`);
  if (head === 'softmax' && criterion !== 'cross-entropy') {
    throw new LossOptionError(`loss criterion: expected cross-entropy for a softmax head, found '${criterion}'`);
  }
  if (head === 'rbf' && criterion !== 'map' && criterion !== 'plain') {
    throw new LossOptionError(`loss criterion: expected map or plain for an rbf head, found '${criterion}'`);
  }
  if (!(j > 0) || !Number.isFinite(j)) throw new LossOptionError(`loss j: expected a finite number > 0, found ${j}`);

  return (labels, outputs) =>
    tf.tidy(() => {
      const classes = outputs.shape[1];
      const mask = tf.oneHot(tf.cast(labels, 'int32'), classes).asType('float32');
      if (criterion === 'cross-entropy') {
        const p = tf.clipByValue(outputs, CROSS_ENTROPY_EPSILON, 1 - CROSS_ENTROPY_EPSILON);
        return tf.neg(tf.mean(tf.sum(tf.mul(mask, tf.log(p)), 1)));
      }
      const correct = tf.sum(tf.mul(mask, outputs), 1);
      if (criterion === 'plain') return tf.mean(correct);
      const rubbish = tf.fill([outputs.shape[0], 1], -j);
      const competition = tf.logSumExp(tf.concat([tf.neg(outputs), rubbish], 1), 1);
      return tf.mean(tf.add(correct, competition));
    }) as tf.Scalar;
}
