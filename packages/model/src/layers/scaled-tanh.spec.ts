import * as tf from '@tensorflow/tfjs';
import { checkGradients, maxAbsDiff, seededUniform } from './grad-check.test-util';
import { ScaledTanh, applyActivation, scaledTanh } from './scaled-tanh';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('scaled tanh', () => {
  it('is 1.7159 tanh(2a/3): f(1) = 1 and f(-1) = -1 to 1e-4', () => {
    const y = scaledTanh(tf.tensor1d([1, -1, 0]));
    const [a, b, c] = Array.from(y.dataSync());
    expect(Math.abs(a - 1)).toBeLessThan(1e-4);
    expect(Math.abs(b + 1)).toBeLessThan(1e-4);
    expect(c).toBe(0);
    y.dispose();
  });

  it('as a layer, matches Math.tanh elementwise and keeps the shape', () => {
    const xs = seededUniform([2, 3, 4], 1, -3, 3);
    const x = tf.tensor3d(xs, [2, 3, 4]);
    const y = new ScaledTanh({}).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 4]);
    expect(maxAbsDiff(y.dataSync(), xs.map((v) => 1.7159 * Math.tanh((2 / 3) * v)))).toBeLessThan(1e-6);
    tf.dispose([x, y]);
  });

  it('has gradients that match central finite differences', () => {
    const x = tf.variable(tf.tensor1d(seededUniform([30], 2, -3, 3)));
    const r = tf.tensor1d(seededUniform([30], 3));
    const result = checkGradients(() => tf.sum(tf.mul(scaledTanh(x), r)), [x]);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(30);
    tf.dispose([x, r]);
  });

  it('with scale = slope = 1 is tanh; its config round-trips', () => {
    const xs = seededUniform([50], 4, -4, 4);
    const x = tf.tensor1d(xs);
    const layer = new ScaledTanh({ scale: 1, slope: 1 });
    const y = layer.apply(x) as tf.Tensor;
    expect(maxAbsDiff(y.dataSync(), xs.map(Math.tanh))).toBeLessThan(1e-6);
    const again = ScaledTanh.fromConfig(ScaledTanh, layer.getConfig()) as ScaledTanh;
    expect([again.scale, again.slope]).toEqual([1, 1]);
    tf.dispose([x, y]);
  });

  it('applyActivation covers every activation name', () => {
    const x = tf.tensor1d([-1, 0.5]);
    const values = (['scaled-tanh', 'tanh', 'relu', 'sigmoid', 'linear'] as const).map((name) => Array.from(applyActivation(name, x).dataSync()));
    expect(values[1][0]).toBeCloseTo(Math.tanh(-1), 6);
    expect(values[2]).toEqual([0, 0.5]);
    expect(values[3][1]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
    expect(values[4]).toEqual([-1, 0.5]);
    x.dispose();
  });
});
