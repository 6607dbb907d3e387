// The one module with import-time side effects: the WebGPU backend is registered, the RBF bitmaps (which the
// model package cannot read from disk here) are handed to @lenet/model, and the wasm files are the bundle's.
import '@tensorflow/tfjs-backend-webgpu';
import { type BrowserBackendName, selectBrowserBackend } from '@lenet/core';
import { provideRbfCodesText } from '@lenet/model';
import rbfCodesText from '@lenet/model/assets/rbf-digit-codes-7x12.txt?raw';
import wasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';

provideRbfCodesText(rbfCodesText);

const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};

/** Sets and readies a backend (page or worker), with the bundle's wasm files. */
export function useBackend(name: BrowserBackendName): Promise<string> {
  return selectBrowserBackend(name, { wasmPaths: WASM_PATHS });
}
