import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../usage-error';

/** An integer flag in [min, max]; `undefined` when not given. */
export function intFlag(name: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  const v = /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
  }
  return v;
}

/** A number flag in the interval given (`minOpen`/`maxOpen` exclude the bound); `undefined` when not given. */
export function numberFlag(name: string, raw: unknown, range: { min: number; max: number; minOpen?: boolean; maxOpen?: boolean }): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  const v = s === '' ? NaN : Number(s);
  const ok = Number.isFinite(v) && (range.minOpen ? v > range.min : v >= range.min) && (range.maxOpen ? v < range.max : v <= range.max);
  if (!ok) {
    const lo = range.minOpen ? `greater than ${range.min}` : `at least ${range.min}`;
    const hi = range.maxOpen ? `less than ${range.max}` : `at most ${range.max}`;
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected a number ${lo} and ${hi}`);
  }
  return v;
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
