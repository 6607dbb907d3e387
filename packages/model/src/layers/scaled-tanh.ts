import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';

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

/**
 * The paper's squashing function as a TF.js activation, so that stock Conv2D / Dense layers take it by name
 * (`activation: 'scaledTanh'`) and save and load it by that name. Being unknown to TF.js's fused kernels, it
 * also keeps training off the fused conv path, whose gradient always computes the (unused) gradient of the
 * input image: on wasm that is a full extra C1-sized convolution per step.
 */
export class ScaledTanhActivation extends tf.serialization.Serializable {
  static readonly className = 'scaledTanh';
  apply(x: tf.Tensor): tf.Tensor {
    return scaledTanh(x);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
tf.serialization.registerClass(ScaledTanhActivation);

/** Plain tanh through the vectorised sigmoid kernel (`activation: 'fastTanh'`); see {@link scaledTanh}. */
export class FastTanhActivation extends tf.serialization.Serializable {
  static readonly className = 'fastTanh';
  apply(x: tf.Tensor): tf.Tensor {
    return scaledTanh(x, 1, 1);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
tf.serialization.registerClass(FastTanhActivation);

/** The activation name a stock TF.js layer takes for one of the model's activations. */
export function layerActivation(name: Activation): 'relu' | 'sigmoid' {
  const names: Record<Activation, string> = {
    'scaled-tanh': ScaledTanhActivation.className,
    tanh: FastTanhActivation.className,
    relu: 'relu',
    sigmoid: 'sigmoid',
  };
  // TF.js types activations as its built-in names; registered classes are looked up by name all the same.
  return names[name] as 'relu' | 'sigmoid';
}
