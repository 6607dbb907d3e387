import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';
import { nhwcChannels, singleInputShape } from './input-shape';
import { lecunUniform, type Init } from './lecun-uniform';
import { applyActivation } from './scaled-tanh';

import type { LayerArgs } from './layer-args';

/** Options of the trainable subsampling layer (S2, S4). */
export interface SubsamplingArgs extends LayerArgs {
  /** Squashing function after the affine map; 'linear' for none. */
  activation?: Activation | 'linear';
  /** lecun98: coefficient and bias uniform +/-2.4/4; default: coefficient 0.25, bias 0 (= average pooling). */
  init?: Init;
  seed?: number;
  /** Subsampling maps per input map (LeNet-4's S2: 2, "connected in pairs"); output map m reads input map floor(m / mapsPerInput). Default 1. */
  mapsPerInput?: number;
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
  readonly init: Init;
  readonly seed: number;
  readonly mapsPerInput: number;
  private coefficient?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: SubsamplingArgs = {}) {
    super(args);
    this.activation = args.activation ?? 'linear';
    this.init = args.init ?? 'default';
    this.seed = args.seed ?? 0;
    this.mapsPerInput = args.mapsPerInput ?? 1;
    if (!Number.isInteger(this.mapsPerInput) || this.mapsPerInput < 1) {
      throw new Error(`${this.name}: expected mapsPerInput to be an integer >= 1, found ${String(args.mapsPerInput)}`);
    }
  }

  /** x with each input map repeated mapsPerInput times (output map order), or x itself. */
  spread(x: tf.Tensor4D): tf.Tensor4D {
    if (this.mapsPerInput === 1) return x;
    // Tile, not gather: wasm has no kernel for gather's gradient (UnsortedSegmentSum).
    const [n, h, w, c] = x.shape;
    return tf.reshape(tf.tile(tf.reshape(x, [n * h * w, c, 1]), [1, 1, this.mapsPerInput]), [n, h, w, c * this.mapsPerInput]);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = nhwcChannels(this.name, inputShape) * this.mapsPerInput;
    this.coefficient = this.addWeight('coefficient', [channels], 'float32', tf.initializers.constant({ value: 0.25 }));
    this.bias = this.addWeight('bias', [channels], 'float32', tf.initializers.zeros());
    if (this.init !== 'default') {
      const init = this.init;
      tf.tidy(() => {
        this.coefficient!.write(lecunUniform([channels], 4, this.seed, init));
        this.bias!.write(lecunUniform([channels], 4, this.seed + 1, init));
      });
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      // window sum x coefficient = window mean x (4 coefficient): the x4 goes on the small [maps] vector.
      const coefficient = tf.mul(this.coefficient!.read(), 4);
      const mean = tf.avgPool(this.spread(x), 2, 2, 'valid');
      return applyActivation(this.activation, tf.add(tf.mul(mean, coefficient), this.bias!.read()));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleInputShape(inputShape);
    const half = (n: number | null) => (n == null ? null : Math.floor(n / 2));
    return [s[0], half(s[1]), half(s[2]), s[3] == null ? null : s[3] * this.mapsPerInput];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, init: this.init, seed: this.seed, mapsPerInput: this.mapsPerInput };
  }
}
tf.serialization.registerClass(TrainableSubsampling);
