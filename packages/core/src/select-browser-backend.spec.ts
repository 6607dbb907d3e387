import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from './backend-unavailable-error';
import { BROWSER_BACKEND_NAMES, selectBrowserBackend } from './select-browser-backend';

// The page's own test (packages/web, real Chromium) covers wasm files located by the bundler, WebGL and WebGPU.
describe('selectBrowserBackend', () => {
  it('lists wasm first', () => {
    expect(BROWSER_BACKEND_NAMES).toEqual(['wasm', 'webgl', 'webgpu', 'cpu']);
  });

  it('sets and readies wasm (with our training kernels) and cpu', async () => {
    expect(await selectBrowserBackend('wasm')).toBe('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(await selectBrowserBackend('cpu')).toBe('cpu');
  });

  it('names the backend and the reason when it is not offered', async () => {
    await expect(selectBrowserBackend('webgpu')).rejects.toThrow(BackendUnavailableError);
    await expect(selectBrowserBackend('webgpu')).rejects.toThrow(/webgpu.*no WebGPU/);
    await expect(selectBrowserBackend('webgl')).rejects.toThrow(/backend 'webgl'/);
    await expect(selectBrowserBackend('tensorflow' as never)).rejects.toThrow(/unknown backend 'tensorflow': expected one of wasm, webgl, webgpu, cpu/);
  });
});

describe('the browser entry', () => {
  it('never reaches the native loader (select-backend.ts and its require)', () => {
    const entry = readFileSync(path.join(__dirname, 'index.browser.ts'), 'utf8');
    const selector = readFileSync(path.join(__dirname, 'select-browser-backend.ts'), 'utf8');
    for (const source of [entry, selector]) expect(source).not.toMatch(/select-backend'|\brequire\b|from 'node:/);
  });
});
