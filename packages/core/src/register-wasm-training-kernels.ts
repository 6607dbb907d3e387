import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { avgPoolGradConfig } from './kernels/avg-pool-grad';
import { batchMatMulConfig } from './kernels/batch-mat-mul';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './kernels/conv2d-backprop-input';
import { maxPoolGradConfig } from './kernels/max-pool-grad';

/** Names of the kernels this package adds to (or replaces in) the stock wasm backend. */
export const WASM_TRAINING_KERNEL_NAMES: readonly string[] = [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.MaxPoolGrad, tf.AvgPoolGrad, tf.BatchMatMul];

let registered = false;

/**
 * Registers the wasm training kernels with TF.js (idempotent). Stock kernels of the same name are replaced
 * (unregistered first, so TF.js logs no overwrite warning); the stock BatchMatMul is kept as the fast path
 * the replacement delegates to. (The fused optimizer updates are registered apart, by registerFusedOptimizers:
 * importing the package and selectBackend do both.)
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const stockBatchMatMul = tf.getKernel(tf.BatchMatMul, 'wasm');
  if (stockBatchMatMul == null) throw new Error('@lenet/core: the stock wasm BatchMatMul kernel is not registered');
  const configs = [conv2DBackpropFilterConfig, conv2DBackpropInputConfig, maxPoolGradConfig, avgPoolGradConfig, batchMatMulConfig(stockBatchMatMul)];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  registered = true;
}
