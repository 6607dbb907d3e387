/**
 * Worker-thread entry of `runExperiment`: receives {@link WorkerJob}s, runs `train` for each and posts
 * the epochs as they end and the compact result. Loaded from dist/ (see `workerScript`).
 */
import { parentPort } from 'node:worker_threads';
import { experimentRun, type WorkerJob, type WorkerMessage } from './experiment';
import { train } from '../loop/train';

const port = parentPort;
if (port === null) throw new Error('experiment-worker: expected to run in a worker thread (started by runExperiment)');

port.on('message', (job: WorkerJob) => {
  const post = (message: WorkerMessage) => port.postMessage(message);
  train({ ...job.options, onEpoch: (record) => post({ type: 'epoch', index: job.index, record }) })
    .then((result) => post({ type: 'result', index: job.index, result: experimentRun(job.index, result) }))
    .catch((error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: 'error', index: job.index, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) });
    });
});
