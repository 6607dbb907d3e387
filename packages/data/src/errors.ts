/**
 * Typed errors of `@lenet/data`. Every message names the file (or option) and says what was expected and
 * what was found, so a user can act on it without reading the code.
 */

/** Base class of every error thrown by `@lenet/data`. `file` is the file (or option) the error is about. */
export class DataError extends Error {
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = new.target.name;
    this.file = file;
  }
}

/** The bytes are not a well-formed IDX file: wrong magic, unknown type code, bad dimensions, truncated body, trailing bytes, broken gzip. */
export class IdxFormatError extends DataError {}

/** A well-formed IDX file that is not what a dataset file must be: wrong dtype or rank, wrong image size, a label outside 0-9. */
export class DatasetFormatError extends DataError {}

/** Files that do not agree with each other or with the expected content: image/label count mismatch, SHA-256 mismatch. */
export class DatasetMismatchError extends DataError {}

/** The dataset files were found in none of the places `loadMnist` looks; the message lists every way to provide them. */
export class DatasetNotFoundError extends DataError {}

/** An option outside its domain (batch size, fraction, seed, indices...). `file` holds the option's name. */
export class DataOptionError extends DataError {}
