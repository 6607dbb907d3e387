import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { F32, I32, V128, addTo, forRange, instantiateOverBackend, moduleBytes, op, whileNot, type WasmFunction } from '../wasm-module';

/**
 * The per-channel loops of the Add, Sum and AvgPoolGrad kernels, over rows of c >= 4 float32 values (byte
 * offsets into the backend's memory). Each row is read four channels at a time (f32x4 lanes: the same IEEE
 * float32 operation per element as the scalar loop), the last group overlapping the one before it when 4
 * does not divide c, so no lane reads or writes past its row:
 * - addRows(x, v, out, rows, c): out[m, k] = x[m, k] + v[k];
 * - sumRows(x, acc, rows, c): group g's four lanes (at channel min(4g, c - 4)) add up x[m, ...] for m = 0, 1,
 *   ... in order into acc[4g .. 4g + 3] (zeroed by the caller, ceil(c / 4) groups; {@link groupLane} says
 *   which lane holds channel k): each channel is summed in the stock kernel's order;
 * - spreadRows(dy, out, rows, wo, c, fh, fw, scale): the pooling gradient of windows that tile the input:
 *   every dy pixel times scale, written to its fh x fw window of out (rows = batch x output rows).
 */
export interface ChannelLoops {
  addRows(x: number, v: number, out: number, rows: number, c: number): void;
  sumRows(x: number, acc: number, rows: number, c: number): void;
  spreadRows(dy: number, out: number, rows: number, wo: number, c: number, fh: number, fw: number, scale: number): void;
}

/** Where sumRows leaves channel k of c: its index in the acc buffer. */
export function groupLane(k: number, c: number): number {
  const g = Math.floor(k / 4);
  return 4 * g + 4 <= c ? k : 4 * (Math.ceil(c / 4) - 1) + k - (c - 4);
}

/** Locals every loop uses, after its parameters: the channel loop's k and kk, the row's bytes cb and cb - 16. */
interface GroupLocals {
  k: number;
  kk: number;
  cb: number;
  cm: number;
}

/** cb = c * 4 and cm = cb - 16, from the parameter `c`. */
function rowBytes(c: number, { cb, cm }: GroupLocals): number[] {
  return [...op.get(c), ...op.i32(2), op.i32Shl, ...op.set(cb), ...op.get(cb), ...op.i32(16), op.i32Sub, ...op.set(cm)];
}

/** for (k = 0; k < cb; k += 16) { kk = min(k, cm); body }: the groups of four channels of one row, in bytes. */
function groupLoop({ k, kk, cb, cm }: GroupLocals, body: number[]): number[] {
  const min = [...op.get(k), ...op.get(cm), ...op.get(k), ...op.get(cm), op.i32LtS, op.select, ...op.set(kk)];
  return [...op.i32(0), ...op.set(k), ...whileNot([...op.get(k), ...op.get(cb), op.i32GeS], [...min, ...body, ...addTo(k, op.i32(16))])];
}

const plus = (p: number, q: number): number[] => [...op.get(p), ...op.get(q), op.i32Add];

function channelLoopBytes(): Uint8Array {
  const i32s = (n: number) => Array.from({ length: n }, () => I32);

  const [X, V, OUT, ROWS, C, R] = [0, 1, 2, 3, 4, 5];
  const a: GroupLocals = { k: 6, kk: 7, cb: 8, cm: 9 };
  const addRows: WasmFunction = {
    name: 'addRows',
    params: i32s(5),
    locals: [[5, I32]],
    code: [
      ...rowBytes(C, a),
      ...forRange(R, ROWS, [
        ...groupLoop(a, [...plus(OUT, a.kk), ...plus(X, a.kk), ...op.v128Load, ...plus(V, a.kk), ...op.v128Load, ...op.f32x4Add, ...op.v128Store]),
        ...addTo(X, op.get(a.cb)),
        ...addTo(OUT, op.get(a.cb)),
      ]),
    ],
  };

  const [SX, ACC, SROWS, SC, SR, SA] = [0, 1, 2, 3, 4, 5];
  const s: GroupLocals = { k: 6, kk: 7, cb: 8, cm: 9 };
  const sumRows: WasmFunction = {
    name: 'sumRows',
    params: i32s(4),
    locals: [[6, I32]],
    code: [
      ...rowBytes(SC, s),
      ...forRange(SR, SROWS, [
        ...op.get(ACC),
        ...op.set(SA),
        ...groupLoop(s, [
          ...op.get(SA),
          ...op.get(SA),
          ...op.v128Load,
          ...plus(SX, s.kk),
          ...op.v128Load,
          ...op.f32x4Add,
          ...op.v128Store,
          ...addTo(SA, op.i32(16)),
        ]),
        ...addTo(SX, op.get(s.cb)),
      ]),
    ],
  };

  const [DY, POUT, PROWS, WO, PC, FH, FW, SCALE] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [PR, PA, OW, PB, SRC] = [8, 9, 10, 11, 12];
  const p: GroupLocals = { k: 13, kk: 14, cb: 15, cm: 16 };
  const SV = 17;
  const spreadRows: WasmFunction = {
    name: 'spreadRows',
    params: [...i32s(7), F32],
    locals: [
      [9, I32],
      [1, V128],
    ],
    code: [
      ...rowBytes(PC, p),
      ...op.get(SCALE),
      ...op.f32x4Splat,
      ...op.set(SV),
      // Output rows in memory order: dy row r gives out rows r*fh .. r*fh + fh - 1, each pixel fw times.
      ...forRange(PR, PROWS, [
        ...forRange(PA, FH, [
          ...op.get(DY),
          ...op.set(SRC),
          ...forRange(OW, WO, [
            ...forRange(PB, FW, [
              ...groupLoop(p, [...plus(POUT, p.kk), ...plus(SRC, p.kk), ...op.v128Load, ...op.get(SV), ...op.f32x4Mul, ...op.v128Store]),
              ...addTo(POUT, op.get(p.cb)),
            ]),
            ...addTo(SRC, op.get(p.cb)),
          ]),
        ]),
        ...op.get(SRC),
        ...op.set(DY), // the next dy row
      ]),
    ],
  };
  return moduleBytes([addRows, sumRows, spreadRows]);
}

/**
 * The loops over this backend's memory for rows of c channels, or null where c < 4 (no lane group fits a
 * row) or the memory is not reachable: the kernels then loop in JS.
 */
export function channelLoops(backend: BackendWasm, c: number): ChannelLoops | null {
  if (c < 4) return null;
  const exports = instantiateOverBackend(backend, 'channel-loops-simd', channelLoopBytes);
  return exports === null ? null : (exports as unknown as ChannelLoops);
}
