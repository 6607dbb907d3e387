import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from './wasm-kernel-utils';

/**
 * Identity without a copy: the output shares the input's data (one more reference), as the cpu backend's
 * Identity and every backend's Reshape do. The stock wasm kernel copies, and the engine runs Identity for
 * each tensor the tape saves for the backward pass (three copies of every activation per step). Nothing
 * here writes a tensor in place unless it holds the only reference (the fused optimizers check it).
 */
function identity({ inputs, backend }: WasmKernelArgs<tf.IdentityInputs>): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Registered for the wasm backend by {@link registerWasmTrainingKernels}. */
export const identityConfig: tf.KernelConfig = { kernelName: tf.Identity, backendName: 'wasm', kernelFunc: identity as unknown as tf.KernelFunc };
