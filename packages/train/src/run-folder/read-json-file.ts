import * as fs from 'node:fs';

/** Builds the typed error a reader throws (ModelFileError, RunFolderError, ...); `message` says what is wrong with `file`. */
export type FileErrorFactory = (file: string, message: string) => Error;

/**
 * Reads a UTF-8 text file. A missing file is reported as `not found; <expected>` when `expected` is given
 * (it says what the file should have been); any other failure, or a missing file without `expected`, as
 * `cannot read: <reason>`.
 */
export function readTextFile(file: string, makeError: FileErrorFactory, expected?: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw makeError(file, code === 'ENOENT' && expected !== undefined ? `not found; ${expected}` : `cannot read: ${(error as Error).message}`);
  }
}

/**
 * Reads and parses a JSON file (see {@link readTextFile} for the read errors); text that does not parse is
 * reported as `not valid JSON (<reason>)`. The value is not checked: the caller validates its shape.
 */
export function readJsonFile(file: string, makeError: FileErrorFactory, expected?: string): unknown {
  const text = readTextFile(file, makeError, expected);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw makeError(file, `not valid JSON (${(error as Error).message})`);
  }
}
