import { DatasetFormatError, DatasetMismatchError, DataOptionError } from './errors';
import type { IdxArray } from './idx';

/** A labelled set of greyscale images. `images` holds `count * rows * cols` bytes, image after image, row-major. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** Number of classes of MNIST and Fashion-MNIST; labels are 0..NUM_CLASSES-1. */
export const NUM_CLASSES = 10;

/** Side of an MNIST / Fashion-MNIST image, in pixels. */
export const MNIST_IMAGE_SIZE = 28;

/** Options of {@link imageSetFromIdx}. */
export interface ImageSetCheck {
  /** Names used in error messages. */
  imagesName?: string;
  labelsName?: string;
  /** Required image size [rows, cols]; default 28 x 28 (MNIST). */
  imageSize?: readonly [number, number];
  /** Number of classes; every label must be below it. Default 10. */
  numClasses?: number;
}

/**
 * Checks a parsed image file and its label file against each other and builds an {@link ImageSet}.
 * Throws {@link DatasetFormatError} (wrong dtype, rank or image size, label out of range) or
 * {@link DatasetMismatchError} (image and label counts differ), naming the file.
 */
export function imageSetFromIdx(images: IdxArray, labels: IdxArray, check: ImageSetCheck = {}): ImageSet {
  const imagesName = check.imagesName ?? '<images>';
  const labelsName = check.labelsName ?? '<labels>';
  const [rows, cols] = check.imageSize ?? [MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE];
  const numClasses = check.numClasses ?? NUM_CLASSES;
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new DatasetFormatError(
      `${imagesName}: expected an image file (uint8, 3 dimensions N x rows x cols), ` + `found ${images.dtype} with shape [${images.shape.join(', ')}]`,
      imagesName,
    );
  }
  if (images.shape[1] !== rows || images.shape[2] !== cols) {
    throw new DatasetFormatError(`${imagesName}: wrong image size: expected ${rows} x ${cols}, found ${images.shape[1]} x ${images.shape[2]}`, imagesName);
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new DatasetFormatError(
      `${labelsName}: expected a label file (uint8, 1 dimension), found ${labels.dtype} with shape [${labels.shape.join(', ')}]`,
      labelsName,
    );
  }
  const count = images.shape[0]!;
  if (labels.shape[0] !== count) {
    throw new DatasetMismatchError(
      `${labelsName}: image/label count mismatch: ${imagesName} has ${count} images, ${labelsName} has ${labels.shape[0]} labels`,
      labelsName,
    );
  }
  const labelData = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (labelData[i]! >= numClasses) {
      throw new DatasetFormatError(`${labelsName}: label ${labelData[i]} at index ${i} is outside 0-${numClasses - 1}`, labelsName);
    }
  }
  return { images: images.data as Uint8Array, labels: labelData, count, rows, cols };
}

/** Throws {@link DataOptionError} unless `set`'s arrays agree with its count and image size. */
export function assertImageSet(set: ImageSet, name = 'set'): void {
  const pixels = set.rows * set.cols;
  if (!(Number.isInteger(set.count) && set.count >= 0 && pixels > 0)) {
    throw new DataOptionError(`${name}: expected count >= 0 and rows, cols >= 1, found ${set.count}, ${set.rows}, ${set.cols}`, name);
  }
  if (set.images.length !== set.count * pixels || set.labels.length !== set.count) {
    throw new DataOptionError(
      `${name}: expected ${set.count * pixels} image bytes and ${set.count} labels for ${set.count} images of ` +
        `${set.rows} x ${set.cols}, found ${set.images.length} and ${set.labels.length}`,
      name,
    );
  }
}
