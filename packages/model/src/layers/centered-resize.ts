import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args';
import { singleInputShape } from './input-shape';

/** Options of {@link CenteredResize}. */
export interface CenteredResizeArgs extends LayerArgs {
  /** Side the image is resized to (bilinear) before it is centred in a field of the input's side. */
  size: number;
}

/**
 * LeNet-1's input (LeCun et al. 1998, p. 13): "the images were down-sampled to 16x16 pixels and centered in
 * the 28x28 input layer". Resizes [B, n, n, C] to size x size and pads it back to n x n with each image's
 * own minimum (its background: every normalisation here maps white to the smallest value). No parameters.
 */
export class CenteredResize extends tf.layers.Layer {
  static readonly className = 'CenteredResize';
  readonly size: number;

  constructor(args: CenteredResizeArgs) {
    super(args);
    this.size = args.size;
    if (!Number.isInteger(this.size) || this.size < 1) throw new Error(`${this.name}: expected an integer size >= 1, found ${String(args.size)}`);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const side = singleInputShape(inputShape)[1];
    if (side == null || side < this.size || (side - this.size) % 2 !== 0) {
      throw new Error(`${this.name}: expected an input side >= ${this.size} differing from it by an even number, found ${String(side)}`);
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const margin = (x.shape[1] - this.size) / 2;
      const background = tf.min(x, [1, 2, 3], true);
      const small = tf.sub(tf.image.resizeBilinear(x, [this.size, this.size]), background);
      return tf.add(
        tf.pad(small, [
          [0, 0],
          [margin, margin],
          [margin, margin],
          [0, 0],
        ]),
        background,
      );
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleInputShape(inputShape);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}
tf.serialization.registerClass(CenteredResize);
