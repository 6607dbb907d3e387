import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { avgPoolGradConfig } from './kernels/avg-pool-grad';
import { batchMatMulConfig } from './kernels/batch-mat-mul';
import { channelAddConfig } from './kernels/channel-add';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './kernels/conv2d-backprop-input';
import { identityConfig } from './kernels/identity';
import { conv2DConfig } from './kernels/image-conv2d';
import { leadingAxesSumConfig } from './kernels/leading-axes-sum';
import { maxPoolGradConfig } from './kernels/max-pool-grad';
import { reluGradConfig, reluGradGradient, reluGradient } from './kernels/relu-grad';

/** The stock wasm kernel `name`, which a replacement delegates to for the cases it does not speed up. */
function stockKernel(name: string): tf.KernelConfig {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel == null) throw new Error(`@lenet/core: the stock wasm ${name} kernel is not registered`);
  return kernel;
}

let registered = false;

/**
 * Registers the wasm training kernels with TF.js (idempotent). Stock kernels of the same name are replaced
 * (unregistered first, so TF.js logs no overwrite warning); the stock Conv2D, BatchMatMul, Add and Sum are kept for
 * the cases their replacements hand back. Relu's gradient is re-registered to use the fused ReLU-gradient kernel
 * (the stock arithmetic on backends without it). (The fused optimizer updates are registered apart, by registerFusedOptimizers:
 * importing the package and selectBackend do both.)
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const configs = [
    conv2DBackpropFilterConfig,
    conv2DBackpropInputConfig,
    maxPoolGradConfig,
    avgPoolGradConfig,
    identityConfig,
    reluGradConfig,
    conv2DConfig(stockKernel(tf.Conv2D)),
    batchMatMulConfig(stockKernel(tf.BatchMatMul)),
    channelAddConfig(stockKernel(tf.Add)),
    leadingAxesSumConfig(stockKernel(tf.Sum)),
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, 'wasm') != null) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  // Relu's gradient through the fused kernel where the backend has one (the stock ops elsewhere).
  tf.registerGradient(reluGradient);
  tf.registerGradient(reluGradGradient);
  registered = true;
}
