import { readFile } from 'node:fs/promises';
import type { IdxArray } from './idx';
import { readIdx } from './read-idx';

/** Reads and parses an IDX file (raw or gzip) from disk; errors name the path. See {@link readIdx}. */
export async function readIdxFile(file: string): Promise<IdxArray> {
  return readIdx(await readFile(file), file);
}
