import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error';

/** One flag of a command: its type, and for `--help` a value name and a description. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Shown in help, e.g. 'N' for `--epochs N`. */
  value?: string;
  description: string;
  multiple?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** What {@link parseFlags} returns: flag values by name and positional arguments. */
export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * `node:util` parseArgs in strict mode, with its errors (unknown flag, missing value, a value given to
 * a boolean flag) turned into a {@link UsageError} that names the flag and the command.
 */
export function parseFlags(command: string, argv: readonly string[], specs: FlagSpecs, allowPositionals: boolean): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, s] of Object.entries(specs)) options[name] = { type: s.type, ...(s.multiple ? { multiple: true } : {}) };
  options.help = { type: 'boolean' };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
    return { values: values as ParsedFlags['values'], positionals };
  } catch (error) {
    const e = error as Error & { code?: string };
    throw new UsageError(`${command}: ${describeParseError(e, specs)}`);
  }
}

function describeParseError(e: Error & { code?: string }, specs: FlagSpecs): string {
  const flag = /'(-[^' ]*)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const hint = flag ? nearest(flag.replace(/^-+/, ''), Object.keys(specs)) : undefined;
      return `unknown flag ${flag ?? ''}${hint ? ` (did you mean --${hint}?)` : ''}; see --help`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return flag && specs[flag.replace(/^-+/, '').split(' ')[0]]?.type === 'boolean'
        ? `${flag} takes no value`
        : `${flag ?? 'a flag'} expects a value${flag ? ` (${specs[flag.replace(/^-+/, '').split(' ')[0]]?.value ?? 'VALUE'})` : ''}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(e.message)?.[1] ?? ''}; this command takes flags only`;
    default:
      return e.message;
  }
}

/** The candidate closest to `word` by edit distance, when close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Help text for a command's flags, one per line, aligned. */
export function formatFlagHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => [`  --${name}${s.value ? ` ${s.value}` : ''}`, s.description]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => a.padEnd(width) + b).join('\n');
}
