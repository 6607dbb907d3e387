import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, selectBackend } from './base';

describe('importing @lenet/core/base', () => {
  it('registers nothing: wasm keeps its stock kernels until asked', () => {
    // jest gives each spec file its own module registry, so ./register has not run in this one.
    expect(typeof selectBackend).toBe('function');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    registerWasmTrainingKernels();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });
});
