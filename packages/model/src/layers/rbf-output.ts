import * as tf from '@tensorflow/tfjs';
import { rbfCodes } from '../rbf-codes';
import { singleInputShape } from './input-shape';

import type { LayerArgs } from './layer-args';

/**
 * The paper's OUTPUT layer: one Euclidean RBF unit per class, y_i = sum_j (x_j - w_ij)^2, with w_i the fixed
 * +1/-1 code of digit i (the 7x12 bitmaps, read from the package's asset file). No trainable parameters; the
 * codes are not weights either, so they are neither saved nor counted. The predicted class is argmin y.
 * Computed as |x|^2 - 2 x.W^T + |w|^2: one matmul instead of a [batch, 10, 84] difference tensor.
 */
export class RbfOutput extends tf.layers.Layer {
  static readonly className = 'RbfOutput';
  private readonly codes: Float32Array;
  private readonly codeNorms: Float32Array;
  readonly units: number;
  readonly width: number;

  constructor(args: LayerArgs = {}) {
    super(args);
    const codes = rbfCodes();
    this.units = codes.length;
    this.width = codes[0].length;
    this.codes = Float32Array.from(codes.flat());
    this.codeNorms = Float32Array.from(codes.map((c) => c.reduce((s, v) => s + v * v, 0)));
  }

  /** The fixed codes as a [units, width] tensor (the caller disposes it). */
  codeMatrix(): tf.Tensor2D {
    return tf.tensor2d(this.codes, [this.units, this.width]);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleInputShape(inputShape);
    if (shape.length !== 2 || shape[1] !== this.width) {
      throw new Error(`${this.name}: expected input [batch, ${this.width}] (F6), found ${JSON.stringify(shape)}`);
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const xx = tf.sum(tf.square(x), 1, true);
      const xw = tf.matMul(x, this.codeMatrix(), false, true);
      return tf.add(tf.sub(xx, tf.mul(xw, 2)), tf.tensor1d(this.codeNorms));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleInputShape(inputShape);
    return [s[0], this.units];
  }
}
tf.serialization.registerClass(RbfOutput);
