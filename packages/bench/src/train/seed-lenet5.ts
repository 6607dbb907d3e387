import * as tf from '@tensorflow/tfjs';

/** The seed notebook's MyLeNet in TF.js layers (NHWC, 28x28 input, logits out; softmax lives in the loss). */
export function seedLenet5(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
  model.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.conv2d({ filters: 120, kernelSize: 5, activation: 'relu' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 84, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10 }));
  return model;
}

/** One Adam step of cross-entropy on a batch; returns nothing (no sync). */
export function makeStep(model: tf.LayersModel, optimizer: tf.Optimizer): (x: tf.Tensor4D, y: tf.Tensor2D) => void {
  return (x, y) => {
    tf.tidy(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D) as tf.Scalar);
    });
  };
}
