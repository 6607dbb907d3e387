import { DataOptionError } from './errors';
import { backgroundValue, normalizeImages } from './normalize';

/** One 28 x 28 image: 0 everywhere, 255 at (0,0), 128 at (27,27). */
function image(): Uint8Array {
  const img = new Uint8Array(784);
  img[0] = 255;
  img[783] = 128;
  return img;
}

describe('normalizeImages', () => {
  it('maps bytes as the presets say', () => {
    const seed = normalizeImages(image(), 1, { normalization: 'seed', size: 28 });
    expect(seed[1]).toBeCloseTo(-0.1, 6);
    expect(seed[0]).toBeCloseTo(1.9, 6);
    expect(seed[783]).toBeCloseTo((128 / 255 - 0.05) / 0.5, 6);
    const paper = normalizeImages(image(), 1, { normalization: 'paper', size: 28 });
    expect(paper[1]).toBeCloseTo(-0.1, 6);
    expect(paper[0]).toBeCloseTo(1.175, 6);
    const standard = normalizeImages(image(), 1, { normalization: 'standard', size: 28 });
    expect(standard[1]).toBeCloseTo(-0.1307 / 0.3081, 6);
    expect(standard[0]).toBeCloseTo((1 - 0.1307) / 0.3081, 6);
    expect(backgroundValue('standard')).toBeCloseTo(-0.42421, 5);
  });

  it('pads 28 x 28 to 32 x 32 with the background value, the image centred', () => {
    const out = normalizeImages(image(), 1, { normalization: 'paper', size: 32 });
    expect(out.length).toBe(1024);
    expect(out[2 * 32 + 2]).toBeCloseTo(1.175, 6); // pixel (0,0) lands at (2,2)
    expect(out[29 * 32 + 29]).toBeCloseTo(-0.1 + (128 / 255) * 1.275, 6); // (27,27) at (29,29)
    const border = [0, 1, 31, 32, 33, 2 * 32 + 1, 30 * 32 + 30, 1023];
    for (const i of border) expect(out[i]).toBeCloseTo(-0.1, 6);
    const seed = normalizeImages(new Uint8Array(784), 1, { normalization: 'seed', size: 32 });
    expect(seed.every((v) => Math.abs(v - -0.1) < 1e-6)).toBe(true);
  });

  it('lays several images out NHWC and writes into a given buffer', () => {
    const two = new Uint8Array(2 * 784);
    two[784] = 255; // first pixel of the second image
    const out = new Float32Array(2 * 1024 + 5).fill(42);
    const result = normalizeImages(two, 2, { normalization: 'seed', size: 32 }, out);
    expect(result.length).toBe(2048);
    expect(result.buffer).toBe(out.buffer);
    expect(out[1024 + 2 * 32 + 2]).toBeCloseTo(1.9, 6);
    expect(out[2 * 32 + 2]).toBeCloseTo(-0.1, 6);
    expect(out[2048]).toBe(42);
  });

  it('rejects images of the wrong size, a small buffer and an unknown preset', () => {
    expect(() => normalizeImages(new Uint8Array(785), 1, { normalization: 'seed', size: 28 })).toThrow(DataOptionError);
    expect(() => normalizeImages(new Uint8Array(784), 1, { normalization: 'seed', size: 28 }, new Float32Array(10))).toThrow(
      /out: expected a buffer of at least 784/,
    );
    expect(() => normalizeImages(new Uint8Array(784), 1, { normalization: 'bogus' as never, size: 28 })).toThrow(
      /normalization: expected one of seed, standard, paper/,
    );
  });
});
