/**
 * The one module of `@lenet/core` with an import-time side effect (declared in package.json's
 * `sideEffects`): it registers the wasm training kernels and the fused optimizer updates, so that `tf.setBackend('wasm')` trains even
 * without selectBackend (issue 4). Idempotent, and harmless where wasm is never used.
 */
import { registerFusedOptimizers } from './register-fused-optimizers';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

registerWasmTrainingKernels();
registerFusedOptimizers();
