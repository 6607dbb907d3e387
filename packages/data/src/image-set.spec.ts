import { DatasetFormatError, DatasetMismatchError, DataOptionError } from './errors';
import type { IdxArray } from './idx';
import { assertImageSet, imageSetFromIdx } from './image-set';

const images = (n: number, rows = 28, cols = 28): IdxArray => ({
  dtype: 'uint8',
  shape: [n, rows, cols],
  data: new Uint8Array(n * rows * cols),
});
const labels = (values: number[]): IdxArray => ({ dtype: 'uint8', shape: [values.length], data: Uint8Array.from(values) });
const names = { imagesName: 'imgs.idx', labelsName: 'lbls.idx' };

function expectError(fn: () => unknown, type: new (...args: never[]) => Error, file: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  expect((caught as Error).message).toContain(file);
  expect((caught as Error).message).toMatch(pattern);
}

describe('imageSetFromIdx', () => {
  it('builds a set from matching image and label files', () => {
    const set = imageSetFromIdx(images(3), labels([0, 9, 4]), names);
    expect(set.count).toBe(3);
    expect([set.rows, set.cols]).toEqual([28, 28]);
    expect(Array.from(set.labels)).toEqual([0, 9, 4]);
    expect(set.images.length).toBe(3 * 784);
  });

  it('rejects an image/label count mismatch', () => {
    expectError(() => imageSetFromIdx(images(3), labels([0, 1]), names), DatasetMismatchError, 'lbls.idx', /imgs\.idx has 3 images, lbls\.idx has 2 labels/);
  });

  it('rejects a label outside 0-9', () => {
    expectError(() => imageSetFromIdx(images(3), labels([0, 10, 1]), names), DatasetFormatError, 'lbls.idx', /label 10 at index 1 is outside 0-9/);
  });

  it('rejects the wrong image size', () => {
    expectError(() => imageSetFromIdx(images(2, 32, 32), labels([0, 1]), names), DatasetFormatError, 'imgs.idx', /expected 28 x 28, found 32 x 32/);
  });

  it('rejects a label file given as images and other dtypes or ranks', () => {
    expectError(() => imageSetFromIdx(labels([0, 1]), labels([0, 1]), names), DatasetFormatError, 'imgs.idx', /expected an image file/);
    const floats: IdxArray = { dtype: 'float32', shape: [2], data: new Float32Array(2) };
    expectError(() => imageSetFromIdx(images(2), floats, names), DatasetFormatError, 'lbls.idx', /expected a label file.*found float32/);
  });
});

describe('assertImageSet', () => {
  it('rejects arrays that disagree with count and size', () => {
    const set = { images: new Uint8Array(784 * 2), labels: new Uint8Array(3), count: 3, rows: 28, cols: 28 };
    expect(() => assertImageSet(set, 'mine')).toThrow(DataOptionError);
    expect(() => assertImageSet(set, 'mine')).toThrow(/mine: expected 2352 image bytes and 3 labels/);
  });
});
