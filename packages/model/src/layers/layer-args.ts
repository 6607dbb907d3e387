import type * as tf from '@tensorflow/tfjs';

/** The base options every TF.js layer takes (tfjs-layers does not export its LayerArgs type from the root). */
export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
  batchSize?: number;
}
