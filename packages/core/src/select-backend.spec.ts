import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, BackendUnavailableError, describeBackend, registerWasmTrainingKernels, selectBackend } from './index';

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('importing @lenet/core', () => {
  it('registers the wasm training kernels by itself', () => {
    // The first test of this file: nothing has called registerWasmTrainingKernels or selectBackend yet.
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });
});

describe('selectBackend', () => {
  it('lists auto first and every concrete backend', () => {
    expect(BACKEND_NAMES[0]).toBe('auto');
    expect([...BACKEND_NAMES].sort()).toEqual(['auto', 'cpu', 'tensorflow', 'tensorflow-gpu', 'wasm', 'webgpu']);
  });

  it('sets, readies and returns wasm and cpu', async () => {
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(describeBackend()).toBe('cpu'); // the name alone: only webgpu adds its adapter
  });

  it('gives wasm our kernels: the filter gradient runs (the stock backend has none)', async () => {
    await selectBackend('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    const dw = tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 1, 'valid').sum())(w);
    expect(Array.from(dw.dataSync())).toEqual(new Array(9).fill(4));
    tf.dispose([x, w, dw]);
    registerWasmTrainingKernels(); // idempotent
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });

  it('auto picks a native backend when one is installed, else wasm', async () => {
    const native = installed('@tensorflow/tfjs-node-gpu') || installed('@tensorflow/tfjs-node');
    expect(await selectBackend('auto')).toBe(native ? 'tensorflow' : 'wasm');
    expect(await selectBackend()).toBe(native ? 'tensorflow' : 'wasm');
  });

  describe.each([
    ['tensorflow', '@tensorflow/tfjs-node'],
    ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu'],
  ] as const)('%s', (name, pkg) => {
    // Only where the package is absent is there a missing backend to explain; elsewhere this shows as skipped.
    const whenMissing = installed(pkg) ? it.skip : it;
    whenMissing(`explains how to install ${pkg} when it is missing (skipped where it is installed)`, async () => {
      const error = await selectBackend(name).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect((error as BackendUnavailableError).backend).toBe(name);
      expect((error as Error).message).toContain(`npm install ${pkg}@4.22.0`);
      expect((error as Error).message).toContain('is not installed');
    });
  });

  it('rejects an unknown name with the accepted ones', async () => {
    await expect(selectBackend('webgl' as never)).rejects.toThrow(/unknown backend 'webgl': expected one of auto, /);
  });
});
