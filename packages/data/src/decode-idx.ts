import { IdxFormatError } from './errors';
import { isGzip, parseIdx, type IdxArray } from './idx';

/**
 * Inflates gzip bytes with the web-standard `DecompressionStream` (browsers, Web Workers, Node >= 18), so no
 * zlib binding or library is needed. Throws {@link IdxFormatError} naming `name` when the stream is broken.
 */
export async function inflateGzip(bytes: Uint8Array, name = '<gzip bytes>'): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new IdxFormatError(`${name}: starts with the gzip magic 1f 8b but does not inflate (${(e as Error).message})`, name);
  }
}

/**
 * Parses an IDX file, raw or gzip, with web-standard APIs only: the browser counterpart of `readIdx` (also
 * works in Node). Same result and errors as {@link parseIdx}.
 *
 * @param bytes the file's contents, raw or gzip-compressed
 * @param name the file name used in error messages
 */
export async function decodeIdx(bytes: Uint8Array | ArrayBuffer, name = '<IDX bytes>'): Promise<IdxArray> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return parseIdx(isGzip(view) ? await inflateGzip(view, name) : view, name);
}
