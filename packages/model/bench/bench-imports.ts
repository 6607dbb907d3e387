// What the benchmark needs from the package's source (kept apart so the benchmark reads like a user of it).
export { TableConv2D, TrainableSubsampling, createLoss, createModel, resolveModelOptions } from '../src/index';
export type { ModelName } from '../src/index';
export { applyActivation as applyActivationForBench } from '../src/layers/scaled-tanh';
