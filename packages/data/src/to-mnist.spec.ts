import { loadMnist } from './mnist';
import type { GrayImage } from './gray-image';
import { correlation, invert, resizeBilinear } from './image-ops.test-util';
import { NoDigitError, borderMedian, boundingBox, centreOfMass, inkImage, placeByMass, resampleArea, toMnist } from './to-mnist';

function mnistDigit(images: Uint8Array, i: number): GrayImage {
  return { width: 28, height: 28, data: images.slice(i * 784, (i + 1) * 784) };
}

describe('toMnist on real MNIST test digits', () => {
  let test: { images: Uint8Array; labels: Uint8Array };
  beforeAll(async () => {
    test = (await loadMnist()).test;
  });

  it('gives back (nearly) the original digit from an enlarged, inverted copy of it', () => {
    let sum = 0;
    for (let i = 0; i < 20; i++) {
      const original = mnistDigit(test.images, i);
      const photo = invert(resizeBilinear(original, 70, 70)); // dark ink on white, 2.5x larger
      const restored = toMnist(photo);
      expect(restored).toHaveLength(784);
      sum += correlation(restored, original.data);
    }
    expect(sum / 20).toBeGreaterThan(0.9);
  });

  it('keeps the digit recognisable when the aspect ratio changes (56x40)', () => {
    let sum = 0;
    for (let i = 0; i < 20; i++) {
      const original = mnistDigit(test.images, i);
      sum += correlation(toMnist(invert(resizeBilinear(original, 56, 40))), original.data);
    }
    expect(sum / 20).toBeGreaterThan(0.5);
  });

  it('is nearly the identity on an MNIST digit (already 20x20-boxed and centred by mass)', () => {
    let sum = 0;
    for (let i = 0; i < 20; i++) sum += correlation(toMnist(mnistDigit(test.images, i)), mnistDigit(test.images, i).data);
    expect(sum / 20).toBeGreaterThan(0.99);
  });

  it('does not depend on polarity', () => {
    const d = resizeBilinear(mnistDigit(test.images, 3), 90, 90);
    expect(correlation(toMnist(d), toMnist(invert(d)))).toBeGreaterThan(0.999);
  });
});

describe('preprocessing steps', () => {
  const img = (w: number, h: number, f: (x: number, y: number) => number): GrayImage => {
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
    return { width: w, height: h, data };
  };

  it('reads the background from the border', () => {
    expect(borderMedian(img(10, 10, (x, y) => (x > 2 && x < 7 && y > 2 && y < 7 ? 0 : 240)))).toBe(240);
    expect(borderMedian(img(10, 10, (x) => (x === 5 ? 255 : 12)))).toBe(12);
  });

  it('turns dark ink on a light background into white ink on black, background at 0', () => {
    const ink = inkImage(img(5, 5, (x, y) => (x === 2 && y === 2 ? 40 : 220)));
    expect(ink.data[12]).toBeCloseTo(1);
    expect(ink.data[0]).toBe(0);
    expect(Math.max(...Array.from(ink.data).filter((_, i) => i !== 12))).toBe(0);
  });

  it('finds the bounding box, or none in a uniform image', () => {
    const ink = inkImage(img(12, 9, (x, y) => (x >= 3 && x < 6 && y >= 2 && y < 8 ? 255 : 0)));
    expect(boundingBox(ink, 0.2)).toEqual({ left: 3, top: 2, right: 6, bottom: 8 });
    expect(boundingBox(inkImage(img(4, 4, () => 77)), 0.2)).toBeUndefined();
    expect(() => toMnist(img(30, 30, () => 200))).toThrow(NoDigitError);
  });

  it('resamples by area: the mean is kept, shrinking and enlarging', () => {
    const src = inkImage(img(40, 40, (x, y) => ((x * 7 + y * 13) % 10 > 4 ? 255 : 0)));
    const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    const box = { left: 0, top: 0, right: 40, bottom: 40 };
    expect(mean(resampleArea(src, box, 20, 20).data)).toBeCloseTo(mean(src.data), 5);
    expect(mean(resampleArea(src, box, 60, 60).data)).toBeCloseTo(mean(src.data), 5);
  });

  it('scales the digit to 20 pixels on its longer side, keeping the aspect ratio', () => {
    // A 10-wide, 40-tall bar: 5x20 after scaling.
    const out = toMnist(img(100, 100, (x, y) => (x >= 40 && x < 50 && y >= 30 && y < 70 ? 0 : 255)));
    const box = boundingBox({ width: 28, height: 28, data: Float32Array.from(out, (v) => v / 255) }, 0.5)!;
    expect(box.bottom - box.top).toBe(20);
    expect(box.right - box.left).toBe(5);
  });

  it('places the centre of mass at the centre of the 28x28 field', () => {
    const digit = { width: 10, height: 20, data: Float32Array.from({ length: 200 }, (_, i) => (i % 10 < 3 ? 1 : 0)) };
    const c = centreOfMass(placeByMass(digit, 28));
    expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
  });
});
