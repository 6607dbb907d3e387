// Submitting: an executor for runExperiment (lenet experiment / reproduce --queue)
export { createQueueExecutor } from './queue-executor';
export type { QueueExecutor, QueueExecutorOptions, SubmitState, SweepEvent, SweepEventKind } from './queue-executor';
// Training: the worker (lenet worker)
export { startQueueWorker } from './queue-worker';
export type { QueueWorker, QueueWorkerEvent, QueueWorkerOptions } from './queue-worker';
// Connections, jobs, defaults, errors
export { CONNECT_TIMEOUT_MS, QueueUnreachableError, connectRedis } from './connect-redis';
export { QUEUE_URL_PROTOCOLS, QueueUrlError, displayUrl, redisOptions } from './redis-url';
export { JOB_FORMAT, JOB_OPTION_KEYS, JobDataError, runJobData, runJobId, validateJobData } from './job-data';
export type { JobOptions, RunJobData } from './job-data';
export type { RunJobProgress, RunJobResult } from './run-job-result';
export { SWEEP_DEFAULTS, SWEEP_RANGES, runFilesKey } from './sweep-defaults';

// ---- Internals (for tests and local use; not part of the stable API) ----
export { readRunFiles, restoreRunFiles, storeRunFiles } from './run-files';
export { REDIS_SERVER, freePort, startRedisServer } from './redis-server';
export type { RedisServer } from './redis-server';
