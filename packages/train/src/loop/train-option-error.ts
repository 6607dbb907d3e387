/** A training option outside its domain; the message names the option, what was expected and what was found. */
export class TrainOptionError extends Error {
  override name = 'TrainOptionError';
  constructor(
    /** The option (flag) at fault, e.g. `batchSize`. */
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}
