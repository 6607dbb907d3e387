import * as tf from '@tensorflow/tfjs';
import { classProbabilities } from './class-probabilities';
import { predictClasses } from './predict-classes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predictClasses and classProbabilities', () => {
  const outputs = [
    [0.1, 0.7, 0.2],
    [3, 1, 2],
  ];

  it('softmax: argmax; rbf: argmin (the smallest distance wins)', () => {
    const y = tf.tensor2d(outputs);
    const soft = predictClasses(y, 'softmax');
    const rbf = predictClasses(y, 'rbf');
    expect(soft.dtype).toBe('int32');
    expect(Array.from(soft.dataSync())).toEqual([1, 0]);
    expect(Array.from(rbf.dataSync())).toEqual([0, 1]);
    tf.dispose([y, soft, rbf]);
  });

  it('softmax outputs are kept; rbf distances become softmax(-y)', () => {
    const y = tf.tensor2d(outputs);
    const soft = classProbabilities(y, 'softmax');
    const rbf = classProbabilities(y, 'rbf');
    expect(soft.arraySync()).toEqual(y.arraySync());
    const row = rbf.arraySync()[1];
    const z = Math.exp(-3) + Math.exp(-1) + Math.exp(-2);
    expect(row[1]).toBeCloseTo(Math.exp(-1) / z, 6);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    tf.dispose([y, soft, rbf]);
  });
});
