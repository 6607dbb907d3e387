import type { Command } from './command';
import { boostCommand } from './commands/boost';
import { evalCommand } from './commands/eval';
import { experimentCommand } from './commands/experiment';
import { plotCommand } from './commands/plot';
import { predictCommand } from './commands/predict';
import { reproduceCommand } from './commands/reproduce';
import { trainCommand } from './commands/train';
import { workerCommand } from './commands/worker';
import { nearest } from './flags/parse-flags';
import type { Io } from './io';
import { processIo } from './io';
import { EXIT, UsageError } from './usage-error';
import { isUserError } from './user-error';

/** Every `lenet` command, in the order of the help text. */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  evalCommand,
  plotCommand,
  predictCommand,
  experimentCommand,
  reproduceCommand,
  boostCommand,
  workerCommand,
];

/** The top-level help: the commands table. */
export function usageText(): string {
  const width = Math.max(...COMMANDS.map((c) => `lenet ${c.name} ${c.usage}`.length)) + 2;
  return [
    'Usage: lenet <command> [flags]      (lenet <command> --help for its flags)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`lenet ${c.name} ${c.usage}`.padEnd(width)}${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 runtime failure, 2 usage error (bad flag, value, file or data; nothing written).',
  ].join('\n');
}

/**
 * Runs `lenet` with `argv` (without node and the script). Returns the exit code: 0, 1 for a runtime
 * failure, 2 for a usage error (one line `lenet: <message>` on stderr, no stack).
 */
export async function runCli(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      io.stderr.write(`${usageText()}\n`);
      return EXIT.usage;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(`${usageText()}\n`);
      return EXIT.ok;
    }
    if (name === '--version') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package.json beside dist/, as installed; loaded only for --version
      io.stdout.write(`${(require('../package.json') as { version: string }).version}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
      const hint = nearest(
        name,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; expected one of ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    }
    await command.run(rest, io);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * Prints an error the way `lenet` does and returns the exit code: a user's mistake (see isUserError) is
 * one line and exit 2; anything else is a runtime failure, one line and exit 1 (the stack with LENET_DEBUG).
 */
export function reportError(error: unknown, io: Pick<Io, 'stderr'>, debug = Boolean(process.env.LENET_DEBUG)): number {
  const e = error instanceof Error ? error : new Error(String(error));
  // One line: some package errors put hints on further lines; they are joined.
  const line = e.message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  io.stderr.write(`lenet: ${line}\n`);
  if (isUserError(e)) return EXIT.usage;
  if (debug) io.stderr.write(`${e.stack ?? ''}\n`);
  return EXIT.runtime;
}
