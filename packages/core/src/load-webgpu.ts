import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from './backend-unavailable-error';

/** Dawn for Node (prebuilt `dawn.node`) and TF.js's WebGPU backend: optional dependencies of this package. */
const DAWN_PACKAGE = 'webgpu';
const BACKEND_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

/** The part of the `webgpu` package's API used here (its own types need `@webgpu/types`). */
interface DawnModule {
  create(options: string[]): { requestAdapter(): Promise<unknown> };
  globals: Record<string, unknown>;
}

/** Where Debian's Chromium keeps its SwiftShader Vulkan driver: a software adapter for Dawn (see the README). */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Imports an optional ES module package. A variable specifier keeps the type checker from resolving the
 * (possibly absent) package; `import()` (kept as is in the CommonJS build) loads the ES module `webgpu`.
 */
async function importOptional<T>(pkg: string): Promise<T> {
  const specifier: string = pkg;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const missing = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
    throw new BackendUnavailableError(
      'webgpu',
      missing
        ? `backend 'webgpu': needs the optional package '${pkg}' (npm install ${pkg}), or use --backend wasm`
        : `backend 'webgpu': ${pkg} failed to load (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/**
 * Makes TF.js's `webgpu` backend available in Node: loads Dawn (`webgpu`), puts its WebGPU globals
 * (`GPUBufferUsage`, ...) and `navigator.gpu` on `globalThis` where a browser has them, checks that Dawn
 * finds an adapter, then imports `@tensorflow/tfjs-backend-webgpu`, which registers the backend when it
 * sees `navigator.gpu`. Once registered (here or by the application), nothing is done again.
 *
 * @throws BackendUnavailableError when a package is missing or Dawn finds no adapter.
 */
export async function loadWebGpu(): Promise<void> {
  if (tf.findBackendFactory('webgpu') != null) return;
  const dawn = await importOptional<DawnModule>(DAWN_PACKAGE);
  const gpu = dawn.create([]);
  if ((await gpu.requestAdapter()) == null) {
    throw new BackendUnavailableError(
      'webgpu',
      `backend 'webgpu': no WebGPU adapter found (Dawn sees no usable GPU driver; for a software one, ` +
        `e.g. Chromium's SwiftShader, start with VK_ICD_FILENAMES=${SWIFTSHADER_ICD}), or use --backend wasm`,
    );
  }
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  // Node 21+ has a `navigator` of its own (without `gpu`); Node 20 has none.
  const host = globalThis as { navigator?: object };
  host.navigator ??= {};
  Object.defineProperty(host.navigator, 'gpu', { value: gpu, configurable: true });
  await importOptional(BACKEND_PACKAGE);
}
