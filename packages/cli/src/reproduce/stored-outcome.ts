import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicSync } from '@lenet/files';
import { fingerprintDifferences, peekCheckpoint, resolveTrainOptions, resumeFingerprint, type TrainOptions } from '@lenet/train';
import type { VariantOutcome } from './report';
import { UsageError } from '../usage-error';

/** A variant's outcome kept beside its experiment.md: what its row and figures need, without the run folders. */
export const OUTCOME_FILE = 'outcome.json';

/** The part of an outcome that is measured (the rest comes from the variant list and the output folder). */
export type MeasuredOutcome = Omit<VariantOutcome, 'variant' | 'dir' | 'curves'>;

interface OutcomeFile {
  /** Each run's resolved training options (its resume fingerprint and its epochs), in seed order. */
  runs: unknown[];
  outcome: MeasuredOutcome;
}

/** What decides a run's result: its resume fingerprint (the options that change training) and its epochs. */
function runKey(options: TrainOptions): unknown {
  const resolved = resolveTrainOptions(options);
  return { ...resumeFingerprint(resolved), epochs: resolved.epochs };
}

/** Writes the variant's {@link OUTCOME_FILE} in `dir` for the runs `jobs` (one per seed). */
export function storeOutcome(dir: string, jobs: readonly TrainOptions[], outcome: VariantOutcome): void {
  const { variant: _v, dir: _d, curves: _c, ...measured } = outcome;
  const file: OutcomeFile = { runs: jobs.map(runKey), outcome: measured };
  writeFileAtomicSync(path.join(dir, OUTCOME_FILE), `${JSON.stringify(file, null, 1)}\n`);
}

/**
 * The stored outcome of a variant whose run folders are gone (a fresh clone holds only the report's files),
 * when it was measured with exactly these runs; null when any run folder holds a checkpoint (resuming from
 * it is the truth), when there is no file, or when the runs differ (another seed count, option or default).
 * A file that cannot be read is an error naming it.
 */
export function storedOutcome(dir: string, jobs: readonly TrainOptions[]): MeasuredOutcome | null {
  if (jobs.some((job) => job.runDir !== undefined && peekCheckpoint(job.runDir) !== null)) return null;
  const file = path.join(dir, OUTCOME_FILE);
  if (!fs.existsSync(file)) return null;
  let stored: OutcomeFile;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as OutcomeFile;
    if (!Array.isArray(stored.runs) || !Array.isArray(stored.outcome?.accuracies)) throw new Error('no runs or accuracies');
  } catch (error) {
    throw new UsageError(`${file}: not a reproduction outcome (${(error as Error).message}); delete it to train the variant again`);
  }
  if (stored.runs.length !== jobs.length) return null;
  const same = jobs.every((job, i) => fingerprintDifferences(stored.runs[i], runKey(job)).length === 0);
  return same ? stored.outcome : null;
}
