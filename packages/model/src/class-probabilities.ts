import * as tf from '@tensorflow/tfjs';
import type { Head } from './model-options';

/**
 * Class probabilities: softmax outputs as they are; RBF distances y as softmax(-y) (the MAP view of eq. 9);
 * the tanh head's scores y as softmax(y) (a monotone view for display, not calibrated).
 */
export function classProbabilities(outputs: tf.Tensor2D, head: Head): tf.Tensor2D {
  switch (head) {
    case 'rbf':
      return tf.tidy(() => tf.softmax(tf.neg(outputs)));
    case 'tanh':
      return tf.softmax(outputs);
    case 'softmax':
      return tf.clone(outputs);
  }
}
