import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';
import type { LayerArgs } from './layer-args';

/** A and S of the paper's squashing function f(a) = A tanh(S a), chosen so that f(1) = 1 and f(-1) = -1. */
export const SCALED_TANH_A = 1.7159;
export const SCALED_TANH_S = 2 / 3;

/** f(a) = 1.7159 tanh(2a/3), elementwise. */
export function scaledTanh<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.tanh(tf.mul(x, SCALED_TANH_S)), SCALED_TANH_A) as T);
}

/** Applies one of the model's activations (used by the custom layers, which carry their activation). */
export function applyActivation<T extends tf.Tensor>(name: Activation | 'linear', x: T): T {
  switch (name) {
    case 'scaled-tanh':
      return scaledTanh(x);
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}


/** The paper's squashing function as a layer, after stock Conv2D / Dense layers (which only know TF.js activations). */
export class ScaledTanh extends tf.layers.Layer {
  static readonly className = 'ScaledTanh';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return scaledTanh(Array.isArray(inputs) ? inputs[0] : inputs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}
tf.serialization.registerClass(ScaledTanh);
