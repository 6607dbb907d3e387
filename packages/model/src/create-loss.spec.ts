import * as tf from '@tensorflow/tfjs';
import { CROSS_ENTROPY_EPSILON, DEFAULT_MAP_J, LossOptionError, createLoss } from './create-loss';
import { checkGradients } from './layers/grad-check.test-util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (loss: ReturnType<typeof createLoss>, labels: number[], outputs: number[][]): number =>
  tf.tidy(() => loss(tf.tensor1d(labels, 'int32'), tf.tensor2d(outputs)).dataSync()[0]);

describe('createLoss', () => {
  it('softmax: cross-entropy of the probabilities, clipped like Keras', () => {
    const loss = createLoss('softmax');
    const p = [
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ];
    expect(value(loss, [0, 1], p)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.1)) / 2, 5);
    expect(value(loss, [1], [[1, 0, 0]])).toBeCloseTo(-Math.log(CROSS_ENTROPY_EPSILON), 3);
  });

  it('rbf plain: the mean RBF output of the correct class', () => {
    const loss = createLoss('rbf', { criterion: 'plain' });
    expect(
      value(
        loss,
        [2, 0],
        [
          [5, 6, 1],
          [3, 9, 9],
        ],
      ),
    ).toBeCloseTo((1 + 3) / 2, 5);
  });

  it('rbf map (eq. 9, the default): y_D + log(e^-j + sum_i e^-y_i)', () => {
    const y = [
      [5, 6, 1],
      [3, 9, 0.5],
    ];
    const labels = [2, 0];
    const expected = (j: number) => labels.reduce((s, d, p) => s + y[p][d] + Math.log(Math.exp(-j) + y[p].reduce((t, v) => t + Math.exp(-v), 0)), 0) / 2;
    expect(value(createLoss('rbf'), labels, y)).toBeCloseTo(expected(DEFAULT_MAP_J), 5);
    expect(value(createLoss('rbf', { criterion: 'map', j: 0.1 }), labels, y)).toBeCloseTo(expected(0.1), 5);
    expect(value(createLoss('rbf', { j: 3 }), labels, y)).toBeCloseTo(expected(3), 5);
  });

  it('tanh mse: the squared distance to +1 for the label and -1 elsewhere, summed per pattern', () => {
    const y = [
      [0.5, -1, 1.2],
      [-0.2, 0.9, -1.7],
    ];
    const expected = ((0.5 + 1) ** 2 + 0 + (1.2 - 1) ** 2 + (-0.2 + 1) ** 2 + (0.9 - 1) ** 2 + (-1.7 + 1) ** 2) / 2;
    expect(value(createLoss('tanh'), [2, 1], y)).toBeCloseTo(expected, 5);
    expect(value(createLoss('tanh', { criterion: 'mse' }), [2, 1], y)).toBeCloseTo(expected, 5);
  });

  it('map stays finite for large RBF outputs (log-sum-exp), where it tends to y_D - j', () => {
    expect(value(createLoss('rbf', { j: 2 }), [0], [[400, 500, 600]])).toBeCloseTo(400 - 2, 3);
  });

  it('map gradients match central finite differences', () => {
    const y = tf.variable(
      tf.tensor2d([
        [1.5, 2, 0.3],
        [0.2, 3, 1],
      ]),
    );
    const labels = tf.tensor1d([2, 0], 'int32');
    const loss = createLoss('rbf', { j: 1 });
    const result = checkGradients(() => loss(labels, y as unknown as tf.Tensor2D), [y]);
    expect(result.failures).toEqual([]);
    tf.dispose([y, labels]);
  });

  it('rejects criteria that do not fit the head, and j <= 0', () => {
    expect(() => createLoss('softmax', { criterion: 'map' })).toThrow(LossOptionError);
    expect(() => createLoss('softmax', { criterion: 'map' })).toThrow("loss criterion: expected cross-entropy for a softmax head, found 'map'");
    expect(() => createLoss('rbf', { criterion: 'cross-entropy' })).toThrow("expected map or plain for an rbf head, found 'cross-entropy'");
    expect(() => createLoss('tanh', { criterion: 'cross-entropy' })).toThrow("loss criterion: expected mse for a tanh head, found 'cross-entropy'");
    expect(() => createLoss('rbf', { criterion: 'mse' })).toThrow("expected map or plain for an rbf head, found 'mse'");
    expect(() => createLoss('rbf', { j: 0 })).toThrow('loss j: expected a finite number > 0, found 0');
  });

  it('leaks no tensors', () => {
    const loss = createLoss('rbf');
    const labels = tf.tensor1d([1], 'int32');
    const y = tf.tensor2d([[1, 2]]);
    const before = tf.memory().numTensors;
    loss(labels, y).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([labels, y]);
  });
});
