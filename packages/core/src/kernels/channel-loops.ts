import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { I32, addTo, elementLoop, instantiateOverBackend, moduleBytes, op, type WasmFunction } from '../wasm-module';

/**
 * The two per-channel loops of the Add and Sum kernels, over rows of C float32 values (byte offsets into the
 * backend's memory, n elements in all):
 * - addRows(x, v, out, n, c): out[m, k] = x[m, k] + v[k];
 * - sumRows(x, acc, n, c): acc[k] += x[m, k] for m = 0, 1, ... in order (acc zeroed by the caller).
 */
export interface ChannelLoops {
  addRows(x: number, v: number, out: number, n: number, c: number): void;
  sumRows(x: number, acc: number, n: number, c: number): void;
}

/**
 * One loop over the n elements at byte offset o of rows of c, with k the byte offset within the row;
 * `body` runs for each element. Locals after the parameters: o, end, k, cb (c in bytes).
 */
function rowLoop(name: string, params: number, nIndex: number, body: (at: (p: number) => number[], atK: (p: number) => number[]) => number[]): WasmFunction {
  const [O, END, K, CB] = [params, params + 1, params + 2, params + 3];
  const at = (p: number) => [...op.get(p), ...op.get(O), op.i32Add];
  const atK = (p: number) => [...op.get(p), ...op.get(K), op.i32Add];
  const code = [
    ...op.get(nIndex + 1),
    ...op.i32(2),
    op.i32Shl,
    ...op.set(CB), // cb = c * 4
    ...elementLoop({ n: nIndex, o: O, end: END }, [
      ...body(at, atK),
      ...addTo(K, op.i32(4)), // k += 4, back to 0 at the row's end:
      ...op.i32(0),
      ...op.get(K),
      ...op.get(K),
      ...op.get(CB),
      op.i32Eq,
      op.select,
      ...op.set(K),
    ]),
  ];
  return { name, params: Array.from({ length: params }, () => I32), locals: [[4, I32]], code };
}

function channelLoopBytes(): Uint8Array {
  const [X, V, OUT] = [0, 1, 2];
  const addRows = rowLoop('addRows', 5, 3, (at, atK) => [...at(OUT), ...at(X), ...op.f32Load, ...atK(V), ...op.f32Load, op.f32Add, ...op.f32Store]);
  const ACC = 1;
  const sumRows = rowLoop('sumRows', 4, 2, (at, atK) => [...atK(ACC), ...atK(ACC), ...op.f32Load, ...at(X), ...op.f32Load, op.f32Add, ...op.f32Store]);
  return moduleBytes([addRows, sumRows]);
}

/** The loops over this backend's memory, or null where it is not reachable (the kernels then loop in JS). */
export function channelLoops(backend: BackendWasm): ChannelLoops | null {
  const exports = instantiateOverBackend(backend, 'channel-loops', channelLoopBytes);
  return exports === null ? null : (exports as unknown as ChannelLoops);
}
