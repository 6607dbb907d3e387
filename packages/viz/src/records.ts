/**
 * The metric records viz draws. Structurally the same as `StepRecord` / `EpochRecord` of `@lenet/train`
 * (its run folder's `metrics.jsonl`), declared here so viz takes plain records and needs no TF.js.
 * A diverged run's losses read back from JSON as `null`; the figures skip them.
 */

/** One training step: the mini-batch's loss and accuracy (percent). */
export interface StepRecord {
  kind?: 'step';
  step: number;
  epoch: number;
  loss: number | null;
  accuracy: number | null;
}

/** One epoch: training and validation loss and accuracy (percent). */
export interface EpochRecord {
  kind?: 'epoch';
  epoch: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Runs without a validation part (the paper's protocol) score each pass on the test set instead. */
  testLoss?: number | null;
  testAccuracy?: number | null;
}

/** Whether `v` is a finite number (not null, NaN or infinite). */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
