import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './kernels/conv2d-backprop-input';
import { maxPoolGradConfig } from './kernels/max-pool-grad';

/** The kernels this package adds to (or replaces in) the stock wasm backend. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  maxPoolGradConfig,
];

let registered = false;

/**
 * Registers the wasm training kernels with TF.js (idempotent). Importing `@tensorflow/tfjs-backend-wasm`
 * first is not required: the kernels are looked up by name when an op runs on the `wasm` backend.
 * Stock kernels of the same name are replaced (unregistered first, so TF.js logs no overwrite warning).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  registered = true;
}
