// The public API of @lenet/files: crash-safe writes (a reader, or a run resumed after SIGKILL, sees the old
// content or the new one, never a half-written file).

// Files: atomic replace (temporary name, fsync, rename) and the clean-up after a kill mid-write.
export { removeStaleTempFiles, writeFileAtomic, writeFileAtomicSync, writeJsonAtomic, writeJsonAtomicSync } from './atomic-write';

// Folders: replace a whole folder as a unit, and bring it back after a crash at any point.
export { recoverDir, replaceDirAtomic } from './atomic-write';
export type { DirSwapStage, ReplaceDirOptions } from './atomic-write';

// Building blocks of the above, for writers with their own layout (checkpoints, event files, locks).
export { dirSwapNames, fsyncDirSync, processAlive, writeFileDurableSync } from './atomic-write';
