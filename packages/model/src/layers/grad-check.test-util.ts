import * as tf from '@tensorflow/tfjs';
import { createRng } from '@lenet/data';

/**
 * Central finite differences of a float32 scalar function, checked against TF.js's analytic gradient.
 * Float32 care: eps 1e-2 keeps rounding noise (~1e-6 / eps) and truncation (~eps^2) both near 1e-4, so the
 * tolerance is 2e-3 absolute + 1e-2 relative. Coordinates are a seeded sample so that big tensors stay cheap.
 */
export interface GradCheckResult {
  checked: number;
  worst: number;
  failures: string[];
}

const EPS = 1e-2;
const ATOL = 2e-3;
const RTOL = 1e-2;

/** Sample up to `count` distinct flat indices of a tensor of `size` elements. */
function sampleIndices(size: number, count: number, seed: number): number[] {
  if (size <= count) return Array.from({ length: size }, (_, i) => i);
  const rng = createRng(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(rng() * size));
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Checks d loss / d v for every variable v in `variables` (their values are restored afterwards).
 * `loss` must be deterministic and read the variables' current values.
 */
export function checkGradients(loss: () => tf.Scalar, variables: tf.Variable[], options: { samples?: number; seed?: number } = {}): GradCheckResult {
  const samples = options.samples ?? 40;
  const { grads } = tf.variableGrads(loss, variables);
  const failures: string[] = [];
  let checked = 0;
  let worst = 0;
  variables.forEach((v, vi) => {
    const analytic = grads[v.name].dataSync();
    const original = v.dataSync().slice();
    for (const index of sampleIndices(original.length, samples, (options.seed ?? 1) + vi)) {
      const at = (delta: number) => {
        const values = original.slice();
        values[index] += delta;
        v.assign(tf.tensor(values, v.shape));
        return tf.tidy(() => loss().dataSync()[0]);
      };
      const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
      const error = Math.abs(numeric - analytic[index]);
      const excess = error / (ATOL + RTOL * Math.abs(numeric));
      worst = Math.max(worst, excess);
      checked++;
      if (excess > 1) failures.push(`${v.name}[${index}]: analytic ${analytic[index]} vs numeric ${numeric}`);
    }
    v.assign(tf.tensor(original, v.shape));
  });
  Object.values(grads).forEach((g) => g.dispose());
  return { checked, worst, failures };
}

/** A seeded tensor of uniform values in [lo, hi), as a plain array too (for the loop references). */
export function seededUniform(shape: number[], seed: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: size }, () => lo + (hi - lo) * rng());
}

/** Largest absolute difference between two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Builds a layer by applying it to a symbolic input of `shape` (batch first): unlike `layer.build()`, this
 * also marks it used, so that `layer.dispose()` frees its weights.
 */
export function buildLayer(layer: tf.layers.Layer, shape: (number | null)[]): void {
  layer.apply(tf.input({ batchShape: shape }));
}
