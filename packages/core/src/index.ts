export { BACKEND_NAMES, type BackendName } from './backend-name';
export { BackendUnavailableError } from './backend-unavailable-error';
export { selectBackend } from './select-backend';
export { registerWasmTrainingKernels } from './register-wasm-training-kernels';
