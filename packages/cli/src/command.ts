import type { FlagSpecs } from './flags/parse-flags';
import type { Io } from './io';

/** A `lenet` subcommand: one file under src/commands/. */
export interface Command {
  name: string;
  /** One line for the command table. */
  summary: string;
  /** Usage line after `lenet <name>`, e.g. `IMAGE... --model DIR [flags]`. */
  usage: string;
  flags: FlagSpecs;
  /** Parses and validates everything first (throwing UsageError), then does the work. */
  run(argv: readonly string[], io: Io): Promise<void>;
}
