import * as path from 'node:path';
import type { ImageSet } from '@lenet/data';
import type { EpochRecord, StepRecord } from '@lenet/viz';
import { confusionMatrix, curves, filters, misclassified, perClassAccuracy } from '@lenet/viz';
import { writeFileAtomicSync } from '@lenet/files';
import type { Evaluation } from '@lenet/train';
import type { RunModel } from './run-model';
import { firstConvKernel } from './run-model';

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
  /** The test evaluation (confusion matrix, per-class accuracy, the misclassified test images and their predicted classes). */
  evaluation?: Pick<Evaluation, 'confusion' | 'perClassAccuracy' | 'misclassified'>;
  /** The test set the evaluation indices refer to (the misclassified digits' pixels). */
  testSet?: ImageSet;
  /** The trained model: for the C1 kernels. */
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
    if (input.testSet) {
      const set = input.testSet;
      const chosen = ev.misclassified.slice(0, input.maxMisclassified ?? 32).filter((e) => e.index >= 0 && e.index < set.count);
      const pixels = set.rows * set.cols;
      const items = chosen.map((e) => ({ pixels: set.images.subarray(e.index * pixels, (e.index + 1) * pixels), label: e.label, predicted: e.predicted }));
      write(FIGURE_FILES.misclassified, await misclassified(items, { title: `Misclassified test digits (${chosen.length} of ${ev.misclassified.length})` }));
    }
  }
  if (input.model) {
    const kernel = firstConvKernel(input.model.model);
    if (kernel) write(FIGURE_FILES.filters, await filters(kernel.weights, kernel.shape));
  }
  return written;
}
