import * as tf from '@tensorflow/tfjs';
import { checkGradients, maxAbsDiff, seededUniform } from './grad-check.test-util';
import { applyActivation, layerActivation, scaledTanh } from './scaled-tanh';

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

  it('is a TF.js activation by name (scaledTanh, fastTanh) for stock layers', () => {
    const xs = seededUniform([2, 5], 1, -3, 3);
    const x = tf.tensor2d(xs, [2, 5]);
    const kernel = tf.initializers.identity({ gain: 1 });
    for (const [activation, f] of [
      ['scaledTanh', (v: number) => 1.7159 * Math.tanh((2 / 3) * v)],
      ['fastTanh', Math.tanh],
    ] as const) {
      const dense = tf.layers.dense({ units: 5, activation: activation as 'relu', kernelInitializer: kernel });
      const y = dense.apply(x) as tf.Tensor;
      expect(dense.getConfig().activation).toBe(activation);
      expect(maxAbsDiff(y.dataSync(), xs.map(f))).toBeLessThan(1e-5);
      y.dispose();
      dense.dispose();
    }
    x.dispose();
  });

  it('layerActivation names TF.js activations for each option', () => {
    expect((['scaled-tanh', 'tanh', 'relu', 'sigmoid'] as const).map(layerActivation)).toEqual(['scaledTanh', 'fastTanh', 'relu', 'sigmoid']);
  });

  it('has gradients that match central finite differences', () => {
    const x = tf.variable(tf.tensor1d(seededUniform([30], 2, -3, 3)));
    const r = tf.tensor1d(seededUniform([30], 3));
    const result = checkGradients(() => tf.sum(tf.mul(scaledTanh(x), r)), [x]);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(30);
    tf.dispose([x, r]);
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
