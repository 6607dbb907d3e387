import * as fs from 'node:fs';
import type { TrainOptions } from '@lenet/train';
import { fingerprintDifferences, peekCheckpoint, resolveTrainOptions, resumeFingerprint } from '@lenet/train';
import { UsageError } from './usage-error';

/**
 * Before `--resume` starts anything (reads only, repairs nothing): the run's checkpoint must exist and have
 * been trained with the same options (only epochs, backend and data folder may change). A mismatch is a
 * usage error listing the differing options.
 */
export function checkResumable(options: TrainOptions, runDir: string, shownDir: string): void {
  const diffs = resumeDifferences(options, runDir);
  if (diffs === null) throw new UsageError(`--resume: ${shownDir} holds no checkpoint to resume from (expected the run folder of an interrupted run)`);
  if (diffs.length > 0) {
    throw new UsageError(
      `--resume: ${shownDir} was trained with other options (${diffs.join('; ')}); give the run's options (only --epochs, --backend and --data-dir may change)`,
    );
  }
}

/** The options in which the checkpoint of `runDir` differs from `options`; null when it has none. */
function resumeDifferences(options: TrainOptions, runDir: string): string[] | null {
  const checkpoint = peekCheckpoint<{ fingerprint?: unknown }>(runDir);
  if (checkpoint === null) return null;
  return fingerprintDifferences(checkpoint.extra?.fingerprint, resumeFingerprint(resolveTrainOptions(options)));
}

/**
 * `--resume` of a command that trains many runs into one folder (experiment, reproduce): `--out` must be a
 * folder, and every run folder in it that holds a checkpoint must have been trained with that run's options
 * (those without one start afresh). Reads only.
 */
export function checkResumableSweep(rawOut: string, outDir: string, runs: readonly TrainOptions[], what: string, show: (dir: string) => string): void {
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory())
    throw new UsageError(`--resume: --out ${rawOut} is not a folder (expected the folder of an interrupted ${what})`);
  for (const options of runs) {
    if (options.runDir === undefined) continue;
    const diffs = resumeDifferences(options, options.runDir);
    if (diffs !== null && diffs.length > 0)
      throw new UsageError(
        `--resume: ${show(options.runDir)} was trained with other options (${diffs.join('; ')}); resume it with the options it was started with`,
      );
  }
}
