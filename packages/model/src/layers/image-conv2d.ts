import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';
import type { LayerArgs } from './layer-args';
import { nhwcChannels, singleInputShape } from './input-shape';
import { lecunUniform, type Init } from './lecun-uniform';
import { applyActivation } from './scaled-tanh';

/** Options of the first convolution (C1). */
export interface ImageConv2DArgs extends LayerArgs {
  filters: number;
  kernelSize?: number;
  padding?: 'same' | 'valid';
  activation?: Activation | 'linear';
  /** lecun98: kernel and bias uniform +/-2.4/fan-in; default: Glorot uniform kernel, zero bias (TF.js's). */
  init?: Init;
  seed?: number;
}

/**
 * A stride-1 convolution + bias + activation for the layer that reads the image, as separate ops.
 * TF.js runs a stock Conv2D without a fusable activation (tanh family) through its fused conv op, whose
 * gradient always computes the gradient of its input too: for C1 that is the image's, never used, and on
 * wasm a full extra convolution per step. Separate ops let the tape skip it. Same weights as a Conv2D
 * (kernel [k, k, in, filters], bias [filters]).
 */
export class ImageConv2D extends tf.layers.Layer {
  static readonly className = 'ImageConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly padding: 'same' | 'valid';
  readonly activation: Activation | 'linear';
  readonly init: Init;
  readonly seed: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: ImageConv2DArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize ?? 5;
    this.padding = args.padding ?? 'valid';
    this.activation = args.activation ?? 'linear';
    this.init = args.init ?? 'default';
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = nhwcChannels(this.name, inputShape);
    const k = this.kernelSize;
    const fanIn = k * k * channels;
    const kernelShape = [k, k, channels, this.filters];
    const lecun = this.init !== 'default';
    const kernelInit = lecun ? tf.initializers.zeros() : tf.initializers.glorotUniform({ seed: this.seed });
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', kernelInit);
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    if (lecun) {
      tf.tidy(() => {
        this.kernel!.write(lecunUniform(kernelShape, fanIn, this.seed, this.init as 'lecun98'));
        this.bias!.write(lecunUniform([this.filters], fanIn, this.seed + 1, this.init as 'lecun98'));
      });
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const filter = this.kernel!.read() as tf.Tensor4D;
      const bias = this.bias!.read();
      // Outside gradient recording (inference) the fused conv + bias is one kernel and nothing is wasted.
      const y =
        tf.engine().state.gradientDepth > 0
          ? tf.add(tf.conv2d(x, filter, 1, this.padding), bias)
          : tf.fused.conv2d({ x, filter, strides: 1, pad: this.padding, bias });
      return applyActivation(this.activation, y);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleInputShape(inputShape);
    const out = (n: number | null) => (n == null || this.padding === 'same' ? n : n - this.kernelSize + 1);
    return [s[0], out(s[1]), out(s[2]), this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      padding: this.padding,
      activation: this.activation,
      init: this.init,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(ImageConv2D);
