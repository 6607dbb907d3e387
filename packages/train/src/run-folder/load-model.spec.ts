import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveBestModel } from './checkpoint';
import { ModelFileError, loadModel } from './load-model';
import { createTinyModel } from '../fixtures/tiny-training.test-util';

describe('loadModel', () => {
  let root: string;
  let dir: string;
  let manifestFile: string;
  let expected: number[][];

  const editManifest = (edit: (m: { weightsManifest: Array<{ paths: string[] }> } & Record<string, unknown>) => void): void => {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    edit(m);
    fs.writeFileSync(manifestFile, JSON.stringify(m));
  };

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-load-model-'));
    const model = createTinyModel(11);
    expected = model.getWeights().map((w) => Array.from(w.dataSync()));
    await saveBestModel(root, model);
    dir = path.join(root, 'model');
    manifestFile = path.join(dir, 'model.json');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('loads a saved model with its weights', async () => {
    const model = await loadModel(dir);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(expected);
  });

  it('accepts a weights file in a subfolder and a symlink that stays inside', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.renameSync(path.join(dir, 'weights.bin'), path.join(dir, 'sub', 'w.bin'));
    fs.symlinkSync(path.join(dir, 'sub', 'w.bin'), path.join(dir, 'link.bin'));
    editManifest((m) => (m.weightsManifest[0].paths = ['sub/w.bin']));
    await expect(loadModel(dir)).resolves.toBeDefined();
    editManifest((m) => (m.weightsManifest[0].paths = ['link.bin']));
    await expect(loadModel(dir)).resolves.toBeDefined();
  });

  it.each([
    ['../weights.bin', "contains a '..' segment"],
    ['sub/../../weights.bin', "contains a '..' segment"],
    ['..\\weights.bin', "contains a '..' segment"],
    ['/etc/passwd', 'is an absolute path'],
    ['\\\\server\\share\\w.bin', 'is an absolute path'],
    ['C:\\weights.bin', 'has a drive letter or URL scheme'],
    ['c:weights.bin', 'has a drive letter or URL scheme'],
    ['file:///etc/passwd', 'has a drive letter or URL scheme'],
    ['https://example.com/w.bin', 'has a drive letter or URL scheme'],
  ])('refuses the weights path %s', async (p, why) => {
    editManifest((m) => (m.weightsManifest[0].paths = [p]));
    const error = await loadModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as ModelFileError).file).toBe(manifestFile);
    expect((error as Error).message).toContain(`${manifestFile}: refusing weights path ${JSON.stringify(p)}: it ${why}`);
  });

  it('refuses a symlink that escapes the folder', async () => {
    const outside = path.join(root, 'outside.bin');
    fs.copyFileSync(path.join(dir, 'weights.bin'), outside);
    fs.symlinkSync(outside, path.join(dir, 'escape.bin'));
    editManifest((m) => (m.weightsManifest[0].paths = ['escape.bin']));
    await expect(loadModel(dir)).rejects.toThrow(
      /refusing weights path "escape\.bin": it resolves \(through a symlink\) to .*outside\.bin, outside the model folder/,
    );
  });

  it('names the file and what was expected for missing or malformed files', async () => {
    fs.writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(10));
    await expect(loadModel(dir)).rejects.toThrow(`${path.join(dir, 'weights.bin')}: expected ${(6 * 12 + 12 + 12 * 3 + 3) * 4} bytes for weights`);
    fs.rmSync(path.join(dir, 'weights.bin'));
    await expect(loadModel(dir)).rejects.toThrow(`${path.join(fs.realpathSync(dir), 'weights.bin')}: weights file listed in ${manifestFile} is missing`);
    fs.writeFileSync(manifestFile, '{"modelTopology": ');
    await expect(loadModel(dir)).rejects.toThrow(new RegExp(`^${manifestFile}: not valid JSON`));
    fs.writeFileSync(manifestFile, '{"weightsManifest": []}');
    await expect(loadModel(dir)).rejects.toThrow(`${manifestFile}: expected a "modelTopology" object`);
    fs.writeFileSync(manifestFile, '{"modelTopology": {}, "weightsManifest": [{"paths": "weights.bin"}]}');
    await expect(loadModel(dir)).rejects.toThrow(`${manifestFile}: weightsManifest[0]: expected { paths: string[], weights: [...] }`);
    fs.writeFileSync(manifestFile, '{"modelTopology": {"class_name": "NoSuchModel", "config": {}}, "weightsManifest": []}');
    await expect(loadModel(dir)).rejects.toThrow(`${manifestFile}: TF.js could not build the model`);
    fs.rmSync(manifestFile);
    await expect(loadModel(dir)).rejects.toThrow(`${manifestFile}: not found; expected a TF.js LayersModel folder (model.json + weights.bin)`);
    await expect(loadModel(dir)).rejects.toBeInstanceOf(ModelFileError);
  });
});
