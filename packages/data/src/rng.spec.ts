import { DataOptionError } from './errors';
import { createRng, deriveSeed, seedToUint32, shuffledIndices } from './rng';

describe('createRng (mulberry32)', () => {
  it('gives the reference mulberry32 sequence, so every machine draws the same numbers', () => {
    const rng = createRng(0);
    expect([rng(), rng(), rng()]).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
    const rng42 = createRng(42);
    expect([rng42(), rng42()]).toEqual([0.6011037519201636, 0.44829055899754167]);
  });

  it('is uniform on [0, 1)', () => {
    const rng = createRng(7);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      bins[Math.floor(x * 10)]!++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createRng(0.5)).toThrow(DataOptionError);
    expect(() => createRng(Number.NaN)).toThrow(/seed: expected an integer seed, found NaN/);
  });

  it('takes seeds modulo 2^32 and still separates seeds above 2^32', () => {
    expect(seedToUint32(-1)).toBe(0xffffffff);
    expect(seedToUint32(2 ** 32)).not.toBe(seedToUint32(0));
  });
});

describe('shuffledIndices', () => {
  it('is a permutation, the same for the same seed and pinned across versions', () => {
    const a = shuffledIndices(60000, 0);
    expect(Array.from(a.slice(0, 6))).toEqual([4711, 1717, 32835, 15376, 46137, 46304]);
    expect(Array.from(shuffledIndices(10, 1))).toEqual([7, 8, 3, 2, 1, 5, 9, 4, 0, 6]);
    const seen = new Uint8Array(60000);
    for (const i of a) seen[i]!++;
    expect(seen.every((n) => n === 1)).toBe(true);
    const same = (x: Uint32Array, y: Uint32Array): boolean => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(shuffledIndices(60000, 0), a)).toBe(true);
    expect(same(shuffledIndices(60000, 1), a)).toBe(false);
  });

  it('handles 0 and 1 elements and rejects a bad count', () => {
    expect(shuffledIndices(0, 3).length).toBe(0);
    expect(Array.from(shuffledIndices(1, 3))).toEqual([0]);
    expect(() => shuffledIndices(-1, 0)).toThrow(/count: expected an integer/);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of its inputs and separates streams', () => {
    expect(deriveSeed(0, 0)).toBe(3553795876);
    expect(deriveSeed(0, 1)).toBe(1273554988);
    expect(deriveSeed(0, 1)).toBe(deriveSeed(0, 1));
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(0, 1));
  });
});
