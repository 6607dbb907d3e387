/** The seed's `test_model`, and more: loss, accuracy, per-class accuracy, confusion matrix, errors. */
import * as tf from '@tensorflow/tfjs';
import { batches, NUM_CLASSES, type ImageLayout, type ImageSet } from '@lenet/data';
import { createLoss, predictClasses, type Head, type LossOptions } from '@lenet/model';

/** A misclassified example: its index in the set, its true class and the class the model gave it. */
export interface MisclassifiedExample {
  index: number;
  label: number;
  predicted: number;
}

/** What {@link evaluate} measures on a set. */
export interface Evaluation {
  /** Mean loss per example (the training criterion). */
  loss: number;
  /** Percent of examples classified correctly. */
  accuracy: number;
  /** Percent correct per true class 0-9 (NaN for a class absent from the set). */
  perClassAccuracy: number[];
  /** Mean of the per-class accuracies present in the set. */
  meanClassAccuracy: number;
  /** confusion[true][predicted] = count; sums to the set size. */
  confusion: number[][];
  /** The misclassified examples, by ascending index (into the set), with the class predicted for each. */
  misclassified: MisclassifiedExample[];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  head: Head;
  layout: ImageLayout;
  /** The criterion (default: the head's default, as in training). */
  loss?: LossOptions;
  /** Examples per forward pass (default 500): only speed and memory depend on it. */
  batchSize?: number;
}

/** Turns per-class counts into an {@link Evaluation}. */
export function evaluationFromCounts(confusion: number[][], lossSum: number, misclassified: MisclassifiedExample[]): Evaluation {
  const total = confusion.reduce((a, row) => a + row.reduce((b, c) => b + c, 0), 0);
  const correct = confusion.reduce((a, row, i) => a + row[i]!, 0);
  const perClassAccuracy = confusion.map((row, i) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n === 0 ? Number.NaN : (100 * row[i]!) / n;
  });
  const present = perClassAccuracy.filter((a) => !Number.isNaN(a));
  return {
    loss: total === 0 ? Number.NaN : lossSum / total,
    accuracy: total === 0 ? Number.NaN : (100 * correct) / total,
    perClassAccuracy,
    meanClassAccuracy: present.length === 0 ? Number.NaN : present.reduce((a, b) => a + b, 0) / present.length,
    confusion,
    misclassified,
  };
}

/**
 * Evaluates `model` on every example of `set`, in order, in inference mode. One read-back per batch. Given
 * several models (of one head), it evaluates their committee: the mean of their outputs (the paper's
 * boosted nets add theirs, the same classes).
 */
export async function evaluate(model: tf.LayersModel | readonly tf.LayersModel[], set: ImageSet, options: EvaluateOptions): Promise<Evaluation> {
  const models = Array.isArray(model) ? model : [model as tf.LayersModel];
  if (models.length === 0) throw new Error('evaluate: expected a model or a non-empty list of models, found []');
  const { head, layout, batchSize = 500 } = options;
  const lossFn = createLoss(head, options.loss);
  const confusion = Array.from({ length: NUM_CLASSES }, () => new Array<number>(NUM_CLASSES).fill(0));
  const misclassified: MisclassifiedExample[] = [];
  let lossSum = 0;
  for (const batch of batches(set, { ...layout, batchSize, shuffle: false })) {
    const packed = tf.tidy(() => {
      const x = tf.tensor4d(batch.images, [batch.size, layout.size, layout.size, 1]);
      const y = tf.tensor1d(batch.labels, 'int32');
      const each = models.map((m) => m.predict(x) as tf.Tensor2D);
      const outputs = each.length === 1 ? each[0]! : (tf.div(tf.addN(each), each.length) as tf.Tensor2D);
      const loss = tf.mul(lossFn(y, outputs), batch.size);
      // One tensor, one read-back: [loss * size, predicted classes...].
      return tf.concat([tf.reshape(loss, [1]), tf.cast(predictClasses(outputs, head), 'float32')]);
    });
    const values = await packed.data();
    packed.dispose();
    lossSum += values[0]!;
    for (let k = 0; k < batch.size; k++) {
      const truth = batch.labels[k]!;
      const predicted = values[k + 1]!;
      confusion[truth]![predicted]!++;
      if (predicted !== truth) misclassified.push({ index: batch.indices[k]!, label: truth, predicted });
    }
  }
  misclassified.sort((a, b) => a.index - b.index);
  return evaluationFromCounts(confusion, lossSum, misclassified);
}
