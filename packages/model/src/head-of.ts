import type * as tf from '@tensorflow/tfjs';
import type { Head } from './model-options';

/**
 * A built or loaded model's head, read from its last layer: the RbfOutput layer, a softmax Dense layer, or
 * any other Dense layer (the tanh head's scaled-tanh units).
 */
export function headOf(model: tf.LayersModel): Head {
  const last = model.layers[model.layers.length - 1]!;
  if (last.getClassName() === 'RbfOutput') return 'rbf';
  return last.getConfig()['activation'] === 'softmax' ? 'softmax' : 'tanh';
}
