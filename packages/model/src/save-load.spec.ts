import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type ModelName, type ModelOptions, createModel } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Saves as model.json + weights.bin in `dir` (the TF.js layers format, as the file:// handler writes it). */
function diskSaver(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData!));
    writeFileSync(path.join(dir, 'weights.bin'), weights);
    const json = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
  });
}

/** Reads model.json + weights.bin back from `dir` for the stock tf.loadLayersModel. */
function diskLoader(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const bytes = readFileSync(path.join(dir, json.weightsManifest[0].paths[0]));
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      };
    },
  };
}

describe('save and load', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lenet-model-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[ModelName, Partial<ModelOptions>]>([
    ['lenet5-1998', {}],
    ['lenet5', {}],
    ['lenet5-1998', { activation: 'tanh', input: 28, subsampling: 'max' }],
    ['lenet1', {}],
    ['lenet4', { init: 'lecun98-sqrt' }],
  ])('%s %j: stock tf.loadLayersModel gives identical predictions', async (name, options) => {
    const model = createModel(name, { ...options, seed: 3 });
    const size = model.inputs[0].shape[1] as number;
    const x = tf.randomUniform([4, size, size, 1], -0.1, 1.175, 'float32', 1);
    const before = model.predict(x) as tf.Tensor;
    await model.save(diskSaver(dir));
    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const classNames = json.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name);
    const loaded = await tf.loadLayersModel(diskLoader(dir));
    const after = loaded.predict(x) as tf.Tensor;
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    expect(loaded.countParams()).toBe(model.countParams());
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(classNames);
    if (name === 'lenet5-1998' && options.activation === undefined) {
      expect(classNames).toEqual(expect.arrayContaining(['ImageConv2D', 'TrainableSubsampling', 'TableConv2D', 'RbfOutput']));
      expect(loaded.getLayer('C5').getConfig().activation).toBe('scaledTanh');
    }
    tf.dispose([x, before, after]);
    model.dispose();
    loaded.dispose();
  });
});
