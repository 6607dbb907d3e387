import { BACKEND_NAMES } from '@lenet/core';
import { DATASET_NAMES, NORMALIZATION_PRESETS } from '@lenet/data';
import { MODEL_NAMES } from '@lenet/model';
import { OPTIMIZER_NAMES, SCHEDULE_NAMES } from '@lenet/train';
import { BACKEND_CHOICES, DATASET_CHOICES, MODEL_CHOICES, NORMALIZATION_CHOICES, OPTIMIZER_CHOICES, SCHEDULE_CHOICES, trainOptionsFromFlags } from './training-flags';

describe('training flags', () => {
  it("offer exactly the packages' choices", () => {
    expect([...MODEL_CHOICES].sort()).toEqual([...MODEL_NAMES].sort());
    expect([...BACKEND_CHOICES].sort()).toEqual([...BACKEND_NAMES].sort());
    expect([...DATASET_CHOICES].sort()).toEqual([...DATASET_NAMES].sort());
    expect([...NORMALIZATION_CHOICES].sort()).toEqual([...NORMALIZATION_PRESETS].sort());
    expect([...OPTIMIZER_CHOICES].sort()).toEqual([...OPTIMIZER_NAMES].sort());
    expect([...SCHEDULE_CHOICES].sort()).toEqual([...SCHEDULE_NAMES].sort());
  });

  it('map onto TrainOptions, leaving unset flags to the library defaults', () => {
    expect(trainOptionsFromFlags({}, '/')).toEqual({ model: 'lenet5' });
    expect(
      trainOptionsFromFlags(
        { model: 'lenet5-1998', activation: 'relu', c3: 'full', input: '28', epochs: '3', 'batch-size': '32', lr: '0.01', seed: '7', 'val-fraction': '0.1', distort: true, 'train-limit': '100', loss: 'plain' },
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
  });
});
