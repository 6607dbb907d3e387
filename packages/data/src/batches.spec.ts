import { batches, numBatches, type Batch, type BatchOptions } from './batches';
import { DataOptionError } from './errors';
import type { ImageSet } from './image-set';
import { loadMnist } from './mnist';
import { normalizeImages } from './normalize';
import { subset } from './subset';

const order = (set: ImageSet, options: BatchOptions): number[] => [...batches(set, options)].flatMap((b) => Array.from(b.indices));

describe('batches over the real MNIST test set', () => {
  let set: ImageSet;
  beforeAll(async () => {
    set = (await loadMnist()).test;
  });
  const layout = { normalization: 'paper', size: 32 } as const;

  it('covers every index exactly once per epoch, in batches of the requested size', () => {
    const all = [...batches(set, { ...layout, batchSize: 64, seed: 5, epoch: 2 })];
    expect(all.length).toBe(157);
    expect(all.slice(0, -1).every((b) => b.size === 64)).toBe(true);
    expect(all[156]!.size).toBe(10000 - 156 * 64);
    const seen = new Uint8Array(10000);
    for (const b of all) for (const i of b.indices) seen[i]!++;
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('yields NHWC floats and int32 labels that match the chosen examples; kept batches stay valid', () => {
    const it = batches(set, { ...layout, batchSize: 16, seed: 1 });
    const first = it.next().value as Batch;
    const firstImages = Float32Array.from(first.images);
    it.next();
    expect(first.images).toEqual(firstImages); // not overwritten by the next batch
    expect(first.images.length).toBe(16 * 32 * 32);
    expect(first.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(first.labels)).toEqual(Array.from(first.indices).map((i) => set.labels[i]));
    expect(first.images).toEqual(normalizeImages(subset(set, first.indices).images, 16, layout));
  });

  it('drops the last smaller batch with dropLast', () => {
    const all = [...batches(set, { ...layout, batchSize: 64, dropLast: true })];
    expect(all.length).toBe(156);
    expect(all.every((b) => b.size === 64)).toBe(true);
    expect(numBatches(10000, 64, true)).toBe(156);
    expect(numBatches(10000, 64)).toBe(157);
    expect(numBatches(10000, 100)).toBe(100);
  });

  it('is deterministic per (seed, epoch), differs across epochs and seeds, and keeps set order without shuffle', () => {
    const opts = { normalization: 'seed', size: 28, batchSize: 500 } as const;
    const e0 = order(set, { ...opts, seed: 9, epoch: 0 });
    expect(order(set, { ...opts, seed: 9, epoch: 0 })).toEqual(e0);
    expect(order(set, { ...opts, seed: 9, epoch: 1 })).not.toEqual(e0);
    expect(order(set, { ...opts, seed: 10, epoch: 0 })).not.toEqual(e0);
    expect(order(set, { ...opts, shuffle: false })).toEqual(Array.from({ length: 10000 }, (_, i) => i));
  });

  it('rejects a bad batch size', () => {
    expect(() => [...batches(set, { ...layout, batchSize: 0 })]).toThrow(DataOptionError);
    expect(() => numBatches(10, 2.5)).toThrow(/batchSize: expected an integer >= 1, found 2.5/);
  });
});
