// Training loop, options, evaluation
export { train } from './loop/train';
export type { TrainResult } from './loop/train';
export { DEFAULT_TRAIN_OPTIONS, fingerprintDifferences, resolveTrainOptions, resumeFingerprint } from './loop/train-options';
export type { ResolvedTrainOptions, TrainOptions } from './loop/train-options';
export { TRAIN_OPTION_RANGES, describeRange, inRange } from './loop/option-ranges';
export type { NumericRange } from './loop/option-ranges';
export { TrainOptionError } from './loop/train-option-error';
export { evaluate, evaluationFromCounts } from './loop/evaluate';
export type { EvaluateOptions, Evaluation, MisclassifiedExample } from './loop/evaluate';
// Optimizers, schedules, distortions
export { ADAM_EPSILON, OPTIMIZER_NAMES, createOptimizer, getLearningRate, setLearningRate } from './loop/optimizers';
export type { OptimizerName, OptimizerOptions } from './loop/optimizers';
export { SDLM_DEFAULTS, SdlmOptimizer } from './loop/optimizers/sdlm';
export type { SdlmOptions } from './loop/optimizers/sdlm';
export { ONE_CYCLE, PAPER_SCHEDULE, SCHEDULE_NAMES, createSchedule, paperFactor } from './loop/schedules';
export type { ScheduleName, ScheduleOptions } from './loop/schedules';
export { DEFAULT_DISTORTION, distortBatch, distortionTransforms } from './loop/distort';
export type { DistortionRanges } from './loop/distort';
// Experiments over seeds
export { experimentMarkdown, experimentRun, runExperiment, summarizeRuns, workerScript } from './experiment/experiment';
export type { ExperimentOptions, ExperimentResult, ExperimentRun } from './experiment/experiment';
export { incompleteBeta, studentTCdf, studentTQuantile, summarize } from './experiment/stats';
export type { SampleSummary } from './experiment/stats';
// Run folder I/O (train-io)
export { RUN_FILES, RUN_SUMMARY_FORMAT, RunFolderError, SCALAR_TAGS, clearRunFolder, createRunWriter, readMetrics, readRun, readSummary, scalarsForRecord, toMetricRecord } from './run-folder/run-folder';
export { RUN_LOCK_FILE, RunFolderLockedError, acquireRunLock, runLockHolder } from './run-folder/run-lock';
export type { RunLock } from './run-folder/run-lock';
export type { EpochRecord, MetricRecord, RunData, RunSummary, RunWriter, RunWriterOptions, StepRecord } from './run-folder/run-folder';
export { CHECKPOINT_FILES, CheckpointError, bestModelDir, checkpointDir, loadCheckpoint, peekCheckpoint, saveBestModel, saveCheckpoint, writeModelFiles } from './run-folder/checkpoint';
export type { CheckpointInput, CheckpointableOptimizer, LoadedCheckpoint, NamedTensor, SaveOptions } from './run-folder/checkpoint';
export { MODEL_JSON, ModelFileError, loadModel, readModelArtifacts, readModelJson } from './run-folder/load-model';
export { EVENT_FILE_VERSION, EventFileError, EventFileWriter, decodeEvent, encodeEvent, encodeRecord, listEventFiles, readEvents, readScalars } from './run-folder/tfevents';
export type { EventFileWriterOptions, ScalarEvent, ScalarValue, TfEvent } from './run-folder/tfevents';
export { crc32c, maskedCrc32c } from './run-folder/crc32c';
export { fsyncDirSync, removeStaleTempFiles, replaceDirAtomic, writeFileAtomic, writeFileAtomicSync, writeJsonAtomic, writeJsonAtomicSync } from './run-folder/atomic-write';
export type { DirSwapStage, ReplaceDirOptions } from './run-folder/atomic-write';
