// The browser entry of @lenet/core (package.json `exports` condition `browser`): backend selection without the
// native Node packages, plus the kernel registration of ./register, as the main entry.
import './register';

export { BROWSER_BACKEND_NAMES, selectBrowserBackend } from './select-browser-backend';
export type { BrowserBackendName, BrowserBackendOptions, WasmPaths } from './select-browser-backend';
export { BackendUnavailableError } from './backend-unavailable-error';
export { registerWasmTrainingKernels } from './register-wasm-training-kernels';
export { registerFusedOptimizers } from './register-fused-optimizers';
