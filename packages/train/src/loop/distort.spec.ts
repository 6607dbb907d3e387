import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { backgroundValue, loadMnist, normalizeImages } from '@lenet/data';
import { DEFAULT_DISTORTION, PAPER_DISTORTED_COPIES, distortBatch, distortionTransforms, paperDistortionTransforms } from './distort';

beforeAll(async () => {
  await selectBackend('wasm');
});

const NONE = { translate: 0, scale: 0, squeeze: 0, shear: 0 };
const KEY = { seed: 7, epoch: 1, batch: 3 };

describe('distortionTransforms', () => {
  it('zero ranges give the identity', () => {
    expect(Array.from(distortionTransforms(2, 28, KEY, NONE), (v) => v + 0)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('a pure function of (seed, epoch, batch), different for another batch', () => {
    const a = distortionTransforms(4, 28, KEY);
    expect(distortionTransforms(4, 28, KEY)).toEqual(a);
    expect(distortionTransforms(4, 28, { ...KEY, batch: 4 })).not.toEqual(a);
  });

  it('stays within the documented ranges', () => {
    const t = distortionTransforms(500, 28, KEY);
    const r = DEFAULT_DISTORTION;
    for (let i = 0; i < 500; i++) {
      const [a0, a1, , b0, b1] = t.subarray(i * 8, i * 8 + 5);
      expect(b0).toBe(0);
      // A^-1 = [[1/sx, -k/(sx sy)], [0, 1/sy]]: sx sy = s^2, k = -a1 sx sy.
      const sx = 1 / a0!;
      const sy = 1 / b1!;
      const s = Math.sqrt(sx * sy);
      expect(Math.abs(s - 1)).toBeLessThanOrEqual(r.scale + 1e-6);
      expect(Math.abs(Math.sqrt(sx / sy) - 1)).toBeLessThanOrEqual(r.squeeze + 1e-6);
      expect(Math.abs(-a1! * sx * sy)).toBeLessThanOrEqual(r.shear + 1e-6);
    }
  });
});

describe('paperDistortionTransforms (the 60,000 + 540,000 protocol)', () => {
  it('shows each image as its original or one of its 9 fixed copies, about one pass in ten the original', () => {
    const indices = Uint32Array.from([0, 5, 59999]);
    for (const [i] of indices.entries()) {
      const seen = new Map<string, number>();
      for (let epoch = 0; epoch < 300; epoch++) {
        const row = Array.from(paperDistortionTransforms(indices, 32, { seed: 3, epoch }).subarray(i * 8, i * 8 + 8)).join(',');
        seen.set(row, (seen.get(row) ?? 0) + 1);
      }
      expect(seen.size).toBe(PAPER_DISTORTED_COPIES + 1);
      const identity = seen.get([1, 0, 0, 0, 1, 0, 0, 0].join(',')) ?? 0;
      expect(identity).toBeGreaterThan(10);
      expect(identity).toBeLessThan(60);
    }
    // A pure function of (seed, epoch, index): the same batch twice, and another seed differs.
    expect(paperDistortionTransforms(indices, 32, { seed: 3, epoch: 4 })).toEqual(paperDistortionTransforms(indices, 32, { seed: 3, epoch: 4 }));
    expect(paperDistortionTransforms(indices, 32, { seed: 4, epoch: 4 })).not.toEqual(paperDistortionTransforms(indices, 32, { seed: 3, epoch: 4 }));
  });
});

describe('distortBatch', () => {
  it('translates real digits on the backend, filling with the background value', async () => {
    const mnist = await loadMnist();
    const layout = { normalization: 'seed' as const, size: 28 as const };
    const images = tf.tensor4d(normalizeImages(mnist.test.images.subarray(0, 2 * 784), 2, layout), [2, 28, 28, 1]);
    const background = backgroundValue('seed');
    // Only translation: +2 px in x and y at most; compare with the exact integer shift when it is one.
    const t = distortionTransforms(2, 28, KEY, { ...NONE, translate: 2 });
    const out = distortBatch(images, KEY, background, { ...NONE, translate: 2 });
    expect(out.shape).toEqual([2, 28, 28, 1]);
    const src = images.arraySync() as number[][][][];
    const dst = out.arraySync() as number[][][][];
    for (let i = 0; i < 2; i++) {
      const dx = -t[i * 8 + 2]!;
      const dy = -t[i * 8 + 5]!;
      // Bilinear sampling of the source at (x - dx, y - dy), background outside.
      const at = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? background : src[i]![y]![x]![0]!);
      for (const [x, y] of [
        [14, 14],
        [10, 20],
        [20, 8],
        [0, 0],
        [27, 27],
      ] as const) {
        const sx = x - dx;
        const sy = y - dy;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const expected = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
        expect(dst[i]![y]![x]![0]).toBeCloseTo(expected, 3);
      }
    }
    const before = tf.memory().numTensors;
    distortBatch(images, KEY, background).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([images, out]);
  }, 30_000);
});
