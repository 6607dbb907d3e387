import type { EpochRecord, StepRecord } from '@lenet/viz';
import type { BrowserBackendName } from '@lenet/core';
import type { BundledModel } from './model-io';

/** What the page asks the training worker. */
export type TrainRequest =
  | {
      type: 'start';
      model: BundledModel;
      backend: BrowserBackendName;
      epochs: number;
      /** Use only the first N training images (then the seed's 8:2 split of them); 0: all 60,000. */
      trainLimit: number;
      batchSize: number;
      learningRate: number;
      seed: number;
      /** Absolute URL of the folder with the four MNIST .gz files. */
      dataUrl: string;
    }
  | { type: 'stop' }
  | { type: 'continue' }
  | { type: 'export' };

/** What the worker reports. */
export type TrainReport =
  | { type: 'status'; text: string }
  | { type: 'ready'; backend: string; train: number; val: number; test: number }
  | { type: 'progress'; epoch: number; epochs: number; batch: number; batches: number; imagesPerSecond: number; steps: StepRecord[]; tensors: number }
  | { type: 'epoch'; record: EpochRecord }
  | { type: 'stopped'; epoch: number; batch: number }
  | { type: 'done'; testAccuracy: number; testLoss: number; imagesPerSecond: number; seconds: number }
  | { type: 'model'; json: string; weights: ArrayBuffer }
  | { type: 'error'; message: string };
