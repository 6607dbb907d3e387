import type * as tf from '@tensorflow/tfjs';

/** The shape of a single-input layer's input: TF.js may hand `build`/`computeOutputShape` a list of one. */
export function singleInputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

/**
 * The channel count of an NHWC input shape.
 *
 * @throws Error naming the layer when the shape has no known channel count.
 */
export function nhwcChannels(layerName: string, inputShape: tf.Shape | tf.Shape[]): number {
  const shape = singleInputShape(inputShape);
  const channels = shape[3];
  if (channels == null) throw new Error(`${layerName}: expected NHWC input with known channels, found ${JSON.stringify(shape)}`);
  return channels;
}
