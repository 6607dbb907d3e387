import * as tf from '@tensorflow/tfjs';
import type { Head } from './model-options';

/** The predicted class per row: argmax of softmax probabilities or tanh scores, argmin of RBF distances. int32 [batch]. */
export function predictClasses(outputs: tf.Tensor2D, head: Head): tf.Tensor1D {
  return head === 'rbf' ? tf.argMin(outputs, 1) : tf.argMax(outputs, 1);
}
