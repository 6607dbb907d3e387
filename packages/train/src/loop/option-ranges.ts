/** The numeric training options' domains and their one check. */
import { TrainOptionError } from './train-option-error';

/** A numeric option's domain: [min, max], either bound excluded when `minOpen` / `maxOpen`. */
export interface NumericRange {
  readonly min: number;
  readonly max: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
  readonly integer?: boolean;
}

/**
 * The domain of every numeric training option, in one place: checked by {@link checkTrainOption} (from
 * resolveTrainOptions, createOptimizer, createSchedule); the CLI shows the same ranges in its flags' help.
 */
export const TRAIN_OPTION_RANGES = {
  epochs: { min: 1, max: 1000, integer: true },
  batchSize: { min: 1, max: 60000, integer: true },
  learningRate: { min: 0, max: 10, minOpen: true },
  momentum: { min: 0, max: 1, maxOpen: true },
  seed: { min: 0, max: 4294967295, integer: true },
  valFraction: { min: 0, max: 1, maxOpen: true },
  trainLimit: { min: 1, max: 60000, integer: true },
  testLimit: { min: 1, max: 10000, integer: true },
  mu: { min: 0, max: Number.MAX_VALUE, minOpen: true },
  curvatureSamples: { min: 1, max: 60000, integer: true },
  threads: { min: 1, max: 64, integer: true },
  curvatureEvery: { min: 1, max: 100_000_000, integer: true },
} as const satisfies Record<string, NumericRange>;

/** What a range accepts, in words: "an integer from 1 to 1000", "a number greater than 0 and at most 10". */
export function describeRange(range: NumericRange): string {
  if (range.integer) return `an integer from ${range.min} to ${range.max}`;
  const lo = range.minOpen ? `greater than ${range.min}` : `at least ${range.min}`;
  if (range.max === Number.MAX_VALUE) return `a finite number ${lo}`;
  const hi = range.maxOpen ? `less than ${range.max}` : `at most ${range.max}`;
  return `a number ${lo} and ${hi}`;
}

/** Whether `value` lies in `range`. */
export function inRange(value: number, range: NumericRange): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (range.integer && !Number.isSafeInteger(value)) return false;
  return (range.minOpen ? value > range.min : value >= range.min) && (range.maxOpen ? value < range.max : value <= range.max);
}

/** `value` when it lies in the option's range. @throws TrainOptionError naming the option and the range. */
export function checkTrainOption(option: keyof typeof TRAIN_OPTION_RANGES, value: number): number {
  const range: NumericRange = TRAIN_OPTION_RANGES[option];
  if (!inRange(value, range)) throw new TrainOptionError(option, `expected ${describeRange(range)}, found ${String(value)}`);
  return value;
}
