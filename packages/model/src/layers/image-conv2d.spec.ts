import * as tf from '@tensorflow/tfjs';
import { createLoss } from '../create-loss';
import { createModel } from '../create-model';
import { buildLayer, checkGradients, maxAbsDiff, seededUniform } from './grad-check.test-util';
import { ImageConv2D } from './image-conv2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Single-channel 'valid' or 'same' (zero padded) correlation + bias, then the scaled tanh, written out. */
function reference(x: Float32Array, [b, h, w]: number[], kernel: Float32Array, bias: Float32Array, k: number, filters: number, same: boolean) {
  const p = same ? (k - 1) / 2 : 0;
  const ho = same ? h : h - k + 1;
  const wo = same ? w : w - k + 1;
  const out = new Float32Array(b * ho * wo * filters);
  for (let n = 0; n < b; n++)
    for (let y = 0; y < ho; y++)
      for (let xo = 0; xo < wo; xo++)
        for (let f = 0; f < filters; f++) {
          let a = bias[f];
          for (let dy = 0; dy < k; dy++)
            for (let dx = 0; dx < k; dx++) {
              const iy = y + dy - p;
              const ix = xo + dx - p;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) a += x[(n * h + iy) * w + ix] * kernel[(dy * k + dx) * filters + f];
            }
          out[((n * ho + y) * wo + xo) * filters + f] = 1.7159 * Math.tanh((2 / 3) * a);
        }
  return out;
}

describe('ImageConv2D', () => {
  it.each([['valid'], ['same']] as const)('matches the loop reference (%s)', (padding) => {
    const shape = [2, 8, 7, 1];
    const layer = new ImageConv2D({ filters: 3, kernelSize: 5, padding, activation: 'scaled-tanh', init: 'lecun98', seed: 1 });
    const xs = seededUniform(shape, 2);
    const x = tf.tensor4d(xs, shape as [number, number, number, number]);
    const y = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(y.shape).toEqual(padding === 'same' ? [2, 8, 7, 3] : [2, 4, 3, 3]);
    expect(maxAbsDiff(y.dataSync(), reference(xs, shape, kernel, bias, 5, 3, padding === 'same'))).toBeLessThan(1e-5);
    tf.dispose([x, y]);
  });

  it('has the weights of a Conv2D: 6@5x5 on one channel = 156 parameters, lecun98 within +/-2.4/25', () => {
    const layer = new ImageConv2D({ filters: 6, init: 'lecun98', seed: 3 });
    buildLayer(layer, [null, 32, 32, 1]);
    expect(layer.countParams()).toBe(156);
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[5, 5, 1, 6], [6]]);
    const values = layer.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(2.4 / 25);
    layer.dispose();
  });

  it('has gradients (input, kernel, bias) that match central finite differences', () => {
    const layer = new ImageConv2D({ filters: 2, kernelSize: 3, activation: 'scaled-tanh', init: 'lecun98', seed: 4 });
    const x = tf.variable(tf.tensor4d(seededUniform([1, 6, 6, 1], 5), [1, 6, 6, 1]));
    buildLayer(layer, [null, 6, 6, 1]);
    const r = tf.tensor4d(seededUniform([1, 4, 4, 2], 6), [1, 4, 4, 2]);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const result = checkGradients(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)), [x, ...weights]);
    expect(result.failures).toEqual([]);
    tf.dispose([x, r]);
    layer.dispose();
  });

  it("lets a lenet5-1998 training step skip the image's gradient (no Conv2DBackpropInput at C1)", async () => {
    const model = createModel('lenet5-1998');
    const loss = createLoss('rbf');
    const x = tf.zeros([2, 32, 32, 1]);
    const labels = tf.tensor1d([1, 2], 'int32');
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => loss(labels, model.apply(x, { training: true }) as tf.Tensor2D));
      tf.dispose([value, ...Object.values(grads)]);
    });
    const backpropInputs = info.kernels.filter((k) => k.name === 'Conv2DBackpropInput').map((k) => k.inputShapes[0]);
    expect(backpropInputs).toEqual([
      [2, 1, 1, 120],
      [2, 10, 10, 16],
    ]); // C5 and C3 need theirs; C1 none
    tf.dispose([x, labels]);
    model.dispose();
  });
});
