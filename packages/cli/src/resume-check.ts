import type { TrainOptions } from '@lenet/train';
import { fingerprintDifferences, peekCheckpoint, resolveTrainOptions, resumeFingerprint } from '@lenet/train';
import { UsageError } from './usage-error';

/**
 * Before `--resume` starts anything (reads only, repairs nothing): the run's checkpoint must exist and have
 * been trained with the same options (only epochs, backend and data folder may change). A mismatch is a
 * usage error listing the differing options.
 */
export function checkResumable(options: TrainOptions, runDir: string, shownDir: string): void {
  const checkpoint = peekCheckpoint<{ fingerprint?: unknown }>(runDir);
  if (checkpoint === null) throw new UsageError(`--resume: ${shownDir} holds no checkpoint to resume from (expected the run folder of an interrupted run)`);
  const diffs = fingerprintDifferences(checkpoint.extra?.fingerprint, resumeFingerprint(resolveTrainOptions(options)));
  if (diffs.length > 0) {
    throw new UsageError(
      `--resume: ${shownDir} was trained with other options (${diffs.join('; ')}); give the run's options (only --epochs, --backend and --data-dir may change)`,
    );
  }
}
