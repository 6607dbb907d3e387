import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { F32, I32, elementLoop, instantiateOverBackend, moduleBytes, op } from '../wasm-module';

/**
 * Adam's per-element step as a tiny wasm function (see wasm-module.ts): scalar f32 ops in the stock
 * optimizer's order, so exactly IEEE float32 like the stock kernels and the `Math.fround` version.
 *
 * adam(w, g, m, v: byte offsets, n, b1, b2, 1-b1, 1-b2, 1-acc1, 1-acc2, eps, -lr):
 *   for each k: m = m*b1 + g*(1-b1); v = v*b2 + (g*g)*(1-b2); w = ((m/c1) / (sqrt(v/c2) + eps)) * -lr + w
 */
export type AdamKernel = (w: number, g: number, m: number, v: number, n: number, ...scalars: number[]) => void;

function adamModuleBytes(): Uint8Array {
  const [W, G, M, V, N, B1, B2, OMB1, OMB2, C1, C2, EPS, NLR, O, END, GK, MK, VK] = Array.from({ length: 18 }, (_, i) => i);
  const { get, set, f32Load: load, f32Store: store, f32Mul: mul, f32Add: add, f32Div: div, f32Sqrt: sqrt } = op;
  const at = (p: number) => [...get(p), ...get(O), op.i32Add]; // p + o
  const code = elementLoop({ n: N!, o: O!, end: END! }, [
    ...at(G!),
    ...load,
    ...set(GK!),
    ...at(M!),
    ...load,
    ...get(B1!),
    mul,
    ...get(GK!),
    ...get(OMB1!),
    mul,
    add,
    ...set(MK!),
    ...at(M!),
    ...get(MK!),
    ...store,
    ...at(V!),
    ...load,
    ...get(B2!),
    mul,
    ...get(GK!),
    ...get(GK!),
    mul,
    ...get(OMB2!),
    mul,
    add,
    ...set(VK!),
    ...at(V!),
    ...get(VK!),
    ...store,
    ...at(W!),
    ...get(MK!),
    ...get(C1!),
    div,
    ...get(VK!),
    ...get(C2!),
    div,
    sqrt,
    ...get(EPS!),
    add,
    div,
    ...get(NLR!),
    mul,
    ...at(W!),
    ...load,
    add,
    ...store,
  ]);
  const params = [I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32];
  // locals: o, end (i32); gk, mk, vk (f32)
  return moduleBytes([
    {
      name: 'adam',
      params,
      locals: [
        [2, I32],
        [3, F32],
      ],
      code,
    },
  ]);
}

/** The wasm Adam kernel over this backend's memory, or null where its memory is not reachable (JS is used). */
export function adamKernel(backend: BackendWasm): AdamKernel | null {
  return (instantiateOverBackend(backend, 'adam', adamModuleBytes)?.['adam'] as AdamKernel | undefined) ?? null;
}
