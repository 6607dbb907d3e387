import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, bestModelDir, checkpointDir, loadCheckpoint, peekCheckpoint, saveBestModel, saveCheckpoint } from './checkpoint';
import { crc32c } from './crc32c';
import { loadModel } from './load-model';
import type { MetricRecord } from './run-folder';
import { type OptimizerKind, createOptimizer, createTinyModel, syntheticData, trainStep } from '../fixtures/tiny-training.test-util';

/** All weights of a model, as plain arrays (for bitwise comparison). */
function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('checkpoints', () => {
  let runDir: string;
  const data = syntheticData(1, 64);
  const batch = (i: number): number[] => Array.from({ length: 16 }, (_, k) => (i * 16 + k) % 64);

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  beforeEach(() => {
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-checkpoint-'));
  });
  afterEach(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('returns null for a run without a checkpoint', async () => {
    expect(await loadCheckpoint(runDir)).toBeNull();
  });

  it.each<OptimizerKind>(['adam', 'sgd-momentum', 'rmsprop'])('resumes %s bit-identically, disposing every tensor it makes', async (kind) => {
    const records: MetricRecord[] = [{ kind: 'step', step: 0, epoch: 0, loss: 1.5, accuracy: 25 }];
    // Uninterrupted: 30 steps, checkpoint, 5 more (enough steps for Adam's beta powers to differ from pow()).
    const model = createTinyModel(3);
    const optimizer = createOptimizer(kind);
    for (let i = 0; i < 30; i++) trainStep(model, optimizer, data, batch(i));
    await saveCheckpoint(runDir, { model, optimizer, epoch: 4, records, extra: { rng: [1, 2, 3] } });
    for (let i = 30; i < 35; i++) trainStep(model, optimizer, data, batch(i));
    const expected = weightsOf(model);

    // Resumed: a fresh model (other seed, so restoring must overwrite everything) and optimizer.
    const resumedModel = createTinyModel(99);
    const resumedOptimizer = createOptimizer(kind);
    const before = tf.memory().numTensors;
    const checkpoint = await loadCheckpoint<{ rng: number[] }>(runDir);
    expect(checkpoint).not.toBeNull();
    expect(checkpoint!.epoch).toBe(4);
    expect(checkpoint!.records).toEqual(records);
    expect(checkpoint!.extra).toEqual({ rng: [1, 2, 3] });
    await checkpoint!.restore(resumedModel, resumedOptimizer);
    // Only the optimizer's own slot variables are new (Adam: m and v per weight; momentum: 1; centered RMSProp: 3).
    const slotsPerWeight = { adam: 2, 'sgd-momentum': 1, rmsprop: 3 }[kind];
    expect(tf.memory().numTensors - before).toBe(slotsPerWeight * resumedModel.getWeights().length);
    expect(resumedOptimizer.iterations).toBe(30);
    for (let i = 30; i < 35; i++) trainStep(resumedModel, resumedOptimizer, data, batch(i));
    expect(weightsOf(resumedModel)).toEqual(expected);

    tf.dispose([model, resumedModel].flatMap((m) => m.weights.map((w) => w.read())));
    optimizer.dispose();
    resumedOptimizer.dispose();
  });

  it('writes the TF.js LayersModel format that stock tf.loadLayersModel reads over HTTP', async () => {
    const model = createTinyModel(5);
    await saveBestModel(runDir, model);
    const dir = bestModelDir(runDir);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(manifest.format).toBe('layers-model');
    expect(manifest.weightsManifest[0].paths).toEqual(['weights.bin']);
    // Stock loader, its own HTTP handler, files served from the folder: proves the layout is the standard one.
    // (A plain Response-like object: jest's sandbox and undici's Response live in different realms.)
    const fetchFunc = async (url: string | URL | Request): Promise<Response> => {
      const bytes = fs.readFileSync(path.join(dir, new URL(String(url)).pathname.slice(1)));
      const body = { ok: true, status: 200, json: async () => JSON.parse(bytes.toString('utf8')), arrayBuffer: async () => new Uint8Array(bytes).buffer };
      return body as unknown as Response;
    };
    const stock = await tf.loadLayersModel('http://model.local/model.json', { fetchFunc });
    expect(weightsOf(stock)).toEqual(weightsOf(model));
    const ours = await loadModel(dir);
    expect(weightsOf(ours)).toEqual(weightsOf(model));
    expect(fs.readdirSync(runDir)).toEqual(['model']);
  });

  it('names the corrupt file when a byte of the checkpoint changes', async () => {
    const model = createTinyModel(5);
    const optimizer = createOptimizer('adam');
    trainStep(model, optimizer, data, batch(0));
    await saveCheckpoint(runDir, { model, optimizer, epoch: 0, records: [] });
    const weights = path.join(checkpointDir(runDir), 'weights.bin');
    const bytes = fs.readFileSync(weights);
    bytes[5] ^= 0x10;
    fs.writeFileSync(weights, bytes);
    await expect(loadCheckpoint(runDir)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(runDir)).rejects.toThrow(`${weights}: corrupt: expected ${bytes.length} bytes with CRC-32C`);
    fs.rmSync(weights);
    await expect(loadCheckpoint(runDir)).rejects.toThrow(`${weights}: missing;`);
    fs.writeFileSync(path.join(checkpointDir(runDir), 'state.json'), '{"format":');
    await expect(loadCheckpoint(runDir)).rejects.toThrow(/state\.json: not valid JSON/);
  });

  it('refuses, before restoring anything, an optimizer.bin that does not match its specs or an earlier format', async () => {
    const model = createTinyModel(5);
    const optimizer = createOptimizer('adam');
    trainStep(model, optimizer, data, batch(0));
    await saveCheckpoint(runDir, { model, optimizer, epoch: 0, records: [] });
    const dir = checkpointDir(runDir);
    const optimizerJson = path.join(dir, 'optimizer.json');
    const saved = JSON.parse(fs.readFileSync(optimizerJson, 'utf8'));
    expect(saved.format).toBe('lenet-optimizer-state/2');
    // Rewrites optimizer.json and its entry in state.json, so that only the content is wrong, not the CRC.
    const rewrite = (json: unknown): void => {
      const text = `${JSON.stringify(json)}\n`;
      fs.writeFileSync(optimizerJson, text);
      const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
      state.files['optimizer.json'] = { bytes: Buffer.byteLength(text), crc32c: crc32c(Buffer.from(text)) };
      fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state));
    };
    rewrite({ ...saved, weightSpecs: saved.weightSpecs.slice(1) });
    expect(() => peekCheckpoint(runDir)).toThrow(/optimizer\.bin: expected \d+ bytes for the tensors .*optimizer\.json describes, found \d+/);
    rewrite({ format: 'lenet-optimizer-state/1', className: 'Adam', config: {}, weights: [], extraVariables: [] });
    expect(() => peekCheckpoint(runDir)).toThrow(
      `${optimizerJson}: written by an earlier lenet (lenet-optimizer-state/1); this one reads lenet-optimizer-state/2: train the run again without resuming`,
    );
    await expect(loadCheckpoint(runDir)).rejects.toThrow(CheckpointError);
    model.dispose();
    optimizer.dispose();
  });

  it('refuses to restore into a different optimizer or architecture', async () => {
    const model = createTinyModel(5);
    const optimizer = createOptimizer('adam');
    trainStep(model, optimizer, data, batch(0));
    await saveCheckpoint(runDir, { model, optimizer, epoch: 0, records: [] });
    const checkpoint = (await loadCheckpoint(runDir))!;
    await expect(checkpoint.restore(createTinyModel(5), createOptimizer('sgd-momentum'))).rejects.toThrow(
      /optimizer\.json: saved for optimizer Adam, but restoring into Momentum/,
    );
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    await expect(checkpoint.restore(other, createOptimizer('adam'))).rejects.toThrow(/model\.json: weights do not fit the model/);
  });

  it('recovers the previous checkpoint when a save was killed between the renames', async () => {
    const model = createTinyModel(5);
    const optimizer = createOptimizer('adam');
    await saveCheckpoint(runDir, { model, optimizer, epoch: 0, records: [] });
    // Simulate the crash: stop the save right after the old folder was moved away.
    const stop = new Error('killed');
    await expect(
      saveCheckpoint(
        runDir,
        { model, optimizer, epoch: 1, records: [] },
        {
          onStage: (s) => {
            if (s === 'old-moved-away') throw stop;
          },
        },
      ),
    ).rejects.toBe(stop);
    expect(fs.existsSync(checkpointDir(runDir))).toBe(false);
    const checkpoint = await loadCheckpoint(runDir);
    expect(checkpoint?.epoch).toBe(0);
    expect(fs.readdirSync(runDir)).toEqual(['checkpoint']);
  });
});
