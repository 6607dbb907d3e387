import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { selectBackend } from '../select-backend';

/** Seeded uniform [0,1) (mulberry32): reproducible random shapes and values in the parity tests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** Standard-normal values (Box-Muller), so both backends see the very same numbers. */
export function randn(r: () => number, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/** A tensor description that can be materialised on either backend. */
export interface HostTensor {
  values: Float32Array;
  shape: number[];
}

export function host(r: () => number, shape: number[]): HostTensor {
  return {
    values: randn(
      r,
      shape.reduce((a, b) => a * b, 1),
    ),
    shape,
  };
}

/**
 * Runs one kernel by name on a backend with the given host inputs and returns its output values and shape.
 * The backend is selected through selectBackend, so `wasm` runs with this package's kernels.
 */
export async function runOn(
  backend: 'cpu' | 'wasm',
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: object,
): Promise<{ values: Float32Array; shape: number[] }> {
  await selectBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v.values, v.shape);
  const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const values = Float32Array.from(out.dataSync() as Float32Array);
  const shape = out.shape.slice();
  tf.dispose([out, ...Object.values(tensors)]);
  return { values, shape };
}

/**
 * How the parity error is measured: the largest absolute difference divided by the largest magnitude of the
 * reference, max|a-b| / max|b| (a max-norm relative error). Element-wise relative errors are meaningless for
 * entries that cancel to ~0; both backends accumulate in float32, so values agree to a few ulps of the
 * largest entry, far below the 1e-5 bound.
 */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  if (Number.isNaN(diff)) return Infinity;
  return scale === 0 ? diff : diff / scale;
}

/** Runs a kernel on wasm and cpu with the same inputs: the max-norm relative error and the two shapes. */
export async function parity(
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: object,
): Promise<{ error: number; wasmShape: number[]; cpuShape: number[] }> {
  const w = await runOn('wasm', kernelName, inputs, attrs);
  const c = await runOn('cpu', kernelName, inputs, attrs);
  return { error: relativeError(w.values, c.values), wasmShape: w.shape, cpuShape: c.shape };
}

export type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

/** A random padding of each kind in turn: 'same', 'valid', a number, explicit per side. */
export function padFor(i: number, r: () => number, maxPad: number): Pad {
  switch (i % 4) {
    case 0:
      return 'same';
    case 1:
      return 'valid';
    case 2:
      return randInt(r, 0, maxPad);
    default:
      return [
        [0, 0],
        [randInt(r, 0, maxPad), randInt(r, 0, maxPad)],
        [randInt(r, 0, maxPad), randInt(r, 0, maxPad)],
        [0, 0],
      ];
  }
}

/** A convolution geometry drawn by {@link randomConv}, with TF.js's info for it. */
export interface ConvGeometry {
  batch: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  fh: number;
  fw: number;
  strides: [number, number];
  pad: Pad;
  info: backend_util.Conv2DInfo;
}

/**
 * One random convolution geometry (batch 1 every third draw, strides 1 or 2, the padding kind cycling with `i`).
 * Its output may be empty (outHeight or outWidth 0): the caller redraws or skips it.
 */
export function randomConv(i: number, r: () => number): ConvGeometry {
  const batch = i % 3 === 0 ? 1 : randInt(r, 2, 6);
  const h = randInt(r, 3, 12);
  const w = randInt(r, 3, 12);
  const ci = randInt(r, 1, 4);
  const co = randInt(r, 1, 5);
  const fh = randInt(r, 1, Math.min(5, h));
  const fw = randInt(r, 1, Math.min(5, w));
  const strides: [number, number] = [randInt(r, 1, 2), randInt(r, 1, 2)];
  const pad: Pad = padFor(i, r, 3);
  const info = backend_util.computeConv2DInfo([batch, h, w, ci], [fh, fw, ci, co], strides, 1, pad, 'floor');
  return { batch, h, w, ci, co, fh, fw, strides, pad, info };
}

/** Whether a geometry's output is non-empty. */
export function hasOutput(g: ConvGeometry): boolean {
  return g.info.outHeight > 0 && g.info.outWidth > 0;
}
