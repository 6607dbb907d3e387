import { DataOptionError } from './errors';
import type { IdxArray, IdxDtype } from './idx';

const CODES: Readonly<Record<IdxDtype, { code: number; bytes: number }>> = {
  uint8: { code: 0x08, bytes: 1 },
  int8: { code: 0x09, bytes: 1 },
  int16: { code: 0x0b, bytes: 2 },
  int32: { code: 0x0c, bytes: 4 },
  float32: { code: 0x0d, bytes: 4 },
  float64: { code: 0x0e, bytes: 8 },
};

/**
 * Serialises an array to the IDX format (the inverse of {@link readIdx}): big-endian header and elements.
 * Throws {@link DataOptionError} when the shape does not match the data length.
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const info = CODES[array.dtype];
  if (!info) throw new DataOptionError(`dtype: expected an IDX dtype, found ${String(array.dtype)}`, 'dtype');
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.shape.length < 1 || array.shape.length > 255 || count !== array.data.length) {
    throw new DataOptionError(
      `shape: expected 1-255 dimensions whose product is the data length ${array.data.length}, found [${array.shape.join(', ')}]`,
      'shape',
    );
  }
  const header = 4 + 4 * array.shape.length;
  const out = new Uint8Array(header + count * info.bytes);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = array.shape.length;
  array.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const data = array.data;
  for (let i = 0; i < count; i++) {
    const at = header + i * info.bytes;
    const v = data[i]!;
    switch (array.dtype) {
      case 'uint8':
        view.setUint8(at, v);
        break;
      case 'int8':
        view.setInt8(at, v);
        break;
      case 'int16':
        view.setInt16(at, v, false);
        break;
      case 'int32':
        view.setInt32(at, v, false);
        break;
      case 'float32':
        view.setFloat32(at, v, false);
        break;
      case 'float64':
        view.setFloat64(at, v, false);
        break;
    }
  }
  return out;
}
