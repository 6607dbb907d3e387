import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError } from './backend-unavailable-error';
import { registerFusedOptimizers } from './register-fused-optimizers';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

/** The backends a browser page can train on, the default first. */
export const BROWSER_BACKEND_NAMES = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;

/** A browser backend: `wasm` (XNNPACK + our training kernels), `webgl`, `webgpu` (where offered) or `cpu`. */
export type BrowserBackendName = (typeof BROWSER_BACKEND_NAMES)[number];

/** Where the wasm backend's `.wasm` files are: a URL prefix, or a URL per file name (a bundler's asset URLs). */
export type WasmPaths = Parameters<typeof setWasmPaths>[0];

/** Options of {@link selectBrowserBackend}. */
export interface BrowserBackendOptions {
  /**
   * URLs of `tfjs-backend-wasm.wasm`, `-simd.wasm` and `-threaded-simd.wasm` as the bundler emitted them (with
   * Vite: `import simd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url'`). Applied
   * before wasm first starts; without it TF.js looks next to the script, which a bundle does not have.
   */
  wasmPaths?: WasmPaths;
}

let wasmPathsSet = false;

/**
 * The browser counterpart of `selectBackend`: sets and readies a TF.js backend and returns `tf.getBackend()`,
 * with no attempt at the native Node packages. `webgpu` needs `@tensorflow/tfjs-backend-webgpu` imported by the
 * application (TF.js keeps it out of its main bundle) and a browser whose `navigator.gpu` gives an adapter. The wasm
 * training kernels are registered.
 *
 * @throws BackendUnavailableError naming the backend and why (unknown, not offered, failed to start).
 */
export async function selectBrowserBackend(name: BrowserBackendName = 'wasm', options: BrowserBackendOptions = {}): Promise<string> {
  if (!BROWSER_BACKEND_NAMES.includes(name)) {
    throw new BackendUnavailableError(String(name), `unknown backend '${String(name)}': expected one of ${BROWSER_BACKEND_NAMES.join(', ')}`);
  }
  registerWasmTrainingKernels();
  registerFusedOptimizers();
  if (name === 'wasm' && options.wasmPaths !== undefined && !wasmPathsSet) {
    setWasmPaths(options.wasmPaths);
    wasmPathsSet = true;
  }
  if (name === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
    if (gpu === undefined) throw new BackendUnavailableError(name, `backend 'webgpu': this browser offers no WebGPU (navigator.gpu is missing)`);
    if ((await gpu.requestAdapter()) == null) {
      throw new BackendUnavailableError(name, `backend 'webgpu': the browser has WebGPU but no adapter (no usable GPU or driver)`);
    }
    if (tf.findBackendFactory('webgpu') == null) {
      throw new BackendUnavailableError(name, `backend 'webgpu' is not registered: import '@tensorflow/tfjs-backend-webgpu' in the application first`);
    }
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    throw new BackendUnavailableError(name, `backend '${name}' failed to start (${(error as Error).message})`, { cause: error });
  }
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailableError(name, `backend '${name}' is not offered by this browser or failed to initialise`);
  return tf.getBackend();
}
