/** The options of `train`, their defaults (in one place) and their validation. */
import { availableParallelism } from 'node:os';
import { BACKEND_NAMES, type BackendName } from '@lenet/core';
import { DATASET_NAMES, NORMALIZATION_PRESETS, type DatasetName, type NormalizationPreset } from '@lenet/data';
import { MODEL_NAMES, resolveModelOptions, type LossOptions, type ModelName, type ModelOptions } from '@lenet/model';
import { OPTIMIZER_NAMES, type OptimizerName } from './optimizers';
import { SDLM_DEFAULTS } from './optimizers/sdlm';
import type { EpochRecord, StepRecord } from '../run-folder/run-folder';
import { SCHEDULE_NAMES, type ScheduleName } from './schedules';
import { checkTrainOption as checked } from './option-ranges';
import { TrainOptionError } from './train-option-error';

/** Options of `train` (everything but `model` has a default, see {@link DEFAULT_TRAIN_OPTIONS}). */
export interface TrainOptions {
  model: ModelName;
  /** Overrides of the model preset; `seed` defaults to the run's `seed`. */
  modelOptions?: Partial<ModelOptions>;
  loss?: LossOptions;
  dataset?: DatasetName;
  /** Folder with the IDX files (default: where `loadMnist` looks). */
  dataDir?: string;
  /** Default: 'seed' for lenet5 (the notebook's), 'paper' for lenet5-1998. */
  normalization?: NormalizationPreset;
  epochs?: number;
  /** Default 64; for 'sdlm' 16, 8 for lenet5-1998 (batches measured to train like per-pattern updates at the paper's eta, see the README). */
  batchSize?: number;
  optimizer?: OptimizerName;
  /** Default 1e-3; 5e-4 (the paper's first-pass eta) with the 'paper' schedule or 'sdlm'. */
  learningRate?: number;
  /** sgd (default 0.9) and rmsprop (default 0). */
  momentum?: number;
  schedule?: ScheduleName;
  /** Seeds the split, the shuffles, the weights, the distortions and the SDLM samples. */
  seed?: number;
  /** Share of the training set held out for validation, in [0, 1); 0: the paper's protocol (all 60,000 train, the test set evaluated after every pass). */
  valFraction?: number;
  /**
   * true: a fresh random affine distortion of every training image in every pass; 'paper': the paper's
   * 60,000 + 540,000 set (each pass shows the original or one of 9 fixed distorted copies of each image).
   * Ranges in distort.ts. Default false.
   */
  distort?: boolean | 'paper';
  backend?: BackendName;
  /**
   * Threads computing each batch's gradient together (data-parallel, see data-parallel.ts): the same
   * training as one thread to float rounding. Default: the available cores; 1: this thread alone. Native
   * backends (tfjs-node) use their own threads, and `webgpu` its device: there it is always 1.
   */
  threads?: number;
  /** Run folder: logs, checkpoints, best model, summary. None: nothing is written. */
  runDir?: string;
  /** Continue from `runDir/checkpoint` when there is one (else a fresh run clears `runDir`'s run files). */
  resume?: boolean;
  /** Use only the first N examples of the training part (the validation part is cut in proportion). */
  trainLimit?: number;
  /** Test on the first N test images only. */
  testLimit?: number;
  /** sdlm: the damping mu (default per model, measured: `SDLM_DEFAULTS.muByModel`, whose comment gives the figures). */
  mu?: number;
  /** sdlm: patterns on which h_kk is re-estimated by bbprop (default 200; the paper used 500). */
  curvatureSamples?: number;
  /**
   * sdlm: re-estimate h_kk after every N training patterns as well as before each pass (default
   * SDLM_DEFAULTS.curvatureEvery); null: once per pass only, as the paper.
   */
  curvatureEvery?: number | null;
  /** Return the trained model in the result (the caller disposes it). Default false. */
  keepModel?: boolean;
  /** Called once the data is loaded, before the first step: the steps of each epoch (for a progress bar). */
  onStart?: (info: { stepsPerEpoch: number }) => void;
  onEpoch?: (record: EpochRecord) => void;
  onStep?: (record: StepRecord) => void;
}

/** The options as `train` uses them: every default filled in, callbacks left out (JSON-serialisable). */
export interface ResolvedTrainOptions {
  model: ModelName;
  modelOptions: ModelOptions;
  loss: LossOptions;
  dataset: DatasetName;
  dataDir: string | null;
  normalization: NormalizationPreset;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  momentum: number | null;
  schedule: ScheduleName;
  seed: number;
  valFraction: number;
  distort: boolean | 'paper';
  backend: BackendName;
  threads: number;
  runDir: string | null;
  resume: boolean;
  trainLimit: number | null;
  testLimit: number | null;
  mu: number;
  curvatureSamples: number;
  curvatureEvery: number | null;
}

/** The defaults: the seed notebook's protocol (Adam 1e-3, batch 64, 10 epochs, 8:2 split). */
export const DEFAULT_TRAIN_OPTIONS = {
  dataset: 'mnist',
  epochs: 10,
  batchSize: 64,
  sdlmBatchSize: SDLM_DEFAULTS.batchSizeByModel,
  optimizer: 'adam',
  learningRate: 1e-3,
  paperLearningRate: 5e-4,
  sdlmLearningRate: SDLM_DEFAULTS.learningRate,
  schedule: 'constant',
  seed: 0,
  valFraction: 0.2,
  distort: false,
  backend: 'auto',
  resume: false,
  normalization: { lenet5: 'seed', 'lenet5-1998': 'paper', lenet1: 'paper', lenet4: 'paper' },
  mu: SDLM_DEFAULTS.muByModel,
  curvatureSamples: SDLM_DEFAULTS.samples,
  curvatureEvery: SDLM_DEFAULTS.curvatureEvery,
} as const;

function defaultLearningRate(optimizer: OptimizerName, schedule: ScheduleName): number {
  if (optimizer === 'sdlm') return DEFAULT_TRAIN_OPTIONS.sdlmLearningRate;
  return schedule === 'paper' ? DEFAULT_TRAIN_OPTIONS.paperLearningRate : DEFAULT_TRAIN_OPTIONS.learningRate;
}

function oneOf<T>(option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new TrainOptionError(option, `expected one of ${allowed.join(', ')}, found '${String(value)}'`);
  return value;
}

/** Fills in the defaults and checks every option. @throws TrainOptionError naming the option. */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const d = DEFAULT_TRAIN_OPTIONS;
  const model = oneOf('model', options.model, MODEL_NAMES);
  const seed = checked('seed', options.seed ?? d.seed);
  const schedule = oneOf('schedule', options.schedule ?? d.schedule, SCHEDULE_NAMES);
  const valFraction = checked('valFraction', options.valFraction ?? d.valFraction);
  const momentum = options.momentum === undefined ? null : checked('momentum', options.momentum);
  const normalization = oneOf('normalization', options.normalization ?? d.normalization[model], NORMALIZATION_PRESETS);
  const modelOptions = resolveModelOptions(model, { ...options.modelOptions, seed: options.modelOptions?.seed ?? seed });
  return {
    model,
    modelOptions,
    loss: { ...options.loss },
    dataset: oneOf('dataset', options.dataset ?? d.dataset, DATASET_NAMES),
    dataDir: options.dataDir ?? null,
    normalization,
    epochs: checked('epochs', options.epochs ?? d.epochs),
    batchSize: checked('batchSize', options.batchSize ?? (options.optimizer === 'sdlm' ? d.sdlmBatchSize[model] : d.batchSize)),
    optimizer: oneOf('optimizer', options.optimizer ?? d.optimizer, OPTIMIZER_NAMES),
    learningRate: checked('learningRate', options.learningRate ?? defaultLearningRate(options.optimizer ?? d.optimizer, schedule)),
    momentum,
    schedule,
    seed,
    valFraction,
    distort: oneOf('distort', options.distort ?? d.distort, [false, true, 'paper'] as const),
    backend: oneOf('backend', options.backend ?? d.backend, BACKEND_NAMES),
    threads: checked('threads', options.threads ?? availableParallelism()),
    runDir: options.runDir ?? null,
    resume: options.resume ?? d.resume,
    trainLimit: options.trainLimit === undefined ? null : checked('trainLimit', options.trainLimit),
    testLimit: options.testLimit === undefined ? null : checked('testLimit', options.testLimit),
    mu: checked('mu', options.mu ?? d.mu[model]),
    curvatureSamples: checked('curvatureSamples', options.curvatureSamples ?? d.curvatureSamples),
    curvatureEvery: options.curvatureEvery === null ? null : checked('curvatureEvery', options.curvatureEvery ?? d.curvatureEvery),
  };
}

/**
 * The options that must match for a checkpoint to be resumed (everything that shapes the run but its length;
 * `threads` gives the same training, so a run may resume with another count).
 */
export function resumeFingerprint(o: ResolvedTrainOptions): Omit<ResolvedTrainOptions, 'epochs' | 'resume' | 'runDir' | 'backend' | 'dataDir' | 'threads'> {
  const { epochs: _e, resume: _r, runDir: _d, backend: _b, dataDir: _dd, threads: _t, ...rest } = o;
  return rest;
}

/** The leaf values of a JSON-like object by dotted path (`modelOptions.activation`). */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  } else {
    out.set(prefix, JSON.stringify(value ?? null));
  }
  return out;
}

/**
 * The one comparison of a saved resume fingerprint with a new one (the training loop's and the CLI's
 * check): the options that differ, as `name <saved> in the run, <wanted> now`; empty when they match.
 */
export function fingerprintDifferences(saved: unknown, wanted: unknown): string[] {
  const a = leaves(saved);
  const b = leaves(wanted);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k} ${a.get(k) ?? 'unset'} in the run, ${b.get(k) ?? 'unset'} now`);
}
