import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

export { BACKEND_NAMES, type BackendName } from './backend-name';
export { BackendUnavailableError } from './backend-unavailable-error';
export { selectBackend } from './select-backend';
export { registerWasmTrainingKernels } from './register-wasm-training-kernels';

// Importing the package registers the wasm training kernels (issue 4): `tf.setBackend('wasm')` then trains
// even without selectBackend. Idempotent, and harmless where wasm is never used.
registerWasmTrainingKernels();
