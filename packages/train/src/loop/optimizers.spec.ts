import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { createOptimizer, getLearningRate, setLearningRate, type OptimizerName } from './optimizers';
import { SdlmOptimizer } from './optimizers/sdlm';
import { TrainOptionError } from './train-option-error';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** One step on loss = sum(w) (gradient 1) from w = 0; returns the new w. */
function oneStep(optimizer: tf.Optimizer): number {
  const w = tf.variable(tf.zeros([1]));
  tf.dispose(optimizer.minimize(() => tf.sum(w) as tf.Scalar, true, [w])!);
  const value = w.dataSync()[0]!;
  w.dispose();
  return value;
}

describe('createOptimizer', () => {
  it.each<[OptimizerName, string]>([
    ['adam', 'Adam'],
    ['sgd', 'Momentum'],
    ['rmsprop', 'RMSProp'],
    ['sdlm', 'Sdlm'],
  ])('%s is a %s optimizer with the learning rate given', (name, className) => {
    const o = createOptimizer(name, { learningRate: 0.01 });
    expect(o.getClassName()).toBe(className);
    expect(getLearningRate(o)).toBe(0.01);
    o.dispose();
  });

  it("adam's first step is -lr (bias-corrected), with PyTorch's epsilon", () => {
    const o = createOptimizer('adam', { learningRate: 0.01 });
    expect(oneStep(o)).toBeCloseTo(-0.01, 6);
    expect(o.getConfig()['epsilon']).toBe(1e-8);
    o.dispose();
  });

  it('sgd with momentum 0 is plain SGD; with momentum the velocity carries over', () => {
    const plain = createOptimizer('sgd', { learningRate: 0.1, momentum: 0 });
    expect(plain.getClassName()).toBe('SGD');
    expect(oneStep(plain)).toBeCloseTo(-0.1, 6);
    plain.dispose();
    const m = createOptimizer('sgd', { learningRate: 0.1, momentum: 0.5 });
    const w = tf.variable(tf.zeros([1]));
    for (let i = 0; i < 2; i++) tf.dispose(m.minimize(() => tf.sum(w) as tf.Scalar, true, [w])!);
    expect(w.dataSync()[0]).toBeCloseTo(-0.1 - 0.15, 6); // v1 = 1, v2 = 1.5
    w.dispose();
    m.dispose();
  });

  it('setLearningRate changes the step of every optimizer, SGD included, without leaking tensors', () => {
    for (const name of ['adam', 'sgd', 'rmsprop', 'sdlm'] as const) {
      const o = createOptimizer(name, { learningRate: 0.1, momentum: 0 });
      const before = tf.memory().numTensors;
      setLearningRate(o, 0.001);
      setLearningRate(o, 0.001);
      expect(tf.memory().numTensors).toBe(before);
      expect(getLearningRate(o)).toBe(0.001);
      // First steps at lr 0.001 with gradient 1: adam lr, sgd lr, rmsprop lr / sqrt(1 - 0.9), sdlm lr / mu.
      const expected = { adam: 0.001, sgd: 0.001, rmsprop: 0.001 / Math.sqrt(0.1), sdlm: 0.001 / 0.02 }[name];
      expect(Math.abs(oneStep(o))).toBeCloseTo(expected, 5);
      o.dispose();
    }
  });

  it('refuses bad options, naming them', () => {
    expect(() => createOptimizer('adam', { learningRate: 0 })).toThrow(TrainOptionError);
    expect(() => createOptimizer('sgd', { learningRate: 0.1, momentum: 1.5 })).toThrow(/momentum: expected a number at least 0 and less than 1, found 1.5/);
    expect(() => createOptimizer('lbfgs' as never, { learningRate: 0.1 })).toThrow(/optimizer: expected one of adam, sgd, rmsprop, sdlm, found 'lbfgs'/);
    expect(createOptimizer('sdlm', { learningRate: 0.1, mu: 0.5 })).toBeInstanceOf(SdlmOptimizer);
  });
});
