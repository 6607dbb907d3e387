import { BACKEND_NAMES } from '@lenet/core';
import { MODEL_NAMES } from '@lenet/model';
import { DEFAULT_TRAIN_OPTIONS, TRAIN_OPTION_RANGES } from '@lenet/train';
import { TRAINING_FLAGS, trainOptionsFromFlags } from './training-flags';

describe('training flags', () => {
  it("describe the packages' names, defaults and ranges (nothing copied)", () => {
    expect(TRAINING_FLAGS.model.description).toContain(MODEL_NAMES.join(' | '));
    expect(TRAINING_FLAGS.backend.description).toContain(`${BACKEND_NAMES.join(' | ')} (default ${DEFAULT_TRAIN_OPTIONS.backend})`);
    expect(TRAINING_FLAGS.epochs.description).toBe(
      `passes over the training set, 1-${TRAIN_OPTION_RANGES.epochs.max} (default ${DEFAULT_TRAIN_OPTIONS.epochs})`,
    );
    expect(TRAINING_FLAGS.lr.description).toMatch(
      /^learning rate, 0 < X <= 10 \(default 0\.001; 0\.0005 with --schedule paper; 0\.0005 with --optimizer sdlm\)$/,
    );
    expect(TRAINING_FLAGS['val-fraction'].description).toContain('0 <= X < 1 (default 0.2;');
    expect(TRAINING_FLAGS.mu.description).toBe(
      `sdlm: the damping mu added to each Hessian diagonal entry, X > 0 (default 0.02 for lenet5, 1 for lenet5-1998, 0.1 for lenet1 and lenet4)`,
    );
  });

  it('map onto TrainOptions, leaving unset flags to the library defaults', () => {
    expect(trainOptionsFromFlags({}, '/')).toEqual({ model: 'lenet5' });
    expect(
      trainOptionsFromFlags(
        {
          model: 'lenet5-1998',
          activation: 'relu',
          c3: 'full',
          input: '28',
          epochs: '3',
          'batch-size': '32',
          lr: '0.01',
          seed: '7',
          'val-fraction': '0.1',
          distort: true,
          'train-limit': '100',
          loss: 'plain',
        },
        '/',
      ),
    ).toEqual({
      model: 'lenet5-1998',
      modelOptions: { activation: 'relu', c3: 'full', input: 28 },
      loss: { criterion: 'plain' },
      epochs: 3,
      batchSize: 32,
      learningRate: 0.01,
      seed: 7,
      valFraction: 0.1,
      distort: true,
      trainLimit: 100,
    });
  });

  it('reject values out of range, naming the flag', () => {
    expect(() => trainOptionsFromFlags({ input: '30' }, '/')).toThrow('--input "30": expected one of 28, 32');
    expect(() => trainOptionsFromFlags({ seed: '-1' }, '/')).toThrow('--seed "-1"');
    expect(() => trainOptionsFromFlags({ 'test-limit': '10001' }, '/')).toThrow('--test-limit "10001": expected an integer from 1 to 10000');
    expect(() => trainOptionsFromFlags({ mu: '0' }, '/')).toThrow('--mu "0": expected a finite number greater than 0');
    expect(trainOptionsFromFlags({ mu: '0.5' }, '/')).toEqual({ model: 'lenet5', mu: 0.5 });
  });
});
