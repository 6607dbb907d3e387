import type * as tf from '@tensorflow/tfjs';
import type { TableConv2D } from './layers/table-conv2d';

/** One row of the paper's layer table. */
export interface LayerDescription {
  name: string;
  /** Without the batch dimension. */
  outputShape: number[];
  /** Trainable parameters. */
  params: number;
  /** Connections as the paper counts them: each weight use per output unit, biases included. */
  connections: number;
}

/** Layers with no weights that only squash or reshape: folded into the row of the layer before them. */
const ELEMENTWISE = new Set(['Activation', 'Flatten']);

function outputShapeOf(layer: tf.layers.Layer): number[] {
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1).map((n) => n ?? -1);
}

function trainableParams(layer: tf.layers.Layer): number {
  return layer.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => (a as number) * (b as number), 1)!, 0);
}

function inputShapeOf(layer: tf.layers.Layer): number[] {
  return (layer.inputSpec?.[0]?.shape ?? (layer.input as tf.SymbolicTensor).shape).slice(1).map((n) => n ?? -1);
}

function connectionsOf(layer: tf.layers.Layer): number {
  const out = outputShapeOf(layer);
  const units = out.reduce((a, b) => a * b, 1);
  const inShape = inputShapeOf(layer);
  const config = layer.getConfig();
  switch (layer.getClassName()) {
    case 'ImageConv2D': {
      const k = config.kernelSize as number;
      return units * (k * k * inShape[inShape.length - 1] + 1);
    }
    case 'Conv2D': {
      const [kh, kw] = config.kernelSize as number[];
      return units * (kh * kw * inShape[inShape.length - 1] + (config.useBias ? 1 : 0));
    }
    case 'TableConv2D': {
      const t = layer as TableConv2D;
      const perPosition = t.table.reduce((n, row) => n + row.length * t.kernelSize * t.kernelSize + 1, 0);
      return out[0] * out[1] * perPosition;
    }
    case 'Dense':
      return units * (inShape[inShape.length - 1] + (config.useBias ? 1 : 0));
    case 'TrainableSubsampling':
      return units * 5; // four inputs and the bias
    case 'AveragePooling2D':
    case 'MaxPooling2D': {
      const [ph, pw] = config.poolSize as number[];
      return units * ph * pw;
    }
    case 'RbfOutput':
      return units * inShape[inShape.length - 1];
    default:
      return 0; // reshapes (Flatten) connect nothing
  }
}

/**
 * The model's layers as the paper tabulates them: output shape, trainable parameters and connections.
 * The input layer is left out; elementwise activation layers are folded into the layer they follow.
 * For lenet5-1998 this reproduces the paper: C1 156 / 122,304 ... OUTPUT 0 / 840, 60,000 / 340,908 in all.
 */
export function describe(model: tf.LayersModel): LayerDescription[] {
  const rows: LayerDescription[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    if (ELEMENTWISE.has(className) && rows.length > 0) continue;
    rows.push({ name: layer.name, outputShape: outputShapeOf(layer), params: trainableParams(layer), connections: connectionsOf(layer) });
  }
  return rows;
}
