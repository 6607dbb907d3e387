import { DataOptionError } from './errors';
import { assertImageSet, type ImageSet } from './image-set';

/**
 * A new set holding copies of the chosen examples, in the order of `indices` (repeats allowed).
 * Throws {@link DataOptionError} for an index that is not an integer in 0..count-1.
 */
export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  assertImageSet(set);
  const pixels = set.rows * set.cols;
  const n = indices.length;
  const images = new Uint8Array(n * pixels);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= set.count) {
      throw new DataOptionError(`indices[${k}]: expected an integer in 0..${set.count - 1}, found ${i}`, 'indices');
    }
    images.set(set.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
    labels[k] = set.labels[i]!;
  }
  return { images, labels, count: n, rows: set.rows, cols: set.cols };
}
