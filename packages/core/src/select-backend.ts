import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { BACKEND_NAMES, type BackendName } from './backend-name';
import { BackendUnavailableError } from './backend-unavailable-error';
import { loadWebGpu } from './load-webgpu';
import { registerFusedOptimizers } from './register-fused-optimizers';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

/** The optional native packages, by the backend name the user asks for. */
const NATIVE_PACKAGES: Record<'tensorflow' | 'tensorflow-gpu', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/**
 * Loads an optional native TF.js package. A variable `require` keeps bundlers and the type checker from
 * treating the (absent) package as a dependency. Registers the `tensorflow` backend on success.
 */
function loadNative(name: 'tensorflow' | 'tensorflow-gpu'): void {
  const pkg = NATIVE_PACKAGES[name];
  const load: NodeJS.Require = require;
  try {
    load(pkg);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'MODULE_NOT_FOUND' ? 'is not installed' : `failed to load (${(error as Error).message})`;
    throw new BackendUnavailableError(
      name,
      `backend '${name}': ${pkg} ${reason}. Install it with \`npm install ${pkg}@${tf.version_core}\` ` +
        `(its install script downloads libtensorflow${name === 'tensorflow-gpu' ? ' and needs CUDA/cuDNN' : ''}), ` +
        `or use --backend wasm (no native download).`,
      { cause: error },
    );
  }
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new BackendUnavailableError(name, `backend '${name}' is registered but failed to initialise`);
  await tf.ready();
}

/**
 * Sets and readies a TF.js backend and returns `tf.getBackend()`. `auto` tries `tensorflow-gpu`
 * (@tensorflow/tfjs-node-gpu), then `tensorflow` (@tensorflow/tfjs-node), and falls back to `wasm`; those
 * native packages are optional and never dependencies. `webgpu` runs on Dawn (the optional packages `webgpu`
 * and `@tensorflow/tfjs-backend-webgpu`, see loadWebGpu) where it finds an adapter. On `wasm` the training
 * kernels of this package are registered. Logging which backend ran is the caller's job.
 *
 * @throws BackendUnavailableError when a backend asked for by name is missing or fails to start.
 */
export async function selectBackend(name: BackendName = 'auto'): Promise<string> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new BackendUnavailableError(String(name), `unknown backend '${String(name)}': expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  registerWasmTrainingKernels();
  registerFusedOptimizers();
  if (name === 'auto') {
    for (const native of ['tensorflow-gpu', 'tensorflow'] as const) {
      try {
        loadNative(native);
        await activate('tensorflow');
        return tf.getBackend();
      } catch {
        // Optional: fall through to the next candidate.
      }
    }
    await activate('wasm');
    return tf.getBackend();
  }
  if (name === 'tensorflow' || name === 'tensorflow-gpu') {
    loadNative(name);
    await activate('tensorflow');
    return tf.getBackend();
  }
  if (name === 'webgpu') await loadWebGpu();
  await activate(name);
  return tf.getBackend();
}
