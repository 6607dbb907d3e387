import { DataOptionError } from './errors';
import { firstExamples } from './first-examples';

const set = { images: Uint8Array.from({ length: 3 * 4 }, (_, i) => i), labels: Uint8Array.from([7, 8, 9]), count: 3, rows: 2, cols: 2 };

describe('firstExamples', () => {
  it('copies the first n examples in order', () => {
    const s = firstExamples(set, 2);
    expect(s.count).toBe(2);
    expect(Array.from(s.labels)).toEqual([7, 8]);
    expect(Array.from(s.images)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(firstExamples(set, 0).count).toBe(0);
  });

  it('returns the set itself when it holds no more than n', () => {
    expect(firstExamples(set, 3)).toBe(set);
    expect(firstExamples(set, 10)).toBe(set);
  });

  it('rejects a count that is not a non-negative integer', () => {
    expect(() => firstExamples(set, -1)).toThrow(DataOptionError);
    expect(() => firstExamples(set, 1.5)).toThrow(/n: expected a non-negative integer, found 1.5/);
  });
});
