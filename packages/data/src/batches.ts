import { DataOptionError } from './errors';
import { assertImageSet, type ImageSet } from './image-set';
import { normalizationTable, normalizeImageInto, type ImageLayout } from './normalize';
import { deriveSeed, shuffledIndices } from './rng';

/**
 * One mini-batch. Every array is freshly allocated for this batch, so a consumer may keep it.
 * `images` is NHWC [size, layout.size, layout.size, 1]; `indices` are the examples' indices in the set.
 */
export interface Batch {
  images: Float32Array;
  labels: Int32Array;
  size: number;
  indices: Uint32Array;
}

/** Options of {@link batches}. */
export interface BatchOptions extends ImageLayout {
  batchSize: number;
  /** Visit the examples in a seeded random order (default true); false: in set order. */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Epoch number (default 0); each epoch has its own order, a pure function of (seed, epoch). */
  epoch?: number;
  /** Drop the last, smaller batch (default false). */
  dropLast?: boolean;
}

/** Defaults of the optional {@link BatchOptions}. */
export const DEFAULT_BATCH_OPTIONS = { shuffle: true, seed: 0, epoch: 0, dropLast: false } as const;

/** Number of batches {@link batches} yields for `count` examples. */
export function numBatches(count: number, batchSize: number, dropLast = false): number {
  checkBatchSize(batchSize);
  if (!Number.isInteger(count) || count < 0) {
    throw new DataOptionError(`count: expected an integer >= 0, found ${String(count)}`, 'count');
  }
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/**
 * The order in which epoch `epoch` visits `count` examples: {@link shuffledIndices} with the seed
 * {@link deriveSeed}(seed, epoch). A pure function of (count, seed, epoch), so resuming training at an
 * epoch needs nothing saved but the seed and the epoch number.
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  return shuffledIndices(count, deriveSeed(seed, epoch));
}

/**
 * Iterates over one epoch of `set` in mini-batches, normalising only the batch at hand (the set itself is
 * never copied). Labels come as Int32Array, images as Float32Array NHWC with C = 1 in `options`' layout.
 */
export function* batches(set: ImageSet, options: BatchOptions): IterableIterator<Batch> {
  const { batchSize, shuffle, seed, epoch, dropLast, normalization, size } = { ...DEFAULT_BATCH_OPTIONS, ...options };
  assertImageSet(set);
  if (set.rows !== set.cols) {
    throw new DataOptionError(`set: expected square images, found ${set.rows} x ${set.cols}`, 'set');
  }
  const side = set.rows;
  if (!(size === 28 || size === 32) || side > size || (size - side) % 2 !== 0) {
    throw new DataOptionError(`size: expected 28 or 32 (at least the image side ${side}), found ${String(size)}`, 'size');
  }
  const table = normalizationTable(normalization);
  const total = numBatches(set.count, batchSize, dropLast);
  let order: Uint32Array;
  if (shuffle) {
    order = epochOrder(set.count, seed, epoch);
  } else {
    order = new Uint32Array(set.count);
    for (let i = 0; i < set.count; i++) order[i] = i;
  }
  const pixels = side * side;
  const slot = size * size;
  for (let b = 0; b < total; b++) {
    const indices = order.slice(b * batchSize, Math.min((b + 1) * batchSize, set.count));
    const n = indices.length;
    const images = new Float32Array(n * slot);
    const labels = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[k]!;
      normalizeImageInto(set.images, i * pixels, side, table, images, k * slot, size);
      labels[k] = set.labels[i]!;
    }
    yield { images, labels, size: n, indices };
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DataOptionError(`batchSize: expected an integer >= 1, found ${String(batchSize)}`, 'batchSize');
  }
}
