import { UsageError } from './usage-error';

/**
 * Errors of the packages that are the user's to fix (exit 2, message only): data not found or malformed,
 * an option out of range, a missing or malformed model or run folder, a backend that is not installed.
 * Matched by name so the CLI needs no runtime import of every package's error classes.
 */
const USER_ERROR_NAMES = new Set([
  'UsageError',
  'DatasetNotFoundError',
  'DatasetFormatError',
  'DatasetMismatchError',
  'IdxFormatError',
  'DataOptionError',
  'ModelOptionError',
  'LossOptionError',
  'BackendUnavailableError',
  'RunFolderError',
  'RunFolderLockedError',
  'ModelFileError',
  'CheckpointError',
  'NoDigitError',
  'TrainOptionError',
  'QueueUrlError',
]);

/** Whether `error` is a mistake the user can fix (see {@link USER_ERROR_NAMES}). */
export function isUserError(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  if (!(error instanceof Error)) return false;
  return USER_ERROR_NAMES.has(error.name) || USER_ERROR_NAMES.has(error.constructor.name);
}
