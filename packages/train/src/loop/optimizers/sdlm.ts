/**
 * The paper's stochastic diagonal Levenberg-Marquardt method (LeCun et al. 1998, p. 10 and Appendix C),
 * as a TF.js optimizer: each parameter k moves by `-eta / (mu + h_kk) * g_k`.
 *
 * h_kk comes from outside ({@link setCurvature}): the training loop computes it by the paper's bbprop
 * (estimate-curvature.ts) and refreshes it as often as it is told.
 */
import * as tf from '@tensorflow/tfjs';
import { applyFused, gradientEntries, type VariableGradients } from '@lenet/core';
import { TrainOptionError } from '../train-option-error';

/** A named tensor, as `Optimizer.getWeights()` returns them. */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Options of {@link SdlmOptimizer}. */
export interface SdlmOptions {
  /** The paper's mu, the damping added to h_kk. Default 0.02. */
  mu?: number;
  /**
   * Patterns each step stands for. The paper updates after every pattern; a mini-batch step with the
   * batch's mean gradient times `patternsPerStep` moves the weights as far as that many per-pattern steps
   * (to first order). The training loop sets it to the batch size before each step. Default 1.
   */
  patternsPerStep?: number;
}

/**
 * Defaults. `mu` is the paper's 0.02 (the optimizer's own default); training uses `muByModel`, measured
 * over 20 passes (train README): bbprop's h of the RBF head is up to 30x the scale the paper's stated rates
 * imply on C1-S4 and below 0.01 on many C5/F6 weights, so for lenet5-1998 mu = 1 caps the steps of
 * near-flat weights at eta / mu while the curved ones keep their Newton scaling; the softmax heads have h
 * within the paper's range: lenet4 trains best at 0.1 (after 20 passes, seed 0: mu 1 underfits, 2.41% after
 * 10; 0.02 generalises worse, 1.92%; 0.2 gives 1.32%, 0.1 1.19%; seed 1: 1.31 / 1.16%), and so does lenet1
 * (at its 0.02 one seed in three lost a class in pass 1 and ended at 12%). h from 200 patterns re-estimated every
 * 5,000 (the paper: 500 once per pass; LeCun's later code: 100 every 4,000); eta the paper's 5e-4 at batch 16,
 * 8 for lenet5-1998 (20 passes, seeds 0-2: 1.00, 0.93, 0.86% test error against 1.09, 1.04, 1.04% at 16).
 */
export const SDLM_DEFAULTS = {
  mu: 0.02,
  muByModel: { lenet5: 0.02, 'lenet5-1998': 1, lenet1: 0.1, lenet4: 0.1 },
  patternsPerStep: 1,
  samples: 200,
  curvatureEvery: 5000,
  learningRate: 5e-4,
  batchSizeByModel: { lenet5: 16, 'lenet5-1998': 8, lenet1: 16, lenet4: 16 },
} as const;

const SLOT = 'sdlm_h';

const f = Math.fround;

/**
 * w -= (scale / (h + mu)) * g over one variable, each operation rounded to float32 in the order of the TF.js
 * kernels of the unfused path (scale and mu already float32): the same bits on both paths.
 */
function sdlmPass(w: Float32Array, g: Float32Array, h: Float32Array, scale: number, mu: number): void {
  for (let k = 0; k < w.length; k++) w[k] = f(w[k]! - f(f(scale / f(h[k]! + mu)) * g[k]!));
}

/** Stochastic diagonal Levenberg-Marquardt (see the module comment for the h_kk approximation). */
export class SdlmOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Sdlm';
  }

  /** tf.Optimizer's `instanceof` is duck-typed (any optimizer matches); ours checks the prototype chain. */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, instance);
  }

  mu: number;
  patternsPerStep: number;
  /** h_kk per trainable variable, by variable name (in the order first seen). */
  private curvature = new Map<string, tf.Variable>();

  constructor(
    public learningRate: number,
    options: SdlmOptions = {},
  ) {
    super();
    this.mu = options.mu ?? SDLM_DEFAULTS.mu;
    this.patternsPerStep = options.patternsPerStep ?? SDLM_DEFAULTS.patternsPerStep;
    if (!(learningRate > 0) || !Number.isFinite(learningRate))
      throw new TrainOptionError('learningRate', `expected a finite number > 0, found ${learningRate}`);
    if (!(this.mu > 0) || !Number.isFinite(this.mu)) throw new TrainOptionError('mu', `expected a finite number > 0, found ${this.mu}`);
  }

  /**
   * Sets h_kk of the variables named in `curvature` (values copied; the caller keeps its tensors), as
   * {@link estimateCurvature} returns them. Variables never given one keep h = 0 (step eta / mu).
   */
  setCurvature(curvature: Map<string, tf.Tensor>): void {
    // A real copy (assign alone would share h's data, and shared data keeps the fused step off).
    for (const [name, h] of curvature) tf.tidy(() => this.slot(name, h.shape).assign(tf.mul(h, 1)));
  }

  /** The current h_kk estimates by variable name (copies; the caller disposes them). */
  curvatureSnapshot(): Map<string, tf.Tensor> {
    return new Map([...this.curvature].map(([name, h]) => [name, h.clone()]));
  }

  /** h_kk of a variable; zeros (step eta / mu) until estimated. */
  private slot(name: string, shape: number[]): tf.Variable {
    let h = this.curvature.get(name);
    if (h === undefined) {
      h = tf.tidy(() => tf.zeros(shape).variable(false));
      this.curvature.set(name, h);
    }
    return h;
  }

  /**
   * One step. On wasm it is one pass per variable over the heap ({@link sdlmPass}), else the same arithmetic
   * in TF.js ops: 5 kernels a variable, which at batch 16 cost more than the step's forward pass.
   */
  override applyGradients(variableGradients: VariableGradients): void {
    const scale = Math.fround(this.learningRate * this.patternsPerStep);
    const mu = Math.fround(this.mu);
    const slotsOf = (name: string, _i: number, value: tf.Variable) => [this.slot(name, value.shape)];
    if (!applyFused(variableGradients, slotsOf, (w, g, [h]) => sdlmPass(w, g, h!, scale, mu))) {
      const registered = tf.engine().registeredVariables;
      gradientEntries(variableGradients).forEach(([name, gradient]) => {
        const value = registered[name];
        if (value === undefined) return;
        const h = this.slot(name, value.shape); // created for every listed variable, as on the fused path
        if (gradient == null) return;
        tf.tidy(() => {
          const step = tf.div(tf.scalar(scale), tf.add(h, mu));
          value.assign(tf.sub(value, tf.mul(step, gradient)));
        });
      });
    }
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...[...this.curvature].map(([name, h]) => ({ name: `${name}/${SLOT}`, tensor: h }))];
  }

  /**
   * Restores h_kk saved by {@link getWeights}. Variables are matched by name (h is re-estimated before
   * each pass anyway, so a model whose variables are named differently only loses the stale values).
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    for (const { name, tensor } of rest) this.slot(name.slice(0, name.length - SLOT.length - 1), tensor.shape).assign(tensor);
  }

  override dispose(): void {
    tf.dispose([...this.curvature.values()]);
    this.curvature.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, mu: this.mu, patternsPerStep: this.patternsPerStep };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as typeof SdlmOptimizer)(config['learningRate'] as number, {
      mu: config['mu'] as number,
      patternsPerStep: config['patternsPerStep'] as number,
    }) as unknown as T;
  }
}

tf.serialization.registerClass(SdlmOptimizer);
