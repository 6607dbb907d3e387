import { DataOptionError } from './errors';
import type { ImageSet } from './image-set';
import { subset } from './subset';

/**
 * The first `n` examples of a set, in order (a training or test limit). The set itself when it holds no
 * more than `n`, so an unlimited run copies nothing.
 *
 * @example firstExamples(mnist.test, 1000) // the first 1,000 test images
 */
export function firstExamples(set: ImageSet, n: number): ImageSet {
  if (!Number.isInteger(n) || n < 0) throw new DataOptionError(`n: expected a non-negative integer, found ${n}`, 'n');
  if (n >= set.count) return set;
  return subset(
    set,
    Uint32Array.from({ length: n }, (_, i) => i),
  );
}
