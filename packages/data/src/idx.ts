import { IdxFormatError } from './errors';

/** Element types of the IDX format. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A parsed IDX file: element type, dimensions (outermost first) and the elements in row-major order. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

interface TypeInfo {
  dtype: IdxDtype;
  bytes: number;
}

/** IDX type codes (third byte of the magic number), as in LeCun's format description. */
const TYPE_CODES: ReadonlyMap<number, TypeInfo> = new Map([
  [0x08, { dtype: 'uint8', bytes: 1 }],
  [0x09, { dtype: 'int8', bytes: 1 }],
  [0x0b, { dtype: 'int16', bytes: 2 }],
  [0x0c, { dtype: 'int32', bytes: 4 }],
  [0x0d, { dtype: 'float32', bytes: 4 }],
  [0x0e, { dtype: 'float64', bytes: 8 }],
]);

/**
 * Largest body accepted, in bytes. A header claiming more is corrupt (or hostile): refusing it up front
 * gives a clear error instead of an allocation failure. 2^31-1 is also V8's typed-array byte limit on
 * many builds, and ~35x the largest MNIST-style file.
 */
export const MAX_IDX_BODY_BYTES = 0x7fff_ffff;

const hex = (n: number): string => '0x' + n.toString(16).padStart(2, '0');

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses the bytes of an uncompressed IDX file (the format of MNIST, Fashion-MNIST, EMNIST...): magic
 * 0x0000, one type-code byte (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), one
 * byte with the number of dimensions, big-endian uint32 dimensions, then the big-endian elements. Pure and
 * runtime-free (Node and browsers); gzip is inflated before it by `readIdx` (Node) or `decodeIdx` (anywhere).
 *
 * The result owns its memory (never a view into `raw`). On any defect it throws {@link IdxFormatError}
 * naming `name` and what was expected vs found; nothing is returned half-parsed.
 *
 * @param raw the file's uncompressed contents
 * @param name the file name used in error messages
 */
export function parseIdx(raw: Uint8Array, name = '<IDX bytes>'): IdxArray {
  if (raw.length < 4) {
    throw new IdxFormatError(`${name}: truncated header: expected at least 4 bytes, found ${raw.length}`, name);
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new IdxFormatError(`${name}: wrong magic: expected the first two bytes 00 00 (IDX), found ${hex(raw[0]!)} ${hex(raw[1]!)}`, name);
  }
  const type = TYPE_CODES.get(raw[2]!);
  if (!type) {
    throw new IdxFormatError(`${name}: unknown IDX type code ${hex(raw[2]!)}: expected one of 0x08 0x09 0x0b 0x0c 0x0d 0x0e`, name);
  }
  const rank = raw[3]!;
  if (rank === 0) {
    throw new IdxFormatError(`${name}: expected at least 1 dimension, found 0`, name);
  }
  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) {
    throw new IdxFormatError(`${name}: truncated header: ${rank} dimensions need ${headerBytes} header bytes, found ${raw.length}`, name);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  let bodyBytes = type.bytes;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    if (size === 0) {
      throw new IdxFormatError(`${name}: dimension ${d} is 0: expected every dimension >= 1`, name);
    }
    shape.push(size);
    bodyBytes *= size; // exact: stays far below 2^53 until it passes the limit below
    if (bodyBytes > MAX_IDX_BODY_BYTES) {
      throw new IdxFormatError(
        `${name}: absurd dimensions [${shape.join(', ')}${d < rank - 1 ? ', ...' : ''}]: ` +
          `expected a body of at most ${MAX_IDX_BODY_BYTES} bytes, the header claims more`,
        name,
      );
    }
  }
  const found = raw.length - headerBytes;
  if (found < bodyBytes) {
    throw new IdxFormatError(`${name}: truncated body: shape [${shape.join(', ')}] of ${type.dtype} needs ${bodyBytes} bytes, found ${found}`, name);
  }
  if (found > bodyBytes) {
    throw new IdxFormatError(
      `${name}: ${found - bodyBytes} trailing bytes: shape [${shape.join(', ')}] of ${type.dtype} needs ` + `${bodyBytes} body bytes, found ${found}`,
      name,
    );
  }
  return { dtype: type.dtype, shape, data: decodeBody(view, headerBytes, bodyBytes / type.bytes, type.dtype) };
}

/** Decodes `count` big-endian elements starting at `offset` into a fresh typed array. */
function decodeBody(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxArray['data'] {
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(start, start + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(start, start + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
