import * as tf from '@tensorflow/tfjs';
import { normalizeImages } from '@lenet/data';
import { classProbabilities } from '@lenet/model';
import type { LoadedModel } from './model-io';

/** The layers the page shows, in the network's order (every LeNet of @lenet/model names them so). */
export const SHOWN_LAYERS = ['C1', 'S2', 'C3', 'S4', 'C5', 'F6'] as const;
export type ShownLayer = (typeof SHOWN_LAYERS)[number];

/** One layer's output for one image: values and shape without the batch axis ([h, w, c] or [units]). */
export interface Activation {
  data: Float32Array;
  shape: number[];
}

/** What one forward pass gives the page. */
export interface Classification {
  predicted: number;
  probabilities: Float32Array;
  /** The raw outputs: probabilities (softmax head) or the ten RBF distances (rbf head). */
  outputs: Float32Array;
  layers: Record<ShownLayer, Activation>;
  milliseconds: number;
}

/** A model that returns every shown layer and the output in one pass. */
export function activationModel(m: LoadedModel): tf.LayersModel {
  const outputs = [...SHOWN_LAYERS, 'OUTPUT'].map((name) => m.model.getLayer(name).output as tf.SymbolicTensor);
  return tf.model({ inputs: m.model.inputs, outputs });
}

/** Classifies one 28x28 MNIST-like image and reads every layer. */
export async function classify(m: LoadedModel, probe: tf.LayersModel, pixels: Uint8Array): Promise<Classification> {
  const start = performance.now();
  const size = m.layout.size;
  const input = normalizeImages(pixels, 1, m.layout);
  const tensors = tf.tidy(() => {
    const outs = probe.predict(tf.tensor4d(input, [1, size, size, 1])) as tf.Tensor[];
    return [...outs, classProbabilities(outs[outs.length - 1] as tf.Tensor2D, m.head)];
  });
  const values = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  const shapes = tensors.map((t) => t.shape.slice(1));
  tf.dispose(tensors);
  const probabilities = values[values.length - 1]!;
  let predicted = 0;
  for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[predicted]!) predicted = k;
  const layers = Object.fromEntries(SHOWN_LAYERS.map((name, i) => [name, { data: values[i]!, shape: shapes[i]! }])) as Record<ShownLayer, Activation>;
  return { predicted, probabilities, outputs: values[SHOWN_LAYERS.length]!, layers, milliseconds: performance.now() - start };
}
