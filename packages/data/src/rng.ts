import { DataOptionError } from './errors';

/**
 * Checks a seed and reduces it to the 32-bit unsigned state the generators use.
 * Seeds are safe integers; those in -2^32..2^32-1 are taken modulo 2^32 (so -1 and 4294967295 are the
 * same seed), larger ones have their high word mixed into the low one.
 */
export function seedToUint32(seed: number, option = 'seed'): number {
  if (!Number.isSafeInteger(seed)) {
    throw new DataOptionError(`${option}: expected an integer seed, found ${String(seed)}`, option);
  }
  // Seeds in -2^32..2^32-1 are plain modulo 2^32; beyond, fold the high word in so that large seeds
  // do not all collapse onto their low word.
  const hi = Math.floor(seed / 0x1_0000_0000);
  return hi === 0 || hi === -1 ? seed >>> 0 : ((seed >>> 0) ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
}

/**
 * The splitmix32 finaliser (a 32-bit avalanche mix): every input bit flips about half of the output bits.
 * Used to derive independent seeds (per epoch, per stream) from one user seed.
 */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Derives a new 32-bit seed from a seed and any number of stream ids (e.g. the epoch), by chaining
 * {@link mix32}. A pure function: the same inputs give the same seed on every machine.
 */
export function deriveSeed(seed: number, ...streams: number[]): number {
  let s = mix32(seedToUint32(seed));
  for (const stream of streams) s = mix32(s ^ seedToUint32(stream, 'stream'));
  return s;
}

/**
 * A seeded pseudo-random generator, uniform on [0, 1): **mulberry32** (Tommy Ettinger, public domain).
 *
 * Why mulberry32: it uses only 32-bit integer operations (`Math.imul`, shifts, xor), which JavaScript
 * defines exactly, so a seed gives the bit-identical sequence on every engine, OS and CPU — unlike anything
 * built on `Math.random` or floating-point transcendental functions. It is tiny, fast, passes the usual
 * statistical batteries for this use, and its 2^32 period is far more than the ~10^5 draws a shuffle of
 * MNIST needs. It is not cryptographic. Each value is a 32-bit output divided by 2^32, so 1 is never returned.
 *
 * @param seed any safe integer, reduced to 32 bits by {@link seedToUint32}
 */
export function createRng(seed: number): () => number {
  let state = seedToUint32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/**
 * A uniformly random permutation of 0..count-1 (Fisher–Yates, drawing from {@link createRng}(seed)).
 * The same (count, seed) gives the same permutation everywhere.
 */
export function shuffledIndices(count: number, seed: number): Uint32Array {
  if (!Number.isSafeInteger(count) || count < 0 || count > 0xffff_ffff) {
    throw new DataOptionError(`count: expected an integer in 0..2^32-1, found ${String(count)}`, 'count');
  }
  const rng = createRng(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
