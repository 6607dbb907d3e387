import * as tf from '@tensorflow/tfjs';
import type { Head } from './model-options';

/** Class probabilities: softmax outputs as they are; RBF distances y as softmax(-y) (the MAP view of eq. 9). */
export function classProbabilities(outputs: tf.Tensor2D, head: Head): tf.Tensor2D {
  return head === 'rbf' ? tf.tidy(() => tf.softmax(tf.neg(outputs))) : tf.clone(outputs);
}
