/**
 * The one module of `@lenet/core` with an import-time side effect (declared in package.json's
 * `sideEffects`): it registers the wasm training kernels, so that `tf.setBackend('wasm')` trains even
 * without selectBackend (issue 4). Idempotent, and harmless where wasm is never used.
 */
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

registerWasmTrainingKernels();
