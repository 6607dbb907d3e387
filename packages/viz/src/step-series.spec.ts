import { rollingMean, smoothingWindow, stepSeries } from './step-series';

/** A noisy decaying loss, the shape of a real run's per-step record. */
const noisy = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i, value: 2 * Math.exp(-i / (n / 5)) + ((i * 7919) % 13) / 10 }));

describe('rollingMean', () => {
  it('equals the mean of the points in each centred window, fewer at the ends', () => {
    const values = [4, 8, 1, 3, 9, 2];
    expect(rollingMean(values, 3)).toEqual([6, 13 / 3, 4, 13 / 3, 14 / 3, 5.5]);
    expect(rollingMean(values, 1)).toEqual(values);
  });
});

describe('stepSeries', () => {
  it('keeps every point of a short run, with the rolling mean at each step', () => {
    const points = noisy(120);
    const s = stepSeries(points, 1000);
    expect(s.raw).toEqual(points);
    expect(s.smoothed.map((p) => p.value)).toEqual(
      rollingMean(
        points.map((p) => p.value),
        smoothingWindow(120),
      ),
    );
  });

  it("thins a 75,000-step run (20 passes at batch 16) to the bound, keeping each run's extremes in step order", () => {
    const points = noisy(75_000);
    const s = stepSeries(points, 1000);
    expect(s.raw.length).toBeLessThanOrEqual(1000);
    expect(s.raw.length).toBeGreaterThan(900);
    expect(s.smoothed).toHaveLength(500);
    const steps = s.raw.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    // Every kept point is a real one, and the curve's overall extremes survive.
    for (const p of s.raw) expect(p).toEqual(points[p.step]);
    const values = points.map((p) => p.value);
    expect(Math.min(...s.raw.map((p) => p.value))).toBe(Math.min(...values));
    expect(Math.max(...s.raw.map((p) => p.value))).toBe(Math.max(...values));
    // Within each run of 150 steps the kept pair is that run's min and max.
    const run = values.slice(150, 300);
    expect(
      s.raw
        .filter((p) => p.step >= 150 && p.step < 300)
        .map((p) => p.value)
        .sort(),
    ).toEqual([Math.min(...run), Math.max(...run)].sort());
    // The rolling mean is the full series' one, sampled.
    const full = rollingMean(values, smoothingWindow(values.length));
    for (const p of s.smoothed) expect(p.value).toBe(full[p.step]);
  });

  it('handles no points', () => {
    expect(stepSeries([], 1000)).toEqual({ raw: [], smoothed: [] });
  });
});
