import { DataOptionError } from './errors';
import type { ImageSet } from './image-set';
import { shuffledIndices } from './rng';
import { subset } from './subset';

/** Options of {@link splitTrainVal}. */
export interface SplitOptions {
  /** Share of the examples that go to validation, in (0, 1). Default 0.2 (the seed notebook's 8:2 split). */
  valFraction?: number;
  /** PRNG seed; the same seed gives the identical split on every machine. Default 0. */
  seed?: number;
}

/** The result of {@link splitTrainVal}: two disjoint sets and the original indices each was taken from. */
export interface TrainValSplit {
  train: ImageSet;
  val: ImageSet;
  /** Index into the input set of each training / validation example, in the order they appear. */
  trainIndices: Uint32Array;
  valIndices: Uint32Array;
}

/** Default options of {@link splitTrainVal}. */
export const DEFAULT_SPLIT_OPTIONS: Readonly<Required<SplitOptions>> = { valFraction: 0.2, seed: 0 };

/**
 * Splits a (training) set into training and validation parts, like the seed notebook's
 * `random_split(train, [0.8, 0.2])`: a permutation from {@link shuffledIndices}(count, seed) (mulberry32
 * Fisher–Yates); its first `count - round(count * valFraction)` indices form `train`, the rest `val`, both
 * kept in permutation order. The test set is never given to this function, so it is never touched.
 */
export function splitTrainVal(set: ImageSet, options: SplitOptions = {}): TrainValSplit {
  const { valFraction, seed } = { ...DEFAULT_SPLIT_OPTIONS, ...options };
  if (!(typeof valFraction === 'number' && valFraction > 0 && valFraction < 1)) {
    throw new DataOptionError(`valFraction: expected a number in (0, 1), found ${String(valFraction)}`, 'valFraction');
  }
  const perm = shuffledIndices(set.count, seed);
  const valCount = Math.round(set.count * valFraction);
  const trainIndices = perm.slice(0, set.count - valCount);
  const valIndices = perm.slice(set.count - valCount);
  return { train: subset(set, trainIndices), val: subset(set, valIndices), trainIndices, valIndices };
}
