/**
 * Checkpoints that survive SIGKILL at any moment, and the best-on-validation model.
 *
 * `runDir/checkpoint/` holds the last complete epoch: `model.json` + `weights.bin` (TF.js LayersModel
 * format), `optimizer.json` + `optimizer.bin` (optimizer slots from `getWeights()`, encoded by
 * `tf.io.encodeWeights`), and `state.json`
 * (epoch, metric records, the loop's extra state, and the size and CRC-32C of every other file). The
 * folder is written whole under a temporary name and swapped in by rename ({@link replaceDirAtomic}).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type DirSwapStage, dirSwapNames, recoverDir, replaceDirAtomic, writeFileDurableSync } from '@lenet/files';
import { crc32c } from './crc32c';
import { MODEL_JSON, readModelArtifacts } from './load-model';
import { readJsonFile } from './read-json-file';
import { type MetricRecord, RUN_FILES, toMetricRecord } from './run-folder';

/** A named tensor, as `Optimizer.getWeights()` returns them (`tf.NamedTensor` is not re-exported by @tensorflow/tfjs). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A missing, corrupt or mismatched checkpoint; the message names the file. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** File names inside a checkpoint folder. */
export const CHECKPOINT_FILES = {
  modelJson: MODEL_JSON,
  weights: 'weights.bin',
  optimizerJson: 'optimizer.json',
  optimizerBin: 'optimizer.bin',
  state: 'state.json',
} as const;

const STATE_FORMAT = 'lenet-checkpoint/1';
/** Format 2 describes optimizer.bin with tf.io weight specs; 1 (lenet 0.1.0 before it) used its own index. */
const OPTIMIZER_FORMAT = 'lenet-optimizer-state/2';

/**
 * Optimizer fields saved beside `getWeights()`: TF.js Adam/Adamax keep the running powers beta^t in
 * these variables and `setWeights()` recomputes them with pow(), which differs from the repeated float32
 * products in the last bits; restoring the saved values makes a resumed run bit-identical.
 */
const EXTRA_OPTIMIZER_FIELDS = ['accBeta1', 'accBeta2'] as const;

/** The optimizer interface a checkpoint needs (TF.js optimizers and our custom ones have it). */
export interface CheckpointableOptimizer {
  getWeights(): Promise<NamedTensor[]>;
  setWeights(weights: NamedTensor[]): Promise<void>;
  getClassName?(): string;
  getConfig?(): tf.serialization.ConfigDict;
}

/** What {@link saveCheckpoint} stores. */
export interface CheckpointInput<Extra = unknown> {
  model: tf.LayersModel;
  optimizer: CheckpointableOptimizer;
  /** The epoch just completed (the resumed run starts at `epoch + 1`). */
  epoch: number;
  /** The metric records so far (what `metrics.jsonl` must hold on resume). */
  records: readonly MetricRecord[];
  /** The loop's own state, JSON-serialisable: RNG state, best validation accuracy, schedule state... */
  extra?: Extra;
}

/** Options of {@link saveCheckpoint} and {@link saveBestModel}. */
export interface SaveOptions {
  /** Called at each stage of the folder swap and after each file; tests SIGKILL the process there. */
  onStage?: (stage: DirSwapStage | `wrote:${string}`) => void | Promise<void>;
}

/** A checkpoint read back by {@link loadCheckpoint}. */
export interface LoadedCheckpoint<Extra = unknown> {
  epoch: number;
  records: MetricRecord[];
  extra: Extra;
  /** The checkpoint folder it was read from. */
  dir: string;
  /**
   * Loads the saved weights into `model` (same architecture) and the saved slots into `optimizer`
   * (a fresh one of the same class and config, before any step). Disposes every tensor it creates.
   */
  restore(model: tf.LayersModel, optimizer: CheckpointableOptimizer): Promise<void>;
}

interface FileEntry {
  bytes: number;
  crc32c: number;
}

interface StateJson {
  format: string;
  epoch: number;
  records: MetricRecord[];
  extra: unknown;
  savedAt: string;
  files: Record<string, FileEntry>;
}

interface OptimizerJson {
  format: string;
  className: string | null;
  config: unknown;
  /** The `getWeights()` slots in optimizer.bin, in order, as `tf.io.encodeWeights` wrote them. */
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** The {@link EXTRA_OPTIMIZER_FIELDS} the optimizer has, after the slots in optimizer.bin (named by field). */
  extraSpecs: tf.io.WeightsManifestEntry[];
}

/** Gets the model's artifacts (topology, weight specs, weight bytes) without any file-system handler. */
async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === undefined) throw new Error('model.save() did not produce artifacts');
  return captured;
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/**
 * Writes `model` as a TF.js LayersModel folder (`model.json` + `weights.bin`) into the existing
 * folder `dir`, each file fsynced. Loadable by {@link loadModel} and by stock `tf.loadLayersModel`.
 */
export async function writeModelFiles(dir: string, model: tf.LayersModel, onFile?: (name: string) => void | Promise<void>): Promise<void> {
  const artifacts = await modelArtifacts(model);
  const weights = joinWeightData(artifacts.weightData);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [CHECKPOINT_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  writeFileDurableSync(path.join(dir, CHECKPOINT_FILES.weights), weights);
  await onFile?.(CHECKPOINT_FILES.weights);
  writeFileDurableSync(path.join(dir, MODEL_JSON), `${JSON.stringify(modelJson)}\n`);
  await onFile?.(MODEL_JSON);
}

/** Writes the optimizer's `getWeights()` slots (plus Adam's beta powers) into `dir`. */
async function writeOptimizerFiles(dir: string, optimizer: CheckpointableOptimizer): Promise<void> {
  const weights = await optimizer.getWeights();
  try {
    const o = optimizer as unknown as Record<string, unknown>;
    const extras = EXTRA_OPTIMIZER_FIELDS.filter((field) => o[field] instanceof tf.Variable).map((field) => ({ name: field, tensor: o[field] as tf.Variable }));
    // One encoding for both, so the specs' order is the bytes' order; the slot count splits them again.
    const { data, specs } = await tf.io.encodeWeights([...weights, ...extras]);
    const json: OptimizerJson = {
      format: OPTIMIZER_FORMAT,
      className: optimizer.getClassName?.() ?? null,
      config: optimizer.getConfig?.() ?? null,
      weightSpecs: specs.slice(0, weights.length),
      extraSpecs: specs.slice(weights.length),
    };
    writeFileDurableSync(path.join(dir, CHECKPOINT_FILES.optimizerBin), new Uint8Array(data));
    writeFileDurableSync(path.join(dir, CHECKPOINT_FILES.optimizerJson), `${JSON.stringify(json, null, 1)}\n`);
  } finally {
    // getWeights() returns the optimizer's own variables (keep them) and fresh tensors such as the
    // iteration count (dispose those).
    for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  }
}

/** Reads and checks optimizer.json (reads only): its format, and that optimizer.bin holds what its specs describe. */
function readOptimizerJson(dir: string): OptimizerJson {
  const file = path.join(dir, CHECKPOINT_FILES.optimizerJson);
  const json = readJson(file) as OptimizerJson;
  if (json?.format === 'lenet-optimizer-state/1') {
    throw new CheckpointError(
      file,
      `written by an earlier lenet (lenet-optimizer-state/1); this one reads ${OPTIMIZER_FORMAT}: train the run again without resuming`,
    );
  }
  if (json?.format !== OPTIMIZER_FORMAT || !Array.isArray(json.weightSpecs) || !Array.isArray(json.extraSpecs)) {
    throw new CheckpointError(file, `expected a ${OPTIMIZER_FORMAT} description { className, config, weightSpecs, extraSpecs }`);
  }
  const binFile = path.join(dir, CHECKPOINT_FILES.optimizerBin);
  const expected = [...json.weightSpecs, ...json.extraSpecs].reduce((sum, spec) => sum + specByteLength(file, spec), 0);
  const found = fs.statSync(binFile).size;
  if (found !== expected) throw new CheckpointError(binFile, `expected ${expected} bytes for the tensors ${file} describes, found ${found}`);
  return json;
}

/** The bytes one tensor takes in `tf.io.encodeWeights`' layout (float32, int32, bool; no quantisation). */
function specByteLength(file: string, spec: tf.io.WeightsManifestEntry): number {
  const bytesPer = { float32: 4, int32: 4, bool: 1 } as Partial<Record<string, number>>;
  const size = bytesPer[spec?.dtype];
  if (size === undefined || !Array.isArray(spec.shape) || spec.quantization !== undefined) {
    throw new CheckpointError(
      file,
      `tensor ${JSON.stringify(spec?.name)}: expected an unquantised float32, int32 or bool tensor, found ${JSON.stringify(spec)}`,
    );
  }
  return size * spec.shape.reduce((a, b) => a * b, 1);
}

/** Where the checkpoint of a run folder lives. */
export function checkpointDir(runDir: string): string {
  return path.join(runDir, RUN_FILES.checkpoint);
}

/**
 * Saves the state after `input.epoch` to `runDir/checkpoint/` atomically: a SIGKILL at any moment
 * leaves either this checkpoint or the previous one, complete.
 */
export async function saveCheckpoint<Extra>(runDir: string, input: CheckpointInput<Extra>, options: SaveOptions = {}): Promise<void> {
  await replaceDirAtomic(
    checkpointDir(runDir),
    async (dir) => {
      const onFile = async (name: string): Promise<void> => options.onStage?.(`wrote:${name}`);
      await writeModelFiles(dir, input.model, onFile);
      await writeOptimizerFiles(dir, input.optimizer);
      await onFile(CHECKPOINT_FILES.optimizerBin);
      const files: Record<string, FileEntry> = {};
      for (const name of [CHECKPOINT_FILES.modelJson, CHECKPOINT_FILES.weights, CHECKPOINT_FILES.optimizerJson, CHECKPOINT_FILES.optimizerBin]) {
        const bytes = fs.readFileSync(path.join(dir, name));
        files[name] = { bytes: bytes.length, crc32c: crc32c(bytes) };
      }
      const state: StateJson = {
        format: STATE_FORMAT,
        epoch: input.epoch,
        records: [...input.records],
        extra: input.extra ?? null,
        savedAt: new Date().toISOString(),
        files,
      };
      writeFileDurableSync(path.join(dir, CHECKPOINT_FILES.state), `${JSON.stringify(state)}\n`);
      await onFile(CHECKPOINT_FILES.state);
    },
    { onStage: options.onStage },
  );
}

function readJson(file: string): unknown {
  return readJsonFile(file, (f, message) => new CheckpointError(f, message));
}

/** Reads and verifies a checkpoint folder's state.json and every file it lists (reads only). */
function readVerifiedState(dir: string): { state: StateJson; records: MetricRecord[] } {
  const stateFile = path.join(dir, CHECKPOINT_FILES.state);
  const state = readJson(stateFile) as StateJson;
  if (state?.format !== STATE_FORMAT || !Number.isInteger(state.epoch) || !Array.isArray(state.records) || typeof state.files !== 'object') {
    throw new CheckpointError(stateFile, `expected a ${STATE_FORMAT} state { epoch, records, extra, files }`);
  }
  const records = state.records.map((r, i) =>
    toMetricRecord(r, (message) => {
      throw new CheckpointError(stateFile, `records[${i}]: ${message}`);
    }),
  );
  for (const [name, entry] of Object.entries(state.files)) {
    const file = path.join(dir, name);
    if (name.includes('/') || name.includes('\\') || name.includes('..')) throw new CheckpointError(stateFile, `refusing file name ${JSON.stringify(name)}`);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new CheckpointError(file, `missing; ${stateFile} lists it with ${entry.bytes} bytes`);
    }
    if (bytes.length !== entry.bytes || crc32c(bytes) !== entry.crc32c) {
      throw new CheckpointError(
        file,
        `corrupt: expected ${entry.bytes} bytes with CRC-32C ${entry.crc32c.toString(16)}, found ${bytes.length} bytes with CRC-32C ${crc32c(bytes).toString(16)}`,
      );
    }
  }
  readOptimizerJson(dir);
  return { state, records };
}

/**
 * What `runDir`'s checkpoint holds (epoch, records, extra), verified like {@link loadCheckpoint} but
 * without repairing or writing anything: where a killed save left only `checkpoint.old/`, that one is
 * read (it is what loadCheckpoint would put back). For checks made before a run starts.
 *
 * @returns null when the run has no checkpoint.
 * @throws CheckpointError naming the file that is missing, corrupt or malformed.
 */
export function peekCheckpoint<Extra = unknown>(runDir: string): Omit<LoadedCheckpoint<Extra>, 'restore'> | null {
  const target = checkpointDir(runDir);
  const dir = [target, dirSwapNames(target).old].find((d) => fs.existsSync(path.join(d, CHECKPOINT_FILES.state)));
  if (dir === undefined) return null;
  const { state, records } = readVerifiedState(dir);
  return { epoch: state.epoch, records, extra: state.extra as Extra, dir };
}

/**
 * Reads `runDir/checkpoint/`, first repairing what a killed save left behind there and in `runDir/model/`
 * (see {@link recoverDir}), and verifies every file's size and CRC-32C against `state.json`.
 *
 * @returns null when the run has no checkpoint.
 * @throws CheckpointError naming the file that is missing, corrupt or malformed.
 */
export async function loadCheckpoint<Extra = unknown>(runDir: string): Promise<LoadedCheckpoint<Extra> | null> {
  const dir = checkpointDir(runDir);
  // Resuming starts here, so repair the best-model folder too (a run killed while swapping it in).
  recoverDir(bestModelDir(runDir));
  if (!recoverDir(dir)) return null;
  const { state, records } = readVerifiedState(dir);
  const optimizerFile = path.join(dir, CHECKPOINT_FILES.optimizerJson);
  const optimizerJson = readOptimizerJson(dir);

  return {
    epoch: state.epoch,
    records,
    extra: state.extra as Extra,
    dir,
    async restore(model, optimizer) {
      const artifacts = await readModelArtifacts(dir);
      const specs = artifacts.weightSpecs ?? [];
      const named = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
      try {
        // By position, not by name: layer names carry a per-process counter (dense_Dense1 vs dense_Dense3)
        // when several models are built in one process; shapes are checked instead.
        const targets = model.weights;
        const mismatch =
          targets.length !== specs.length
            ? `the checkpoint has ${specs.length} weights, the model ${targets.length}`
            : targets
                .map((w, i) =>
                  tf.util.arraysEqual(w.shape as number[], specs[i].shape)
                    ? ''
                    : `${specs[i].name} has shape [${specs[i].shape}], the model's ${w.name} [${w.shape}]`,
                )
                .find((m) => m !== '');
        if (mismatch) throw new CheckpointError(path.join(dir, MODEL_JSON), `weights do not fit the model: ${mismatch}`);
        model.setWeights(specs.map((s) => named[s.name]));
      } finally {
        tf.dispose(named);
      }

      const className = optimizer.getClassName?.() ?? null;
      if (optimizerJson.className !== null && className !== null && optimizerJson.className !== className) {
        throw new CheckpointError(optimizerFile, `saved for optimizer ${optimizerJson.className}, but restoring into ${className}`);
      }
      const bin = fs.readFileSync(path.join(dir, CHECKPOINT_FILES.optimizerBin));
      const { weightSpecs, extraSpecs } = optimizerJson;
      const bytes = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      // Slots and extras decoded apart, so a slot named like an extra field cannot shadow it.
      const slotBytes = weightSpecs.reduce((sum, spec) => sum + specByteLength(optimizerFile, spec), 0);
      const slots = tf.io.decodeWeights(bytes.slice(0, slotBytes), weightSpecs);
      const extras = tf.io.decodeWeights(bytes.slice(slotBytes), extraSpecs);
      try {
        // setWeights() makes its own variables from these.
        await optimizer.setWeights(weightSpecs.map((spec) => ({ name: spec.name, tensor: slots[spec.name] })));
        const o = optimizer as unknown as Record<string, unknown>;
        for (const spec of extraSpecs) {
          const target = o[spec.name];
          if (target instanceof tf.Variable) target.assign(extras[spec.name]);
        }
      } finally {
        tf.dispose([slots, extras]);
      }
    },
  };
}

/** Where the best-on-validation model of a run folder lives. */
export function bestModelDir(runDir: string): string {
  return path.join(runDir, RUN_FILES.model);
}

/**
 * Saves `model` as the run's best-on-validation model, `runDir/model/{model.json,weights.bin}`,
 * atomically (the folder is swapped as a unit).
 */
export async function saveBestModel(runDir: string, model: tf.LayersModel, options: SaveOptions = {}): Promise<void> {
  await replaceDirAtomic(bestModelDir(runDir), (dir) => writeModelFiles(dir, model), { onStage: options.onStage });
}
