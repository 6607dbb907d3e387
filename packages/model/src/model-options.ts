/** The model names `createModel` accepts: the named members of the LeNet family. */
export const MODEL_NAMES = ['lenet5', 'lenet5-1998', 'lenet1', 'lenet4'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
/** Squashing function after each weighted layer (`scaled-tanh` = 1.7159 tanh(2a/3), the paper's). */
export const ACTIVATION_NAMES = ['scaled-tanh', 'tanh', 'relu', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATION_NAMES)[number];
/** S2/S4: the paper's trainable subsampling, or the modern fixed average / max pooling. */
export const SUBSAMPLING_NAMES = ['trainable', 'avg', 'max'] as const;
export type Subsampling = (typeof SUBSAMPLING_NAMES)[number];
/**
 * OUTPUT: the paper's Euclidean RBF units with fixed codes, a dense softmax layer, or 10 dense scaled-tanh
 * units trained towards +1 / -1 with squared error (the output of LeCun et al. 1989/1990's nets).
 */
export const HEAD_NAMES = ['rbf', 'softmax', 'tanh'] as const;
export type Head = (typeof HEAD_NAMES)[number];
/** C3 connectivity: Table I of the paper (60 of the 96 map pairs), or a full 6->16 convolution. */
export const C3_NAMES = ['table', 'full'] as const;
/** Input side: 32 = MNIST padded to 32x32 (C1 'valid'); 28 = raw (C1 'same'). */
export const INPUT_SIZES = [28, 32] as const;
/**
 * Weight initialisations (see layers/lecun-uniform.ts): lecun98: uniform +/-2.4/fan-in (Appendix A as
 * printed); lecun98-sqrt: +/-2.4/sqrt(fan-in); default: TF.js's (Glorot uniform, zero bias).
 */
export const INIT_NAMES = ['lecun98', 'lecun98-sqrt', 'default'] as const;
export type Init = (typeof INIT_NAMES)[number];

/** Every difference between the seed's LeNet and the 1998 LeNet-5, one switch each. */
export interface ModelOptions {
  activation: Activation;
  subsampling: Subsampling;
  /** C3 connectivity: Table I of the paper (60 of the 96 map pairs), or a full 6->16 convolution. */
  c3: (typeof C3_NAMES)[number];
  head: Head;
  /** 32: MNIST padded to 32x32, C1 'valid'; 28: raw 28x28, C1 'same'. C1 is 28x28x6 either way. */
  input: (typeof INPUT_SIZES)[number];
  /** lecun98: uniform +/-2.4/fan-in (Appendix A as printed); lecun98-sqrt: +/-2.4/sqrt(fan-in); default: TF.js's (Glorot uniform, zero bias). */
  init: Init;
  /** Seed of every initializer: the same options build the same weights. */
  seed: number;
}

const PRESETS: Record<ModelName, ModelOptions> = {
  // The seed notebook's MyLeNet.
  lenet5: { activation: 'relu', subsampling: 'avg', c3: 'full', head: 'softmax', input: 28, init: 'default', seed: 0 },
  // LeCun et al. 1998, as published, but for the init: Glorot uniform with zero biases, which gives the
  // first-pass SDLM step sizes the paper prints, where its printed +/-2.4/fan-in diverges (see the README).
  'lenet5-1998': {
    activation: 'scaled-tanh',
    subsampling: 'trainable',
    c3: 'table',
    head: 'rbf',
    input: 32,
    init: 'default',
    seed: 0,
  },
  // LeNet-1 and LeNet-4 of the paper's Fig. 9 (p. 13), with its squashing and subsampling and the
  // +/-2.4/sqrt(fan-in) init their SDLM defaults were measured with; their output is 10 units on a softmax
  // (the RBF codes need 84 inputs). c3 'table' also covers LeNet-4's F5.
  lenet1: { activation: 'scaled-tanh', subsampling: 'trainable', c3: 'table', head: 'softmax', input: 28, init: 'lecun98-sqrt', seed: 0 },
  lenet4: { activation: 'scaled-tanh', subsampling: 'trainable', c3: 'table', head: 'softmax', input: 32, init: 'lecun98-sqrt', seed: 0 },
};

/** The values a preset allows where its layout depends on an option (the RBF codes need an 84-unit F6). */
const FIXED: Partial<Record<ModelName, { [K in keyof ModelOptions]?: readonly ModelOptions[K][] }>> = {
  lenet1: { head: ['softmax', 'tanh'], input: [28] },
  lenet4: { head: ['softmax', 'tanh'], input: [32], subsampling: ['trainable'] },
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
      throw new ModelOptionError(`model option '${key}': expected one of ${allowed.join(', ')}, found '${String(resolved[key])}'`);
    }
  }
  for (const [key, values] of Object.entries(FIXED[name] ?? {}) as [keyof ModelOptions, readonly unknown[]][]) {
    if (!values.includes(resolved[key])) {
      throw new ModelOptionError(`model option '${key}': ${name} is built for ${values.join(' or ')} only, found '${String(resolved[key])}'`);
    }
  }
  if (!Number.isInteger(resolved.seed)) {
    throw new ModelOptionError(`model option 'seed': expected an integer, found '${String(resolved.seed)}'`);
  }
  return resolved;
}
