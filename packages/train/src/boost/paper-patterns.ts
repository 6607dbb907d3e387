/**
 * The paper's distorted training set (60,000 originals + 9 fixed copies of each) as one numbered pool of
 * patterns that the boosting filters draw from: pattern `copy * count + index` is version `copy` of
 * training image `index`, the same version a `distort: 'paper'` run with that seed trains on.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluate, type EvaluateOptions } from '../loop/evaluate';
import type { ImageSet } from '@lenet/data';
import { PAPER_DISTORTED_COPIES, paperCopyTransform, transformBatch } from '../loop/distort';

/** Patterns rendered per tf.image.transform call: bounds the memory of a render, not its result. */
const RENDER_CHUNK = 2000;

/** Size of the pool of `set`: its images times the original and the copies (600,000 for MNIST). */
export function paperPoolSize(set: ImageSet): number {
  return set.count * (PAPER_DISTORTED_COPIES + 1);
}

/**
 * Renders patterns `ids` of the pool of `set` (seeded as the run `seed`) as bytes, in the order given: a
 * training set of its own. Distorted in pixel space (background 0), which normalising afterwards makes the
 * same image as distorting the normalised one, up to the rounding to bytes.
 */
export function renderPaperPatterns(set: ImageSet, ids: Uint32Array, seed: number): ImageSet {
  const side = set.rows;
  const pixels = side * side;
  const images = new Uint8Array(ids.length * pixels);
  const labels = new Uint8Array(ids.length);
  for (let start = 0; start < ids.length; start += RENDER_CHUNK) {
    const chunk = ids.subarray(start, Math.min(start + RENDER_CHUNK, ids.length));
    const source = new Float32Array(chunk.length * pixels);
    const transforms = new Float32Array(chunk.length * 8);
    chunk.forEach((id, k) => {
      const index = id % set.count;
      source.set(set.images.subarray(index * pixels, (index + 1) * pixels), k * pixels);
      transforms.set(paperCopyTransform(seed, index, Math.floor(id / set.count), side), k * 8);
      labels[start + k] = set.labels[index]!;
    });
    const rendered = tf.tidy(() => {
      const x = tf.tensor4d(source, [chunk.length, side, side, 1]);
      return tf.clipByValue(tf.round(transformBatch(x, transforms, 0)), 0, 255);
    });
    images.set(rendered.dataSync(), start * pixels);
    rendered.dispose();
  }
  return { images, labels, count: ids.length, rows: side, cols: side };
}

/** Patterns classified per {@link evaluate} call. */
const CLASSIFY_CHUNK = 20000;

/**
 * The class `models` (one model, or a committee: the mean of their outputs) give each pattern of the pool
 * of `set`, indexed by pattern id.
 */
export async function classifyPool(
  models: tf.LayersModel | readonly tf.LayersModel[],
  set: ImageSet,
  seed: number,
  options: EvaluateOptions,
): Promise<Uint8Array> {
  const total = paperPoolSize(set);
  const predicted = new Uint8Array(total);
  for (let start = 0; start < total; start += CLASSIFY_CHUNK) {
    const ids = Uint32Array.from({ length: Math.min(CLASSIFY_CHUNK, total - start) }, (_, k) => start + k);
    const patterns = renderPaperPatterns(set, ids, seed);
    const ev = await evaluate(models, patterns, options);
    // Correct patterns are their label; the evaluation lists the others with their class.
    predicted.set(patterns.labels, start);
    for (const m of ev.misclassified) predicted[start + m.index] = m.predicted;
  }
  return predicted;
}

/** The label of every pattern of the pool of `set`, indexed by pattern id. */
export function poolLabels(set: ImageSet): Uint8Array {
  const labels = new Uint8Array(paperPoolSize(set));
  for (let copy = 0; copy <= PAPER_DISTORTED_COPIES; copy++) labels.set(set.labels, copy * set.count);
  return labels;
}
