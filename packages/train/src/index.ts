// Training loop, options, evaluation
export { train } from './train';
export type { TrainResult } from './train';
export { DEFAULT_TRAIN_OPTIONS, resolveTrainOptions, resumeFingerprint } from './train-options';
export type { ResolvedTrainOptions, TrainOptions } from './train-options';
export { TrainOptionError } from './train-option-error';
export { evaluate, evaluationFromCounts } from './evaluate';
export type { EvaluateOptions, Evaluation } from './evaluate';
// Optimizers, schedules, distortions
export { ADAM_EPSILON, OPTIMIZER_NAMES, createOptimizer, getLearningRate, setLearningRate } from './optimizers';
export type { OptimizerName, OptimizerOptions } from './optimizers';
export { SDLM_DEFAULTS, SdlmOptimizer } from './optimizers/sdlm';
export type { SdlmOptions } from './optimizers/sdlm';
export { ONE_CYCLE, PAPER_SCHEDULE, SCHEDULE_NAMES, createSchedule, paperFactor } from './schedules';
export type { ScheduleName, ScheduleOptions } from './schedules';
export { DEFAULT_DISTORTION, distortBatch, distortionTransforms } from './distort';
export type { DistortionRanges } from './distort';
// Experiments over seeds
export { experimentMarkdown, experimentRun, runExperiment, summarizeRuns, workerScript } from './experiment';
export type { ExperimentOptions, ExperimentResult, ExperimentRun } from './experiment';
export { incompleteBeta, studentTCdf, studentTQuantile, summarize } from './stats';
export type { SampleSummary } from './stats';
// Run folder I/O (train-io)
export { RUN_FILES, RunFolderError, SCALAR_TAGS, clearRunFolder, createRunWriter, readMetrics, readRun, readSummary, scalarsForRecord, toMetricRecord } from './run-folder';
export type { EpochRecord, MetricRecord, RunData, RunSummary, RunWriter, RunWriterOptions, StepRecord } from './run-folder';
export { CHECKPOINT_FILES, CheckpointError, bestModelDir, checkpointDir, loadCheckpoint, saveBestModel, saveCheckpoint, writeModelFiles } from './checkpoint';
export type { CheckpointInput, CheckpointableOptimizer, LoadedCheckpoint, NamedTensor, SaveOptions } from './checkpoint';
export { MODEL_JSON, ModelFileError, loadModel, readModelArtifacts, readModelJson } from './load-model';
export { EVENT_FILE_VERSION, EventFileError, EventFileWriter, decodeEvent, encodeEvent, encodeRecord, listEventFiles, readEvents, readScalars } from './tfevents';
export type { EventFileWriterOptions, ScalarEvent, ScalarValue, TfEvent } from './tfevents';
export { crc32c, maskedCrc32c } from './crc32c';
export { fsyncDirSync, removeStaleTempFiles, replaceDirAtomic, writeFileAtomic, writeFileAtomicSync, writeJsonAtomic, writeJsonAtomicSync } from './atomic-write';
export type { DirSwapStage, ReplaceDirOptions } from './atomic-write';
