import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';
import type { LayerArgs } from './layer-args';

/** A and S of the paper's squashing function f(a) = A tanh(S a), chosen so that f(1) = 1 and f(-1) = -1. */
export const SCALED_TANH_A = 1.7159;
export const SCALED_TANH_S = 2 / 3;

/**
 * f(a) = A tanh(S a), elementwise, computed as 2A sigmoid(2S a) - A (the same function): the wasm backend's
 * Tanh kernel is a scalar loop about 5x slower than its vectorised (XNNPACK) Sigmoid on LeNet's C1 maps.
 */
export function scaledTanh<T extends tf.Tensor>(x: T, a = SCALED_TANH_A, s = SCALED_TANH_S): T {
  return tf.tidy(() => tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2 * s)), 2 * a), a) as T);
}

/** Applies one of the model's activations (used by the custom layers, which carry their activation). */
export function applyActivation<T extends tf.Tensor>(name: Activation | 'linear', x: T): T {
  switch (name) {
    case 'scaled-tanh':
      return scaledTanh(x);
    case 'tanh':
      return scaledTanh(x, 1, 1);
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

/** Options of the squashing layer: f(a) = scale tanh(slope a). */
export interface ScaledTanhArgs extends LayerArgs {
  /** A; default 1.7159. */
  scale?: number;
  /** S; default 2/3. */
  slope?: number;
}

/**
 * The paper's squashing function as a layer, after stock Conv2D / Dense layers (whose built-in activations
 * do not include it). With scale = slope = 1 it is a plain tanh, faster on wasm than the built-in one.
 */
export class ScaledTanh extends tf.layers.Layer {
  static readonly className = 'ScaledTanh';
  readonly scale: number;
  readonly slope: number;

  constructor(args: ScaledTanhArgs = {}) {
    super(args);
    this.scale = args.scale ?? SCALED_TANH_A;
    this.slope = args.slope ?? SCALED_TANH_S;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return scaledTanh(Array.isArray(inputs) ? inputs[0] : inputs, this.scale, this.slope);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale, slope: this.slope };
  }
}
tf.serialization.registerClass(ScaledTanh);
