import { DATASET_FILE_NAMES, DATASET_ROLES, type DatasetFiles } from './dataset-files';
import { decodeIdx } from './decode-idx';
import { DataOptionError, DatasetNotFoundError } from './errors';
import type { IdxArray } from './idx';
import { imageSetFromIdx, type ImageSet } from './image-set';

/**
 * Fetches and parses one IDX file (raw or gzip) from a URL with web-standard APIs (browser, Web Worker,
 * Node >= 18). A failed request is a {@link DatasetNotFoundError} naming the URL and the HTTP status.
 */
export async function fetchIdx(url: string | URL): Promise<IdxArray> {
  const name = String(url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new DatasetNotFoundError(`${name}: the request failed (${(e as Error).message})`, name);
  }
  if (!response.ok) throw new DatasetNotFoundError(`${name}: expected an IDX file, the server answered HTTP ${response.status}`, name);
  return decodeIdx(await response.arrayBuffer(), name);
}

/** MNIST's training and test sets as fetched by {@link fetchMnist}. */
export interface FetchedDataset {
  train: ImageSet;
  test: ImageSet;
  /** The URL of each of the four files. */
  files: DatasetFiles;
}

/**
 * Loads MNIST (or any dataset in its four-file layout) over HTTP: the browser counterpart of `loadMnist`.
 * The files are `<baseUrl>/<name>.gz` with the canonical names ({@link DATASET_FILE_NAMES}), gzip inflated
 * with `DecompressionStream`; each is validated as `loadMnist` does (sizes, counts, labels).
 *
 * @param baseUrl absolute URL of the folder holding the four files, e.g. `new URL('mnist/', location.href)`
 */
export async function fetchMnist(baseUrl: string | URL): Promise<FetchedDataset> {
  let base: URL;
  try {
    base = new URL(String(baseUrl).endsWith('/') ? String(baseUrl) : `${String(baseUrl)}/`);
  } catch {
    throw new DataOptionError(`baseUrl: expected an absolute URL (e.g. new URL('mnist/', location.href)), found ${String(baseUrl)}`, 'baseUrl');
  }
  const url = (role: keyof DatasetFiles): string => new URL(`${DATASET_FILE_NAMES[role]}.gz`, base).href;
  const files: DatasetFiles = {
    trainImages: url('trainImages'),
    trainLabels: url('trainLabels'),
    testImages: url('testImages'),
    testLabels: url('testLabels'),
  };
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(DATASET_ROLES.map((role) => fetchIdx(files[role])));
  return {
    train: imageSetFromIdx(trainImages!, trainLabels!, { imagesName: files.trainImages, labelsName: files.trainLabels }),
    test: imageSetFromIdx(testImages!, testLabels!, { imagesName: files.testImages, labelsName: files.testLabels }),
    files,
  };
}
