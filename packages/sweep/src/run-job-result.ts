import type { EpochRecord, ExperimentRun } from '@lenet/train';

/** What a worker returns for a job: the run (without a local folder) and the size of its stored folder. */
export interface RunJobResult {
  run: Omit<ExperimentRun, 'runDir' | 'index'> & { worker: string };
  /** Bytes of the run folder stored in Redis (see runFilesKey). */
  bytes: number;
}

/** A job's progress as the worker reports it: who trains it, and each epoch as it ends. */
export interface RunJobProgress {
  worker: string;
  epoch?: EpochRecord;
}
