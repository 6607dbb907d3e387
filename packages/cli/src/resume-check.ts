import type { TrainOptions } from '@lenet/train';
import { loadCheckpoint, resolveTrainOptions, resumeFingerprint } from '@lenet/train';
import { UsageError } from './usage-error';

/** The leaf values of a JSON-like object by dotted path (`modelOptions.activation`). */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  } else {
    out.set(prefix, JSON.stringify(value ?? null));
  }
  return out;
}

/** The options that differ between a run's fingerprint and the new one, as `name: run's -> given`. */
export function fingerprintDifferences(saved: unknown, wanted: unknown): string[] {
  const a = leaves(saved);
  const b = leaves(wanted);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k} ${a.get(k) ?? 'unset'} in the run, ${b.get(k) ?? 'unset'} now`);
}

/**
 * Before `--resume` starts anything: the run's checkpoint must exist and have been trained with the same
 * options (only epochs, backend and data folder may change). A mismatch is a usage error listing the
 * differing options, instead of the training loop's full dump of both configurations.
 */
export async function checkResumable(options: TrainOptions, runDir: string, shownDir: string): Promise<void> {
  const checkpoint = await loadCheckpoint<{ fingerprint?: unknown }>(runDir);
  if (checkpoint === null) throw new UsageError(`--resume: ${shownDir} holds no checkpoint to resume from (expected the run folder of an interrupted run)`);
  const diffs = fingerprintDifferences(checkpoint.extra?.fingerprint, resumeFingerprint(resolveTrainOptions(options)));
  if (diffs.length > 0) {
    throw new UsageError(`--resume: ${shownDir} was trained with other options (${diffs.join('; ')}); give the run's options (only --epochs, --backend and --data-dir may change)`);
  }
}
