/** One point of a per-step curve (a type, not an interface, so that it is a vega-lite data row). */
export type StepPoint = { step: number; value: number };

/** A per-step curve as drawn: the raw values (thinned) and their rolling mean (sampled). */
export interface StepSeries {
  raw: StepPoint[];
  smoothed: StepPoint[];
}

/** Rolling-mean window: about 1/50 of the points, odd, at least 1. */
export function smoothingWindow(count: number): number {
  const w = Math.max(1, Math.round(count / 50));
  return w % 2 === 0 ? w + 1 : w;
}

/** Centred rolling mean over `window` points (odd), averaging only the points that exist at the ends. */
export function rollingMean(values: readonly number[], window: number): number[] {
  const half = (window - 1) / 2;
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1]! + v);
  return values.map((_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(values.length, i + half + 1);
    return (prefix[hi]! - prefix[lo]!) / (hi - lo);
  });
}

/**
 * The curve to draw with at most `maxPoints` raw points: every point when they fit, otherwise the lowest
 * and highest point of each of `maxPoints / 2` runs of consecutive steps, in step order, so that the line's
 * envelope is the raw one at any pixel width below that. The rolling mean is computed over every point and
 * sampled at each run's middle. A 20-pass run at batch 16 has 75,000 steps: drawn whole, its figure is 4 MB.
 */
export function stepSeries(points: readonly StepPoint[], maxPoints: number): StepSeries {
  const smooth = rollingMean(
    points.map((p) => p.value),
    smoothingWindow(points.length),
  );
  const smoothed = points.map((p, i) => ({ step: p.step, value: smooth[i]! }));
  if (points.length <= maxPoints) return { raw: [...points], smoothed };
  const runs = Math.max(1, Math.floor(maxPoints / 2));
  const raw: StepPoint[] = [];
  const sampled: StepPoint[] = [];
  for (let r = 0; r < runs; r++) {
    const lo = Math.floor((r * points.length) / runs);
    const hi = Math.floor(((r + 1) * points.length) / runs);
    let min = lo;
    let max = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (points[i]!.value < points[min]!.value) min = i;
      if (points[i]!.value > points[max]!.value) max = i;
    }
    for (const i of min === max ? [min] : [Math.min(min, max), Math.max(min, max)]) raw.push(points[i]!);
    sampled.push(smoothed[(lo + hi - 1) >> 1]!);
  }
  return { raw, smoothed: sampled };
}
