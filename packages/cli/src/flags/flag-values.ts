import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeRange, inRange, type NumericRange } from '@lenet/train';
import { UsageError } from '../usage-error';

/**
 * A numeric flag in `range` (the packages' own ranges, e.g. TRAIN_OPTION_RANGES.epochs); `undefined` when
 * not given. The message names the flag and the range, in the package's words.
 */
export function rangeFlag(name: string, raw: unknown, range: NumericRange): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  const syntaxOk = range.integer ? /^[+-]?\d+$/.test(s) : s !== '';
  if (!syntaxOk || !inRange(Number(s), range)) throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected ${describeRange(range)}`);
  return Number(s);
}

/** A flag whose value is one of `choices`; `undefined` when not given. */
export function choiceFlag<T extends string>(name: string, raw: unknown, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected one of ${choices.join(', ')}`);
  return raw as T;
}

/** A flag that must name an existing directory; returns its absolute path. */
export function existingDir(what: string, raw: string, cwd: string): string {
  const abs = path.resolve(cwd, raw);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`${what} ${raw}: no such directory`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${what} ${raw}: expected a directory, found a file`);
  return abs;
}

/** A path that must name a readable file; returns its absolute path. */
export function readableFile(what: string, raw: string, cwd: string): string {
  const abs = path.resolve(cwd, raw);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`${what}${raw}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${what}${raw}: expected a file, found a directory`);
  try {
    fs.accessSync(abs, fs.constants.R_OK);
  } catch {
    throw new UsageError(`${what}${raw}: cannot be read (permission denied)`);
  }
  return abs;
}
