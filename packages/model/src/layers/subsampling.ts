import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';
import { nhwcChannels, singleInputShape } from './input-shape';
import { lecunUniform } from './lecun-uniform';
import { applyActivation } from './scaled-tanh';

import type { LayerArgs } from './layer-args';

/** Options of the trainable subsampling layer (S2, S4). */
export interface SubsamplingArgs extends LayerArgs {
  /** Squashing function after the affine map; 'linear' for none. */
  activation?: Activation | 'linear';
  /** lecun98: coefficient and bias uniform +/-2.4/4; default: coefficient 0.25, bias 0 (= average pooling). */
  init?: 'lecun98' | 'default';
  seed?: number;
}

/**
 * The paper's subsampling unit: the four inputs of a 2x2 window (stride 2) are added, multiplied by one
 * trainable coefficient and shifted by one trainable bias per feature map, then squashed.
 * NHWC in, NHWC out; 2 parameters per map. Computed as avgPool x (4 coefficient) + bias: average pooling has
 * fast forward and backward wasm kernels, and measured as fast as a depthwise 2x2/2 convolution with the
 * coefficient in its kernel or a reshape-and-sum (see README).
 */
export class TrainableSubsampling extends tf.layers.Layer {
  static readonly className = 'TrainableSubsampling';
  readonly activation: Activation | 'linear';
  readonly init: 'lecun98' | 'default';
  readonly seed: number;
  private coefficient?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: SubsamplingArgs = {}) {
    super(args);
    this.activation = args.activation ?? 'linear';
    this.init = args.init ?? 'default';
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = nhwcChannels(this.name, inputShape);
    this.coefficient = this.addWeight('coefficient', [channels], 'float32', tf.initializers.constant({ value: 0.25 }));
    this.bias = this.addWeight('bias', [channels], 'float32', tf.initializers.zeros());
    if (this.init === 'lecun98') {
      tf.tidy(() => {
        this.coefficient!.write(lecunUniform([channels], 4, this.seed));
        this.bias!.write(lecunUniform([channels], 4, this.seed + 1));
      });
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      // window sum x coefficient = window mean x (4 coefficient): the x4 goes on the small [maps] vector.
      const coefficient = tf.mul(this.coefficient!.read(), 4);
      const mean = tf.avgPool(x, 2, 2, 'valid');
      return applyActivation(this.activation, tf.add(tf.mul(mean, coefficient), this.bias!.read()));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleInputShape(inputShape);
    const half = (n: number | null) => (n == null ? null : Math.floor(n / 2));
    return [s[0], half(s[1]), half(s[2]), s[3]];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, init: this.init, seed: this.seed };
  }
}
tf.serialization.registerClass(TrainableSubsampling);

