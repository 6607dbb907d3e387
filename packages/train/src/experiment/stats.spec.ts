import { incompleteBeta, studentTCdf, studentTQuantile, summarize } from './stats';

describe('Student t', () => {
  it('quantiles match published tables', () => {
    // t(0.975, df) from standard tables.
    const table: Array<[number, number]> = [
      [1, 12.7062],
      [2, 4.3027],
      [4, 2.7764],
      [9, 2.2622],
      [29, 2.0452],
      [1000, 1.9623],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.5, 3)).toBeCloseTo(0, 6);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 3);
  });

  it('the CDF is symmetric and the incomplete beta has known values', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(1.5, 7) + studentTCdf(-1.5, 7)).toBeCloseTo(1, 12);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10); // Cauchy: 1/2 + atan(1)/pi
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 10);
  });
});

describe('summarize', () => {
  it("computes mean, sample std and the 95% CI on the seed's PyTorch accuracies", () => {
    const s = summarize([98.94, 99.01, 98.71, 98.89, 98.65]);
    expect(s.n).toBe(5);
    expect(s.mean).toBeCloseTo(98.84, 10);
    // sum of squared deviations: 0.01 + 0.0289 + 0.0169 + 0.0025 + 0.0361 = 0.0944; / 4 = 0.0236
    expect(s.std).toBeCloseTo(Math.sqrt(0.0236), 10);
    expect(s.sem).toBeCloseTo(Math.sqrt(0.0236 / 5), 10);
    const half = 2.776445 * Math.sqrt(0.0236 / 5);
    expect(s.ci95![0]).toBeCloseTo(98.84 - half, 5);
    expect(s.ci95![1]).toBeCloseTo(98.84 + half, 5);
  });

  it('one value: std 0, no interval; none: an error', () => {
    expect(summarize([97.5])).toEqual({ n: 1, mean: 97.5, std: 0, sem: 0, ci95: null });
    expect(() => summarize([])).toThrow(/at least one value/);
  });
});
