import type * as tf from '@tensorflow/tfjs';
import type { Head } from '@lenet/model';

/** One optimizer step's input: the same for the single-thread step (train.ts) and the data-parallel one. */
export interface StepInput {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  /** The variables the step trains, in `model.trainableWeights` order. */
  variables: tf.Variable[];
  lossFn: (y: tf.Tensor1D, out: tf.Tensor2D) => tf.Scalar;
  head: Head;
  /** The mini-batch: `size` NHWC images of `side` x `side`, and their labels. */
  batch: { images: Float32Array; labels: Int32Array; size: number; side: number };
  /** The batch's random affine distortions, or null for none. */
  distortion: { transforms: Float32Array; background: number } | null;
}

/** What a step reports: the batch's mean loss and its number of correct predictions. */
export interface StepOutcome {
  loss: number;
  correct: number;
}
