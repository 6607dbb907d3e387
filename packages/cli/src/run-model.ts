import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '@lenet/core';
import { selectBackend } from '@lenet/core';
import type { ImageLayout, NormalizationPreset } from '@lenet/data';
import { normalizeImages } from '@lenet/data';
import type { Head } from '@lenet/model';
import { classProbabilities, headOf } from '@lenet/model';
import { RUN_FILES, loadModel, readSummary, type RunSummary } from '@lenet/train';
import type { ModelLocation } from './run-dir';

/** A trained model with what is needed to feed it: its head and its input layout. */
export interface RunModel {
  model: tf.LayersModel;
  head: Head;
  layout: ImageLayout;
  /** The run's summary.json, when the model came from a finished run's folder. */
  summary: RunSummary | undefined;
}

/** The validated summary.json of a run folder; undefined when there is no run folder or no summary yet. */
function summaryOf(runDir: string | undefined): RunSummary | undefined {
  if (runDir === undefined) return undefined;
  const file = path.join(runDir, RUN_FILES.summary);
  return fs.existsSync(file) ? readSummary(file) : undefined;
}

/**
 * Loads a model folder and works out how to feed it: input size from the model, normalisation from the
 * run's summary.json (`options.normalization`), else `fallback`, else the model family's default
 * (seed scaling for 28x28 input, the paper's for 32x32).
 */
export async function loadRunModel(location: ModelLocation, normalization?: NormalizationPreset, backend: BackendName = 'auto'): Promise<RunModel> {
  await selectBackend(backend);
  const model = await loadModel(location.modelDir);
  const summary = summaryOf(location.runDir);
  const size = model.inputs[0].shape[1] === 32 ? 32 : 28;
  const preset = normalization ?? summary?.options.normalization ?? (size === 32 ? 'paper' : 'seed');
  return { model, head: headOf(model), layout: { normalization: preset, size }, summary };
}

/** Class probabilities (rows of 10) and predicted classes for `count` 28x28 uint8 images. */
export function predictImages(m: RunModel, images: Uint8Array, count: number): { classes: Int32Array; probabilities: Float32Array } {
  const input = normalizeImages(images, count, m.layout);
  const size = m.layout.size;
  const probs = tf.tidy(() => {
    const x = tf.tensor4d(input, [count, size, size, 1]);
    const y = m.model.predict(x) as tf.Tensor2D;
    return classProbabilities(y, m.head);
  });
  const probabilities = probs.dataSync() as Float32Array;
  const classes = tf.tidy(() => probs.argMax(1).dataSync() as Int32Array);
  probs.dispose();
  return { classes: Int32Array.from(classes), probabilities: Float32Array.from(probabilities) };
}

/** The kernel of the model's first 4-D weight (C1): values and shape [kh, kw, in, out]; undefined if none. */
export function firstConvKernel(model: tf.LayersModel): { weights: Float32Array; shape: [number, number, number, number] } | undefined {
  for (const layer of model.layers) {
    for (const w of layer.getWeights()) {
      if (w.shape.length === 4) {
        return { weights: Float32Array.from(w.dataSync() as Float32Array), shape: w.shape as [number, number, number, number] };
      }
    }
  }
  return undefined;
}
