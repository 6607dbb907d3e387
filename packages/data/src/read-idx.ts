import { gunzipSync } from 'node:zlib';
import { IdxFormatError } from './errors';
import { isGzip, parseIdx, type IdxArray } from './idx';

/**
 * Parses an IDX file, raw or gzip (starting 1f 8b, inflated synchronously with node:zlib). Node only; in a
 * browser use `decodeIdx`. Errors: {@link IdxFormatError} naming `name`, as {@link parseIdx}.
 *
 * @param bytes the file's contents, raw or gzip-compressed
 * @param name the file name used in error messages
 */
export function readIdx(bytes: Uint8Array, name = '<IDX bytes>'): IdxArray {
  if (!isGzip(bytes)) return parseIdx(bytes, name);
  let inflated: Buffer;
  try {
    inflated = gunzipSync(bytes);
  } catch (e) {
    throw new IdxFormatError(`${name}: starts with the gzip magic 1f 8b but does not inflate (${(e as Error).message})`, name);
  }
  return parseIdx(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength), name);
}
