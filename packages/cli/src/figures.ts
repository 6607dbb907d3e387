import * as path from 'node:path';
import type { ImageSet } from '@lenet/data';
import type { EpochRecord, StepRecord } from '@lenet/viz';
import { confusionMatrix, curves, filters, misclassified, perClassAccuracy } from '@lenet/viz';
import { writeFileAtomicSync } from '@lenet/train';
import type { RunModel } from './run-model';
import { firstConvKernel, predictImages } from './run-model';

/** Figure files of a run folder. */
export const FIGURE_FILES = {
  curves: 'curves.svg',
  confusion: 'confusion.svg',
  perClass: 'per-class.svg',
  misclassified: 'misclassified.svg',
  filters: 'filters.svg',
} as const;

/** What the figures of a run are drawn from. */
export interface RunFigureInput {
  steps: readonly StepRecord[];
  epochs: readonly EpochRecord[];
  /** The test evaluation (confusion matrix, per-class accuracy, indices of misclassified test images). */
  evaluation?: { confusion: number[][]; perClassAccuracy: number[]; misclassified: number[] };
  /** The test set the evaluation indices refer to. */
  testSet?: ImageSet;
  /** The trained model: for the C1 kernels and the predicted class of each misclassified digit. */
  model?: RunModel;
  /** How many misclassified digits to show; default 32. */
  maxMisclassified?: number;
}

/** Draws every figure the input allows and writes each into `runDir` atomically; returns the files written. */
export async function writeRunFigures(runDir: string, input: RunFigureInput): Promise<string[]> {
  const written: string[] = [];
  const write = (name: string, svg: string): void => {
    const file = path.join(runDir, name);
    writeFileAtomicSync(file, svg);
    written.push(file);
  };
  const epochs = input.epochs.map((e) => ({ ...e, epoch: e.epoch + 1 })); // figures count epochs from 1, like the printed lines
  write(FIGURE_FILES.curves, await curves(input.steps, epochs));
  const ev = input.evaluation;
  if (ev) {
    write(FIGURE_FILES.confusion, await confusionMatrix(ev.confusion));
    write(FIGURE_FILES.perClass, await perClassAccuracy(ev.perClassAccuracy));
    if (input.testSet && input.model) {
      const set = input.testSet;
      const chosen = ev.misclassified.slice(0, input.maxMisclassified ?? 32).filter((i) => i >= 0 && i < set.count);
      const pixels = set.rows * set.cols;
      const images = new Uint8Array(chosen.length * pixels);
      chosen.forEach((idx, k) => images.set(set.images.subarray(idx * pixels, (idx + 1) * pixels), k * pixels));
      const predicted = chosen.length > 0 ? predictImages(input.model, images, chosen.length).classes : new Int32Array(0);
      const items = chosen.map((idx, k) => ({ pixels: images.subarray(k * pixels, (k + 1) * pixels), label: set.labels[idx], predicted: predicted[k] }));
      write(FIGURE_FILES.misclassified, await misclassified(items, { title: `Misclassified test digits (${chosen.length} of ${ev.misclassified.length})` }));
    }
  }
  if (input.model) {
    const kernel = firstConvKernel(input.model.model);
    if (kernel) write(FIGURE_FILES.filters, await filters(kernel.weights, kernel.shape));
  }
  return written;
}
