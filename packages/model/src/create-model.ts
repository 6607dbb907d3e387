import * as tf from '@tensorflow/tfjs';
import { C3_TABLE } from './c3-table';
import { ImageConv2D } from './layers/image-conv2d';
import { weightSeed } from './layers/lecun-uniform';
import { RbfOutput } from './layers/rbf-output';
import { layerActivation } from './layers/scaled-tanh';
import { TrainableSubsampling } from './layers/subsampling';
import { TableConv2D } from './layers/table-conv2d';
import { type ModelName, type ModelOptions, resolveModelOptions } from './model-options';

type Initializer = ReturnType<typeof tf.initializers.zeros>;
type SymbolicTensor = tf.SymbolicTensor;

/**
 * Builds a LeNet as a TF.js LayersModel: NHWC [batch, input, input, 1] in, [batch, 10] out (softmax
 * probabilities, or RBF distances for the rbf head: smaller is better). Layers are named after the paper
 * (C1, S2, C3, S4, C5, F6, OUTPUT); weights are a pure function of the options (seeded initializers).
 */
export function createModel(name: ModelName, options: Partial<ModelOptions> = {}): tf.LayersModel {
  const o = resolveModelOptions(name, options);
  let slot = 0;
  // Steps of 2: custom layers seed their bias with seed + 1, which must not be the next layer's seed.
  const nextSeed = () => weightSeed(o.seed, (slot += 2));
  const uniform = (fanIn: number): Initializer =>
    o.init === 'lecun98'
      ? tf.initializers.randomUniform({ minval: -2.4 / fanIn, maxval: 2.4 / fanIn, seed: nextSeed() })
      : tf.initializers.glorotUniform({ seed: nextSeed() });
  const bias = (fanIn: number): Initializer =>
    o.init === 'lecun98'
      ? tf.initializers.randomUniform({ minval: -2.4 / fanIn, maxval: 2.4 / fanIn, seed: nextSeed() })
      : tf.initializers.zeros();
  // Stock layers take every activation by name: relu and sigmoid are TF.js's, the tanh family ours.
  const activation = layerActivation(o.activation);
  const tanhFamily = o.activation === 'scaled-tanh' || o.activation === 'tanh';

  const conv = (x: SymbolicTensor, layerName: string, filters: number, inMaps: number, padding: 'same' | 'valid') => {
    const fanIn = 25 * inMaps;
    return tf.layers
      .conv2d({
        name: layerName,
        filters,
        kernelSize: 5,
        padding,
        activation,
        kernelInitializer: uniform(fanIn),
        biasInitializer: bias(fanIn),
      })
      .apply(x) as SymbolicTensor;
  };
  const pool = (x: SymbolicTensor, layerName: string) => {
    switch (o.subsampling) {
      case 'trainable':
        return new TrainableSubsampling({ name: layerName, activation: o.activation, init: o.init, seed: nextSeed() }).apply(x) as SymbolicTensor;
      case 'avg':
        return tf.layers.averagePooling2d({ name: layerName, poolSize: 2, strides: 2 }).apply(x) as SymbolicTensor;
      case 'max':
        return tf.layers.maxPooling2d({ name: layerName, poolSize: 2, strides: 2 }).apply(x) as SymbolicTensor;
    }
  };

  const input = tf.input({ shape: [o.input, o.input, 1], name: 'image' });
  const c1Padding = o.input === 28 ? 'same' : 'valid';
  // The tanh family goes through TF.js's fused conv op, whose gradient would also compute the image's.
  let x = tanhFamily
    ? (new ImageConv2D({ name: 'C1', filters: 6, padding: c1Padding, activation: o.activation, init: o.init, seed: nextSeed() }).apply(input) as SymbolicTensor)
    : conv(input, 'C1', 6, 1, c1Padding);
  x = pool(x, 'S2');
  x =
    o.c3 === 'table'
      ? (new TableConv2D({ name: 'C3', table: C3_TABLE, activation: o.activation, init: o.init, seed: nextSeed() }).apply(x) as SymbolicTensor)
      : conv(x, 'C3', 16, 6, 'valid');
  x = pool(x, 'S4');
  x = conv(x, 'C5', 120, 16, 'valid');
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as SymbolicTensor;
  x = tf.layers
    .dense({ name: 'F6', units: 84, activation, kernelInitializer: uniform(120), biasInitializer: bias(120) })
    .apply(x) as SymbolicTensor;
  const output =
    o.head === 'rbf'
      ? (new RbfOutput({ name: 'OUTPUT' }).apply(x) as SymbolicTensor)
      : (tf.layers
          .dense({ name: 'OUTPUT', units: 10, activation: 'softmax', kernelInitializer: uniform(84), biasInitializer: bias(84) })
          .apply(x) as SymbolicTensor);
  return tf.model({ inputs: input, outputs: output, name });
}
