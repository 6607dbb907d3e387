/**
 * Thrown when a backend that was asked for by name cannot run here: its optional native package is not
 * installed or fails to load. The message says what was asked for, what went wrong and how to install it.
 */
export class BackendUnavailableError extends Error {
  /** The backend that was asked for, e.g. `tensorflow-gpu`. */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}
