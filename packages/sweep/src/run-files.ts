import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Redis } from 'ioredis';
import { writeFileAtomicSync, writeJsonAtomicSync } from '@lenet/files';
import { RUN_FILES, RUN_LOCK_FILE } from '@lenet/train';

/** Every file under `dir`, by its path relative to `dir` (with `/`); not the run lock (it belongs to the process that wrote the folder). */
export function readRunFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && rel !== RUN_LOCK_FILE) files.set(rel, fs.readFileSync(path.join(dir, rel)));
    }
  };
  walk('');
  return files;
}

/** Stores the run folder `dir` in the Redis hash `key` (one field per file), replacing what was there. @returns the bytes stored */
export async function storeRunFiles(redis: Redis, key: string, dir: string): Promise<number> {
  const files = readRunFiles(dir);
  const fields: Record<string, Buffer> = Object.fromEntries(files);
  await redis.multi().del(key).hset(key, fields).exec();
  return [...files.values()].reduce((a, b) => a + b.length, 0);
}

/** A file name from Redis that stays inside the run folder (no absolute paths, no `..`, no empty parts). */
function safeRelative(name: string): boolean {
  const parts = name.split('/');
  return !path.isAbsolute(name) && !name.includes('\\') && parts.every((p) => p !== '' && p !== '.' && p !== '..');
}

/**
 * Writes the run folder stored under `key` into `dir` (each file atomically), and points its
 * `summary.json` at `dir` (the worker trained in a folder of its own).
 * @throws Error when nothing is stored under `key` or a file name would leave `dir`
 */
export async function restoreRunFiles(redis: Redis, key: string, dir: string): Promise<number> {
  const stored = await redis.hgetallBuffer(key);
  const names = Object.keys(stored);
  if (names.length === 0) throw new Error(`no run files stored in Redis under ${key} (removed?); remove the job to train it again`);
  const unsafe = names.find((n) => !safeRelative(n));
  if (unsafe !== undefined) throw new Error(`${key}: refusing file name ${JSON.stringify(unsafe)} outside the run folder`);
  let bytes = 0;
  for (const name of names) {
    const file = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    bytes += stored[name]!.length;
    if (name === RUN_FILES.summary) {
      const summary = JSON.parse(stored[name]!.toString('utf8')) as { runDir?: string; options?: { runDir?: string | null } };
      writeJsonAtomicSync(file, { ...summary, runDir: dir, ...(summary.options ? { options: { ...summary.options, runDir: dir } } : {}) });
    } else {
      writeFileAtomicSync(file, stored[name]!);
    }
  }
  return bytes;
}
