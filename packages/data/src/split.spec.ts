import { DataOptionError } from './errors';
import type { ImageSet } from './image-set';
import { loadMnist } from './mnist';
import { splitTrainVal } from './split';

/** Byte-wise equality of two typed arrays (jest's toEqual is very slow on millions of elements). */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('splitTrainVal on the real MNIST training set', () => {
  let train: ImageSet;
  let testLabelsBefore: Uint8Array;
  let testLabels: Uint8Array;
  beforeAll(async () => {
    const d = await loadMnist();
    train = d.train;
    testLabels = d.test.labels;
    testLabelsBefore = Uint8Array.from(d.test.labels);
  });

  it('gives 48,000 + 12,000 disjoint examples whose union is the whole set, copied faithfully', () => {
    const s = splitTrainVal(train);
    expect([s.train.count, s.val.count]).toEqual([48000, 12000]);
    const seen = new Uint8Array(60000);
    for (const i of s.trainIndices) seen[i]!++;
    for (const i of s.valIndices) seen[i]!++;
    expect(seen.every((n) => n === 1)).toBe(true);
    for (const k of [0, 777, 47999]) {
      const i = s.trainIndices[k]!;
      expect(s.train.labels[k]).toBe(train.labels[i]);
      expect(sameBytes(s.train.images.subarray(k * 784, (k + 1) * 784), train.images.subarray(i * 784, (i + 1) * 784))).toBe(true);
    }
    const j = s.valIndices[11999]!;
    expect(s.val.labels[11999]).toBe(train.labels[j]);
    expect(sameBytes(testLabels, testLabelsBefore)).toBe(true); // the test set is never touched
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const a = splitTrainVal(train, { seed: 0 });
    const b = splitTrainVal(train, { seed: 0, valFraction: 0.2 });
    const c = splitTrainVal(train, { seed: 1 });
    expect(sameBytes(b.valIndices, a.valIndices)).toBe(true);
    expect(sameBytes(b.trainIndices, a.trainIndices)).toBe(true);
    expect(sameBytes(b.val.images, a.val.images)).toBe(true);
    expect(sameBytes(c.valIndices, a.valIndices)).toBe(false);
    const inA = new Set(a.valIndices);
    const shared = Array.from(c.valIndices).filter((i) => inA.has(i)).length;
    expect(shared).toBeGreaterThan(2000); // two random 20% subsets share about 20% of their members
    expect(shared).toBeLessThan(2800);
  });

  it('honours valFraction and rejects one outside (0, 1)', () => {
    const s = splitTrainVal(train, { valFraction: 0.1, seed: 3 });
    expect([s.train.count, s.val.count]).toEqual([54000, 6000]);
    expect(() => splitTrainVal(train, { valFraction: 1 })).toThrow(DataOptionError);
    expect(() => splitTrainVal(train, { valFraction: 0 })).toThrow(/valFraction: expected a number in \(0, 1\), found 0/);
  });
});
