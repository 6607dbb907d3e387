/** The model names `createModel` accepts: the two named members of the LeNet family. */
export const MODEL_NAMES = ['lenet5', 'lenet5-1998'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
/** Squashing function after each weighted layer (`scaled-tanh` = 1.7159 tanh(2a/3), the paper's). */
export const ACTIVATION_NAMES = ['scaled-tanh', 'tanh', 'relu', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATION_NAMES)[number];
/** S2/S4: the paper's trainable subsampling, or the modern fixed average / max pooling. */
export const SUBSAMPLING_NAMES = ['trainable', 'avg', 'max'] as const;
export type Subsampling = (typeof SUBSAMPLING_NAMES)[number];
/** OUTPUT: the paper's Euclidean RBF units with fixed codes, or a dense softmax layer. */
export const HEAD_NAMES = ['rbf', 'softmax'] as const;
export type Head = (typeof HEAD_NAMES)[number];
/** C3 connectivity: Table I of the paper (60 of the 96 map pairs), or a full 6->16 convolution. */
export const C3_NAMES = ['table', 'full'] as const;
/** Input side: 32 = MNIST padded to 32x32 (C1 'valid'); 28 = raw (C1 'same'). */
export const INPUT_SIZES = [28, 32] as const;
/** lecun98: uniform +/-2.4/fan-in (Appendix A); default: TF.js defaults (Glorot uniform, zero bias). */
export const INIT_NAMES = ['lecun98', 'default'] as const;

/** Every difference between the seed's LeNet and the 1998 LeNet-5, one switch each. */
export interface ModelOptions {
  activation: Activation;
  subsampling: Subsampling;
  /** C3 connectivity: Table I of the paper (60 of the 96 map pairs), or a full 6->16 convolution. */
  c3: (typeof C3_NAMES)[number];
  head: Head;
  /** 32: MNIST padded to 32x32, C1 'valid'; 28: raw 28x28, C1 'same'. C1 is 28x28x6 either way. */
  input: (typeof INPUT_SIZES)[number];
  /** lecun98: uniform +/-2.4/fan-in (Appendix A); default: TF.js defaults (Glorot uniform, zero bias). */
  init: (typeof INIT_NAMES)[number];
  /** Seed of every initializer: the same options build the same weights. */
  seed: number;
}


const PRESETS: Record<ModelName, ModelOptions> = {
  // The seed notebook's MyLeNet.
  lenet5: { activation: 'relu', subsampling: 'avg', c3: 'full', head: 'softmax', input: 28, init: 'default', seed: 0 },
  // LeCun et al. 1998, as published.
  'lenet5-1998': {
    activation: 'scaled-tanh',
    subsampling: 'trainable',
    c3: 'table',
    head: 'rbf',
    input: 32,
    init: 'lecun98',
    seed: 0,
  },
};

const CHOICES: { [K in Exclude<keyof ModelOptions, 'seed'>]: readonly ModelOptions[K][] } = {
  activation: ACTIVATION_NAMES,
  subsampling: SUBSAMPLING_NAMES,
  c3: C3_NAMES,
  head: HEAD_NAMES,
  input: INPUT_SIZES,
  init: INIT_NAMES,
};

/** Bad model name or option value. */
export class ModelOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelOptionError';
  }
}

/**
 * The full options of a model: the preset of `name` overridden by `options`.
 * lenet5: relu / avg / full / softmax / 28; lenet5-1998: scaled-tanh / trainable / table / rbf / 32.
 */
export function resolveModelOptions(name: ModelName, options: Partial<ModelOptions> = {}): ModelOptions {
  const preset = PRESETS[name];
  if (preset === undefined) {
    throw new ModelOptionError(`model: expected one of ${MODEL_NAMES.join(', ')}, found '${String(name)}'`);
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const resolved: ModelOptions = { ...preset, ...defined };
  for (const key of Object.keys(CHOICES) as (keyof typeof CHOICES)[]) {
    const allowed = CHOICES[key] as readonly unknown[];
    if (!allowed.includes(resolved[key])) {
      throw new ModelOptionError(
        `model option '${key}': expected one of ${allowed.join(', ')}, found '${String(resolved[key])}'`,
      );
    }
  }
  if (!Number.isInteger(resolved.seed)) {
    throw new ModelOptionError(`model option 'seed': expected an integer, found '${String(resolved.seed)}'`);
  }
  return resolved;
}
