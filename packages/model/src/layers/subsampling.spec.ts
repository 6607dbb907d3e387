import * as tf from '@tensorflow/tfjs';
import { buildLayer, checkGradients, maxAbsDiff, seededUniform } from './grad-check.test-util';
import { SCALED_TANH_A, SCALED_TANH_S } from './scaled-tanh';
import { TrainableSubsampling } from './subsampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The paper's unit, written out: f(coef * (sum of the 2x2 window) + bias), NHWC. */
function reference(x: Float32Array, [b, h, w, c]: number[], coef: Float32Array, bias: Float32Array): Float32Array {
  const h2 = Math.floor(h / 2);
  const w2 = Math.floor(w / 2);
  const out = new Float32Array(b * h2 * w2 * c);
  for (let n = 0; n < b; n++)
    for (let i = 0; i < h2; i++)
      for (let j = 0; j < w2; j++)
        for (let k = 0; k < c; k++) {
          let sum = 0;
          for (let di = 0; di < 2; di++) for (let dj = 0; dj < 2; dj++) sum += x[((n * h + 2 * i + di) * w + 2 * j + dj) * c + k];
          const a = coef[k] * sum + bias[k];
          out[((n * h2 + i) * w2 + j) * c + k] = SCALED_TANH_A * Math.tanh(SCALED_TANH_S * a);
        }
  return out;
}

describe('TrainableSubsampling', () => {
  const shape = [2, 6, 6, 3];

  it('computes f(coef * 2x2 sum + bias) per map, like the loop reference', () => {
    const layer = new TrainableSubsampling({ activation: 'scaled-tanh', init: 'lecun98', seed: 7 });
    const xs = seededUniform(shape, 1);
    const x = tf.tensor4d(xs, shape as [number, number, number, number]);
    const y = layer.apply(x) as tf.Tensor;
    const [coef, bias] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(y.shape).toEqual([2, 3, 3, 3]);
    expect(maxAbsDiff(y.dataSync(), reference(xs, shape, coef, bias))).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('drops the last row and column of odd-sized maps, like valid pooling', () => {
    const odd = [1, 7, 5, 2];
    const layer = new TrainableSubsampling({ activation: 'scaled-tanh', init: 'lecun98', seed: 8 });
    const xs = seededUniform(odd, 5);
    const x = tf.tensor4d(xs, odd as [number, number, number, number]);
    const y = layer.apply(x) as tf.Tensor;
    const [coef, bias] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(y.shape).toEqual([1, 3, 2, 2]);
    expect(maxAbsDiff(y.dataSync(), reference(xs, odd, coef, bias))).toBeLessThan(1e-5);
    tf.dispose([x, y]);
  });

  it('has one coefficient and one bias per map (S2: 12, S4: 32)', () => {
    for (const [maps, params] of [
      [6, 12],
      [16, 32],
    ]) {
      const layer = new TrainableSubsampling({});
      buildLayer(layer, [null, 8, 8, maps]);
      expect(layer.countParams()).toBe(params);
      expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[maps], [maps]]);
      layer.dispose();
    }
  });

  it('defaults to average pooling and initialises lecun98 uniform in +/-2.4/4', () => {
    const avg = new TrainableSubsampling({});
    buildLayer(avg, [null, 4, 4, 5]);
    expect(Array.from(avg.getWeights()[0].dataSync())).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
    avg.dispose();
    const lecun = new TrainableSubsampling({ init: 'lecun98', seed: 3 });
    buildLayer(lecun, [null, 4, 4, 200]);
    const values = lecun.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.6);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.5);
    lecun.dispose();
  });

  it('has gradients (input, coefficient, bias) that match central finite differences', () => {
    const layer = new TrainableSubsampling({ activation: 'scaled-tanh', init: 'lecun98', seed: 11 });
    const x = tf.variable(tf.tensor4d(seededUniform(shape, 2), shape as [number, number, number, number]));
    const r = tf.tensor4d(seededUniform([2, 3, 3, 3], 3), [2, 3, 3, 3]);
    buildLayer(layer, [...x.shape]);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const result = checkGradients(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)), [x, ...weights]);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(40 + 3 + 3);
    tf.dispose([x, r]);
    layer.dispose();
  });

  it('round-trips its config', () => {
    const layer = new TrainableSubsampling({ name: 'S9', activation: 'tanh', init: 'lecun98', seed: 5 });
    const config = layer.getConfig();
    expect(config).toMatchObject({ name: 'S9', activation: 'tanh', init: 'lecun98', seed: 5 });
    const again = TrainableSubsampling.fromConfig(TrainableSubsampling, config) as TrainableSubsampling;
    expect(again.activation).toBe('tanh');
  });
});
