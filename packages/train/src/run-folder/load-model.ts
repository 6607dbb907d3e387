/**
 * Reading TF.js LayersModel folders (model.json + weight files) from disk without tfjs-node, with the
 * checks a downloaded or hand-edited folder needs: weight paths may not leave the folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readJsonFile } from './read-json-file';

/** A missing, malformed or unsafe model file; the message names the file and what was expected. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** The name of a LayersModel folder's manifest. */
export const MODEL_JSON = 'model.json';

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2, int8: 1, int16: 2 };

/** The bytes one weight takes in its file, or undefined when that can't be known up front (strings). */
function weightByteLength(spec: tf.io.WeightsManifestEntry): number | undefined {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const perElement = BYTES_PER_ELEMENT[dtype];
  return perElement === undefined ? undefined : size * perElement;
}

/**
 * Rejects a weight path that could reach outside the model folder: absolute paths, drive letters,
 * UNC/backslash roots, URLs, `..` segments, NUL bytes.
 */
function checkRelativePath(manifestFile: string, p: unknown): string {
  if (typeof p !== 'string' || p.length === 0) {
    throw new ModelFileError(manifestFile, `weightsManifest path ${JSON.stringify(p)} is not a non-empty string`);
  }
  const refuse = (why: string): never => {
    throw new ModelFileError(manifestFile, `refusing weights path ${JSON.stringify(p)}: ${why}; expected a file name inside the model folder`);
  };
  if (p.includes('\0')) refuse('it contains a NUL byte');
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(p)) refuse('it has a drive letter or URL scheme');
  if (p.startsWith('/') || p.startsWith('\\') || path.isAbsolute(p) || path.win32.isAbsolute(p)) refuse('it is an absolute path');
  if (p.split(/[\\/]/).includes('..')) refuse("it contains a '..' segment");
  return p;
}

/** Resolves `p` inside `dir`, following symlinks, and refuses a target outside `dir`. */
function resolveInside(manifestFile: string, dir: string, p: string): string {
  const realDir = fs.realpathSync(dir);
  const file = path.join(realDir, p);
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    throw new ModelFileError(file, `weights file listed in ${manifestFile} is missing`);
  }
  const rel = path.relative(realDir, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new ModelFileError(
      manifestFile,
      `refusing weights path ${JSON.stringify(p)}: it resolves (through a symlink) to ${real}, outside the model folder ${realDir}`,
    );
  }
  return real;
}

/** Reads and validates `dir/model.json`. */
export function readModelJson(dir: string): tf.io.ModelJSON {
  const file = path.join(dir, MODEL_JSON);
  const json = readJsonFile(file, (f, message) => new ModelFileError(f, message), 'expected a TF.js LayersModel folder (model.json + weights.bin)');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelFileError(file, 'expected a JSON object');
  const m = json as Record<string, unknown>;
  if (typeof m.modelTopology !== 'object' || m.modelTopology === null) throw new ModelFileError(file, 'expected a "modelTopology" object');
  if (m.weightsManifest !== undefined) {
    if (!Array.isArray(m.weightsManifest)) throw new ModelFileError(file, 'expected "weightsManifest" to be an array');
    for (const [i, group] of m.weightsManifest.entries()) {
      const g = group as Record<string, unknown> | null;
      if (typeof g !== 'object' || g === null || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
        throw new ModelFileError(file, `weightsManifest[${i}]: expected { paths: string[], weights: [...] }`);
      }
      for (const p of g.paths) checkRelativePath(file, p);
      for (const w of g.weights as unknown[]) {
        const spec = w as Record<string, unknown> | null;
        if (typeof spec !== 'object' || spec === null || typeof spec.name !== 'string' || !Array.isArray(spec.shape) || typeof spec.dtype !== 'string') {
          throw new ModelFileError(file, `weightsManifest[${i}]: expected weight entries { name, shape, dtype }, found ${JSON.stringify(w)}`);
        }
      }
    }
  }
  return json as tf.io.ModelJSON;
}

/**
 * Reads a LayersModel folder into TF.js model artifacts (topology, weight specs and weight bytes),
 * checking that every weight path stays inside the folder and that the files hold as many bytes as the
 * specs need.
 *
 * @throws ModelFileError naming the file on a missing/malformed manifest, a missing or short weights file, or an escaping path.
 */
export async function readModelArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const manifestFile = path.join(dir, MODEL_JSON);
  const modelJson = readModelJson(dir);
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: Uint8Array[] = [];
    for (const group of manifest) {
      let groupBytes = 0;
      for (const p of group.paths) {
        const file = resolveInside(manifestFile, dir, checkRelativePath(manifestFile, p));
        const data = fs.readFileSync(file);
        buffers.push(data);
        groupBytes += data.length;
      }
      const needed = group.weights.map(weightByteLength);
      if (needed.every((n) => n !== undefined)) {
        const expected = (needed as number[]).reduce((a, b) => a + b, 0);
        if (expected !== groupBytes) {
          throw new ModelFileError(
            path.join(dir, group.paths.join('+')),
            `expected ${expected} bytes for weights ${group.weights.map((w) => w.name).join(', ')}, found ${groupBytes}`,
          );
        }
      }
      specs.push(...group.weights);
    }
    const all = new Uint8Array(buffers.reduce((a, b) => a + b.length, 0));
    let offset = 0;
    for (const b of buffers) {
      all.set(b, offset);
      offset += b.length;
    }
    return [specs, all.buffer];
  });
}

/**
 * Loads a LayersModel folder (`model.json` + weights) from disk with stock `tf.loadLayersModel`
 * (through `tf.io.fromMemory`), so it needs no tfjs-node. Custom layers must be registered first
 * (importing `@lenet/model` does it).
 *
 * @throws ModelFileError for a missing, malformed or unsafe folder (see {@link readModelArtifacts}).
 */
export async function loadModel(modelDir: string): Promise<tf.LayersModel> {
  const artifacts = await readModelArtifacts(modelDir);
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new ModelFileError(path.join(modelDir, MODEL_JSON), `TF.js could not build the model: ${(error as Error).message}`);
  }
}
