/**
 * The paper's stochastic diagonal Levenberg-Marquardt method (LeCun et al. 1998, p. 10 and Appendix C),
 * as a TF.js optimizer: each parameter k moves by `-eta / (mu + h_kk) * g_k`.
 *
 * Approximation (documented in the README): the paper's h_kk is the diagonal of the Gauss-Newton
 * Hessian, back-propagated as second derivatives. Here h_kk is the mean over the estimation samples of
 * the squared per-sample gradient (g_k)^2 — the diagonal of the empirical Fisher / outer-product
 * Gauss-Newton approximation — computed with one backward pass per sample.
 */
import * as tf from '@tensorflow/tfjs';
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

/** Defaults of {@link SdlmOptions}. */
export const SDLM_DEFAULTS = { mu: 0.02, patternsPerStep: 1, samples: 500 } as const;

const SLOT = 'sdlm_h';

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
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new TrainOptionError('learningRate', `expected a finite number > 0, found ${learningRate}`);
    if (!(this.mu > 0) || !Number.isFinite(this.mu)) throw new TrainOptionError('mu', `expected a finite number > 0, found ${this.mu}`);
  }

  /**
   * Re-estimates h_kk as the mean of the squared per-sample gradients of `sampleLoss(i)`, i = 0..count-1,
   * with respect to `variables` (which must be given in the order the training loop's steps give them).
   * The paper does this on 500 patterns before each pass.
   */
  estimateCurvature(sampleLoss: (i: number) => tf.Scalar, count: number, variables: tf.Variable[]): void {
    if (!Number.isInteger(count) || count < 1) throw new TrainOptionError('samples', `expected an integer >= 1, found ${count}`);
    const sums = variables.map((v) => tf.zeros(v.shape));
    for (let i = 0; i < count; i++) {
      const next = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => sampleLoss(i), variables);
        return variables.map((v, k) => {
          const g = grads[v.name];
          return g === undefined ? sums[k]!.clone() : tf.add(sums[k]!, tf.square(g));
        });
      });
      tf.dispose(sums);
      sums.splice(0, sums.length, ...next);
    }
    variables.forEach((v, k) => {
      const h = tf.tidy(() => tf.div(sums[k]!, count));
      this.slot(v.name, v.shape).assign(h);
      h.dispose();
    });
    tf.dispose(sums);
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

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const registered = tf.engine().registeredVariables;
    entries.forEach(([name, gradient]) => {
      const value = registered[name];
      if (value === undefined || gradient == null) return;
      const h = this.slot(name, value.shape);
      tf.tidy(() => {
        const step = tf.div(tf.scalar(this.learningRate * this.patternsPerStep), tf.add(h, this.mu));
        value.assign(tf.sub(value, tf.mul(step, gradient)));
      });
    });
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

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new (cls as unknown as typeof SdlmOptimizer)(config['learningRate'] as number, {
      mu: config['mu'] as number,
      patternsPerStep: config['patternsPerStep'] as number,
    }) as unknown as T;
  }
}

tf.serialization.registerClass(SdlmOptimizer);
