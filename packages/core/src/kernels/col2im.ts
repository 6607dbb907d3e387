import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { I32, addTo, forRange, instantiateOverBackend, moduleBytes, op, whileNot } from '../wasm-module';

/**
 * The geometry of a col2im: `cols` holds, for each of the batch x ho x wo output pixels of a convolution,
 * the fh x fw x ci values of the input window it read; col2im adds every value back onto the input
 * pixel it came from (x[b, oh*sh + kh - pt, ow*sw + kw - pl, c]), skipping the padding.
 */
export interface Col2ImGeometry {
  batch: number;
  ho: number;
  wo: number;
  h: number;
  w: number;
  ci: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  pt: number;
  pl: number;
}

/** The kw range [lo, hi) of a window starting at input column c0 that lies inside 0..w-1. */
const columnRange = (c0: number, fw: number, w: number): [number, number] => [Math.max(0, -c0), Math.min(fw, w - c0)];

/**
 * col2im in JS over heap views (where the wasm loop is unavailable): `dx` (zeroed by the caller) += the
 * windows of `cols`, each window row's in-range run added left to right, as the wasm loop does.
 */
export function col2imJs(cols: Float32Array, dx: Float32Array, g: Col2ImGeometry): void {
  const { batch, ho, wo, h, w, ci, fh, fw, sh, sw, pt, pl } = g;
  let p = 0;
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < ho; oh++)
      for (let ow = 0; ow < wo; ow++) {
        const c0 = ow * sw - pl;
        const [lo, hi] = columnRange(c0, fw, w);
        for (let kh = 0; kh < fh; kh++, p += fw * ci) {
          const r = oh * sh + kh - pt;
          if (r < 0 || r >= h || lo >= hi) continue;
          const dst = ((b * h + r) * w + c0 + lo) * ci;
          const src = p + lo * ci;
          for (let i = 0; i < (hi - lo) * ci; i++) dx[dst + i] += cols[src + i]!;
        }
      }
}

/**
 * The same loop in wasm: parameters (cols, dx, batch, ho, wo, h, w, ci, fh, fw, sh, sw, pt, pl), byte
 * offsets for cols and dx. A window row's in-range run of (hi - lo) * ci floats is contiguous in both, so
 * it is added four lanes at a time (f32x4.add: the same float32 sums), the last 0-3 one by one.
 */
function col2imBytes(): Uint8Array {
  const [COLS, DX, BATCH, HO, WO, H, W, CI, FH, FW, SH, SW, PT, PL] = Array.from({ length: 14 }, (_, i) => i);
  const [B, OH, OW, KH, R, C0, LO, HI, SRC, DST, END, P, PIX, TAP_ROW, END16] = Array.from({ length: 15 }, (_, i) => 14 + i);
  const g = op.get;
  const step = (bytes: number) => [...addTo(SRC, op.i32(bytes)), ...addTo(DST, op.i32(bytes))];
  const addRun = [
    // while src <= end - 16: dst[0..3] += src[0..3]; then while src < end: *dst += *src
    ...whileNot(
      [...g(SRC), ...g(END16), op.i32GtU],
      [...g(DST), ...g(DST), ...op.v128Load, ...g(SRC), ...op.v128Load, ...op.f32x4Add, ...op.v128Store, ...step(16)],
    ),
    ...whileNot([...g(SRC), ...g(END), op.i32GeU], [...g(DST), ...g(DST), ...op.f32Load, ...g(SRC), ...op.f32Load, op.f32Add, ...op.f32Store, ...step(4)]),
  ];
  const windowRow = [
    // r = oh * sh + kh - pt; if (r <u h && lo < hi) add the run
    ...g(OH),
    ...g(SH),
    op.i32Mul,
    ...g(KH),
    op.i32Add,
    ...g(PT),
    op.i32Sub,
    ...op.set(R),
    ...g(R),
    ...g(H),
    op.i32LtU,
    ...g(LO),
    ...g(HI),
    op.i32LtS,
    op.i32And,
    ...op.if,
    // src = p + lo * pix; dst = dx + ((b * h + r) * w + c0 + lo) * pix; end = src + (hi - lo) * pix
    ...g(P),
    ...g(LO),
    ...g(PIX),
    op.i32Mul,
    op.i32Add,
    ...op.set(SRC),
    ...g(DX),
    ...g(B),
    ...g(H),
    op.i32Mul,
    ...g(R),
    op.i32Add,
    ...g(W),
    op.i32Mul,
    ...g(C0),
    op.i32Add,
    ...g(LO),
    op.i32Add,
    ...g(PIX),
    op.i32Mul,
    op.i32Add,
    ...op.set(DST),
    ...g(SRC),
    ...g(HI),
    ...g(LO),
    op.i32Sub,
    ...g(PIX),
    op.i32Mul,
    op.i32Add,
    ...op.set(END),
    ...g(END),
    ...op.i32(16),
    op.i32Sub,
    ...op.set(END16),
    ...addRun,
    op.end,
    ...addTo(P, g(TAP_ROW)), // p += fw * pix
  ];
  const pixel = [
    // c0 = ow * sw - pl; lo = c0 < 0 ? -c0 : 0; hi = min(fw, w - c0)
    ...g(OW),
    ...g(SW),
    op.i32Mul,
    ...g(PL),
    op.i32Sub,
    ...op.set(C0),
    ...op.i32(0),
    ...g(C0),
    op.i32Sub,
    ...op.i32(0),
    ...g(C0),
    ...op.i32(0),
    op.i32LtS,
    op.select,
    ...op.set(LO),
    ...g(FW),
    ...g(W),
    ...g(C0),
    op.i32Sub,
    ...g(FW),
    ...g(W),
    ...g(C0),
    op.i32Sub,
    op.i32LtS,
    op.select,
    ...op.set(HI),
    ...forRange(KH, FH, windowRow),
  ];
  const code = [
    ...g(CI),
    ...op.i32(2),
    op.i32Shl,
    ...op.set(PIX),
    ...g(FW),
    ...g(PIX),
    op.i32Mul,
    ...op.set(TAP_ROW),
    ...g(COLS),
    ...op.set(P),
    ...forRange(B, BATCH, forRange(OH, HO, forRange(OW, WO, pixel))),
  ];
  return moduleBytes([{ name: 'col2im', params: Array.from({ length: 14 }, () => I32), locals: [[15, I32]], code }]);
}

type Col2ImWasm = (cols: number, dx: number, ...geometry: number[]) => void;

/**
 * Adds the windows of `cols` onto `dx` (both views of this backend's heap; dx zeroed by the caller): the
 * wasm loop where the backend's memory is reachable, else {@link col2imJs}. The same float32 sums either way.
 */
export function col2im(backend: BackendWasm, cols: Float32Array, dx: Float32Array, g: Col2ImGeometry): void {
  const exports = instantiateOverBackend(backend, 'col2im', col2imBytes);
  if (exports === null) return col2imJs(cols, dx, g);
  (exports['col2im'] as Col2ImWasm)(cols.byteOffset, dx.byteOffset, g.batch, g.ho, g.wo, g.h, g.w, g.ci, g.fh, g.fw, g.sh, g.sw, g.pt, g.pl);
}
