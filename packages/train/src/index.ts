// The public API of @lenet/train, grouped by who needs it (internals are not exported: import nothing else).

// Training one model: options (defaults and ranges in one place), the loop, its result.
export { train } from './loop/train';
export type { TrainResult } from './loop/train';
export { DEFAULT_TRAIN_OPTIONS, fingerprintDifferences, resolveTrainOptions, resumeFingerprint } from './loop/train-options';
export type { ResolvedTrainOptions, TrainOptions } from './loop/train-options';
export { TRAIN_OPTION_RANGES, describeRange, inRange } from './loop/option-ranges';
export type { NumericRange } from './loop/option-ranges';
export { TrainOptionError } from './loop/train-option-error';
export { OPTIMIZER_NAMES } from './loop/optimizers';
export type { OptimizerName } from './loop/optimizers';
export { SCHEDULE_NAMES } from './loop/schedules';
export type { ScheduleName } from './loop/schedules';

// The paper's optimizer on its own: SDLM and its bbprop estimate of the Hessian diagonal (Appendix C).
export { SDLM_DEFAULTS, SdlmOptimizer } from './loop/optimizers/sdlm';
export type { SdlmOptions } from './loop/optimizers/sdlm';
export { CurvatureError, estimateCurvature } from './loop/optimizers/estimate-curvature';

// Evaluating a trained model on a set.
export { evaluate } from './loop/evaluate';
export type { EvaluateOptions, Evaluation, MisclassifiedExample } from './loop/evaluate';

// The paper's Boosted LeNet-4: three nets, the later ones trained on the patterns the earlier ones filter.
export { BOOST_FILE, BOOST_TRAIN_DEFAULTS, trainBoosted } from './boost/boost';
export type { BoostOptions, BoostResult, BoostStage, BoostedNet } from './boost/boost';

// Experiments: one configuration over several seeds, and their statistics.
export { runExperiment } from './experiment/experiment';
export type { ExperimentOptions, ExperimentResult, ExperimentRun } from './experiment/experiment';
// Executors of an experiment's runs: worker threads here (the default) or elsewhere (@lenet/sweep's queue).
export { RunThread, experimentJobs, threadExecutor } from './experiment/experiment';
export type { ExecutedRuns, RunExecutor, RunHooks, WorkerJob } from './experiment/experiment';
export { summarize } from './experiment/stats';
export type { SampleSummary } from './experiment/stats';

// Reading a run folder (the contract is RUN-FOLDER.md): summary, metrics, model, checkpoint, lock.
export { RUN_FILES, RUN_SUMMARY_FORMAT, RunFolderError, readMetrics, readRun, readSummary } from './run-folder/run-folder';
export type { EpochRecord, MetricRecord, RunData, RunSummary, StepRecord } from './run-folder/run-folder';
export { MODEL_JSON, ModelFileError, loadModel } from './run-folder/load-model';
export { CheckpointError, loadCheckpoint, peekCheckpoint } from './run-folder/checkpoint';
export { RUN_LOCK_FILE, RunFolderLockedError, acquireRunLock, runLockHolder } from './run-folder/run-lock';
export type { RunLock } from './run-folder/run-lock';
