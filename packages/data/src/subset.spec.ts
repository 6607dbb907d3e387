import { DataOptionError } from './errors';
import { subset } from './subset';

const set = { images: Uint8Array.from({ length: 3 * 4 }, (_, i) => i), labels: Uint8Array.from([7, 8, 9]), count: 3, rows: 2, cols: 2 };

describe('subset', () => {
  it('copies the chosen examples in the given order', () => {
    const s = subset(set, [2, 0, 2]);
    expect(s.count).toBe(3);
    expect(Array.from(s.labels)).toEqual([9, 7, 9]);
    expect(Array.from(s.images)).toEqual([8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11]);
    s.images[0] = 99;
    expect(set.images[8]).toBe(8);
  });

  it('rejects an index outside the set', () => {
    expect(() => subset(set, [0, 3])).toThrow(DataOptionError);
    expect(() => subset(set, [1.5])).toThrow(/indices\[0\]: expected an integer in 0..2, found 1.5/);
  });
});
