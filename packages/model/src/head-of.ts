import type * as tf from '@tensorflow/tfjs';
import { ScaledTanhActivation } from './layers/scaled-tanh';
import type { Head } from './model-options';

/**
 * A built or loaded model's head, read from its last layer: the RbfOutput layer, a Dense layer of scaled-tanh
 * units (the tanh head), and otherwise softmax (a softmax Dense layer, or a model of unknown make, read as
 * before the tanh head existed).
 */
export function headOf(model: tf.LayersModel): Head {
  const last = model.layers[model.layers.length - 1]!;
  if (last.getClassName() === 'RbfOutput') return 'rbf';
  return last.getClassName() === 'Dense' && last.getConfig()['activation'] === ScaledTanhActivation.className ? 'tanh' : 'softmax';
}
