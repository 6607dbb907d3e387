/**
 * The side-effect-free entry of `@lenet/core` (`@lenet/core/base`), as `@tensorflow/tfjs-backend-wasm`'s
 * `base`: the same API as the package's main entry, but importing it registers nothing. Callers that want
 * the stock wasm kernels (a benchmark's baseline, a bundle that registers later) import this one.
 */
export { BACKEND_NAMES, type BackendName } from './backend-name';
export { BackendUnavailableError } from './backend-unavailable-error';
export { selectBackend } from './select-backend';
export { describeBackend } from './describe-backend';
export { registerWasmTrainingKernels } from './register-wasm-training-kernels';
export { registerFusedOptimizers } from './register-fused-optimizers';

// Internal, for @lenet packages' own optimizers (train's SDLM): one fused pass per variable over the wasm heap.
export { applyFused, gradientEntries, type FusedUpdate, type VariableGradients } from './optimizers/apply-fused';
// Internal, for @lenet/train's data-parallel steps: a tensor's values into a shared buffer without a copy of its own.
export { readInto } from './read-into';

// Internal, for benchmarks (the stock-wasm baseline needs the one kernel stock wasm lacks): not a stable API.
export { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter';
