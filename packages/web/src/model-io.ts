import * as tf from '@tensorflow/tfjs';
import type { ImageLayout } from '@lenet/data';
import { headOf, type Head } from '@lenet/model';

/** A loaded model with what is needed to feed it and read it. */
export interface LoadedModel {
  model: tf.LayersModel;
  head: Head;
  layout: ImageLayout;
  /** Where it came from, for the status line. */
  source: string;
}

/** The models shipped with the page (public/models/<name>/, trained by scripts/train-models.sh). */
export const BUNDLED_MODELS = ['lenet5', 'lenet5-1998'] as const;
export type BundledModel = (typeof BUNDLED_MODELS)[number];

/**
 * Head and input layout from the model itself, as `lenet eval` / `lenet predict` do for a model folder without
 * its run's summary.json: 32x32 input means the paper's network and scaling, 28x28 the seed's.
 */
export function describeModel(model: tf.LayersModel, source: string): LoadedModel {
  const size = model.inputs[0]!.shape[1] === 32 ? 32 : 28;
  return {
    model,
    head: headOf(model),
    layout: { size, normalization: size === 32 ? 'paper' : 'seed' },
    source,
  };
}

/** Loads a bundled model over HTTP. */
export async function loadBundled(name: BundledModel, base: string): Promise<LoadedModel> {
  return describeModel(await tf.loadLayersModel(new URL(`models/${name}/model.json`, base).href), name);
}

/** Loads a run folder's `model/` picked by the user: model.json and the weight file(s) it lists. */
export async function loadFromFiles(files: readonly File[]): Promise<LoadedModel> {
  const json = files.find((f) => f.name.endsWith('.json'));
  if (!json) throw new Error(`expected model.json among the chosen files (${files.map((f) => f.name).join(', ') || 'none'})`);
  const weights = files.filter((f) => f !== json);
  if (weights.length === 0) throw new Error('expected the weight file (weights.bin) beside model.json: choose both');
  return describeModel(await tf.loadLayersModel(tf.io.browserFiles([json, ...weights])), json.name);
}

/** A model's artifacts as the two files of a `lenet train` model folder: model.json and weights.bin. */
export async function modelFiles(model: tf.LayersModel): Promise<{ json: string; weights: ArrayBuffer }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = saved!;
  const weights = a.weightData instanceof ArrayBuffer ? a.weightData : tf.io.CompositeArrayBuffer.join(a.weightData!);
  const json = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  return { json: JSON.stringify(json), weights };
}
