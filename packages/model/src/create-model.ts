import * as tf from '@tensorflow/tfjs';
import { C3_TABLE } from './c3-table';
import { LENET1_C3_TABLE, LENET4_C3_TABLE, LENET4_F5_TABLE, type ConnectionTable } from './lenet-tables';
import { CenteredResize } from './layers/centered-resize';
import { ImageConv2D } from './layers/image-conv2d';
import { lecunRange, weightSeed } from './layers/lecun-uniform';
import { RbfOutput } from './layers/rbf-output';
import { layerActivation } from './layers/scaled-tanh';
import { TrainableSubsampling } from './layers/subsampling';
import { TableConv2D } from './layers/table-conv2d';
import { type ModelName, type ModelOptions, resolveModelOptions } from './model-options';

type Initializer = ReturnType<typeof tf.initializers.zeros>;
type SymbolicTensor = tf.SymbolicTensor;

/**
 * Builds a LeNet as a TF.js LayersModel: NHWC [batch, input, input, 1] in, [batch, 10] out (softmax
 * probabilities; RBF distances for the rbf head: smaller is better; scaled-tanh scores for the tanh head). Layers are named after the paper
 * (C1, S2, C3, S4, C5, F6, OUTPUT; LeNet-4: C1, S2, C3, S4, F5, OUTPUT; LeNet-1: resize, C1, S2, C3, S4,
 * OUTPUT); weights are a pure function of the options (seeded initializers).
 */
export function createModel(name: ModelName, options: Partial<ModelOptions> = {}): tf.LayersModel {
  const o = resolveModelOptions(name, options);
  let slot = 0;
  // Steps of 2: custom layers seed their bias with seed + 1, which must not be the next layer's seed.
  const nextSeed = () => weightSeed(o.seed, (slot += 2));
  const lecun = (fanIn: number, init: 'lecun98' | 'lecun98-sqrt'): Initializer =>
    tf.initializers.randomUniform({ minval: -lecunRange(init, fanIn), maxval: lecunRange(init, fanIn), seed: nextSeed() });
  const uniform = (fanIn: number): Initializer => (o.init === 'default' ? tf.initializers.glorotUniform({ seed: nextSeed() }) : lecun(fanIn, o.init));
  const bias = (fanIn: number): Initializer => (o.init === 'default' ? tf.initializers.zeros() : lecun(fanIn, o.init));
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
  const c1 = (x: SymbolicTensor, filters: number, padding: 'same' | 'valid') =>
    tanhFamily
      ? (new ImageConv2D({ name: 'C1', filters, padding, activation: o.activation, init: o.init, seed: nextSeed() }).apply(x) as SymbolicTensor)
      : conv(x, 'C1', filters, 1, padding);
  // A table layer, or (c3: 'full') the full convolution over the same maps.
  const tableConv = (x: SymbolicTensor, layerName: string, table: ConnectionTable, inMaps: number) =>
    o.c3 === 'table'
      ? (new TableConv2D({ name: layerName, table, activation: o.activation, init: o.init, seed: nextSeed() }).apply(x) as SymbolicTensor)
      : conv(x, layerName, table.length, inMaps, 'valid');
  // The dense heads: softmax probabilities, or the 1989/1990 nets' 10 scaled-tanh units (whatever the hidden activation).
  const denseOutput = (x: SymbolicTensor, fanIn: number) =>
    tf.layers
      .dense({
        name: 'OUTPUT',
        units: 10,
        activation: o.head === 'tanh' ? layerActivation('scaled-tanh') : 'softmax',
        kernelInitializer: uniform(fanIn),
        biasInitializer: bias(fanIn),
      })
      .apply(x) as SymbolicTensor;
  const flatten = (x: SymbolicTensor) => tf.layers.flatten({ name: 'flatten' }).apply(x) as SymbolicTensor;

  if (name === 'lenet1') {
    // Le Cun et al. 1990: 16x16 digit in 28x28 -> H1 4@24x24 -> H2 4@12x12 -> H3 12@8x8 -> H4 12@4x4 -> 10.
    let x = new CenteredResize({ name: 'resize', size: 16 }).apply(input) as SymbolicTensor;
    x = pool(c1(x, 4, 'valid'), 'S2');
    x = pool(tableConv(x, 'C3', LENET1_C3_TABLE, 4), 'S4');
    return tf.model({ inputs: input, outputs: denseOutput(flatten(x), 12 * 4 * 4), name });
  }
  if (name === 'lenet4') {
    // p. 13: 32x32 -> C1 4@28x28 -> S2 8@14x14 (two per C1 map) -> C3 16@10x10 -> S4 16@5x5 -> F5 120 -> 10.
    let x = c1(input, 4, 'valid');
    x = new TrainableSubsampling({ name: 'S2', activation: o.activation, init: o.init, seed: nextSeed(), mapsPerInput: 2 }).apply(x) as SymbolicTensor;
    x = pool(tableConv(x, 'C3', LENET4_C3_TABLE, 8), 'S4');
    x = tableConv(x, 'F5', LENET4_F5_TABLE, 16);
    return tf.model({ inputs: input, outputs: denseOutput(flatten(x), 120), name });
  }

  const c1Padding = o.input === 28 ? 'same' : 'valid';
  // The tanh family goes through TF.js's fused conv op, whose gradient would also compute the image's.
  let x = pool(c1(input, 6, c1Padding), 'S2');
  x = pool(tableConv(x, 'C3', C3_TABLE, 6), 'S4');
  x = flatten(conv(x, 'C5', 120, 16, 'valid'));
  x = tf.layers.dense({ name: 'F6', units: 84, activation, kernelInitializer: uniform(120), biasInitializer: bias(120) }).apply(x) as SymbolicTensor;
  const output = o.head === 'rbf' ? (new RbfOutput({ name: 'OUTPUT' }).apply(x) as SymbolicTensor) : denseOutput(x, 84);
  return tf.model({ inputs: input, outputs: output, name });
}
