import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_JSON, RUN_FILES, runLockHolder } from '@lenet/train';
import { UsageError } from './usage-error';

/** Where a trained model lives: the run folder (when known) and its `model/` folder. */
export interface ModelLocation {
  runDir: string | undefined;
  modelDir: string;
}

/**
 * Accepts a run folder (with `model/model.json`) or a model folder (with `model.json`); in the latter
 * case the run folder is its parent when that holds a `summary.json`.
 *
 * @throws UsageError naming the path and what was expected.
 */
export function locateModel(raw: string, cwd: string, flag = '--model'): ModelLocation {
  const abs = path.resolve(cwd, raw);
  if (!fs.existsSync(abs)) throw new UsageError(`${flag} ${raw}: no such directory`);
  if (!fs.statSync(abs).isDirectory()) throw new UsageError(`${flag} ${raw}: expected a run folder or a model folder, found a file`);
  if (fs.existsSync(path.join(abs, RUN_FILES.model, MODEL_JSON))) return { runDir: abs, modelDir: path.join(abs, RUN_FILES.model) };
  if (fs.existsSync(path.join(abs, MODEL_JSON))) {
    const parent = path.dirname(abs);
    return { runDir: fs.existsSync(path.join(parent, RUN_FILES.summary)) ? parent : undefined, modelDir: abs };
  }
  throw new UsageError(`${flag} ${raw}: no model found (expected model/model.json in a run folder, or model.json in a model folder)`);
}

/** A run folder for `plot`: must hold `metrics.jsonl`. */
export function locateRun(raw: string, cwd: string): string {
  const abs = path.resolve(cwd, raw);
  if (!fs.existsSync(abs)) throw new UsageError(`${raw}: no such run folder`);
  if (!fs.statSync(abs).isDirectory()) throw new UsageError(`${raw}: expected a run folder, found a file`);
  if (!fs.existsSync(path.join(abs, RUN_FILES.metrics))) throw new UsageError(`${raw}: not a run folder (expected ${RUN_FILES.metrics} in it)`);
  return abs;
}

/** Default run folder name: `runs/<model>-seed<seed>-<UTC yyyymmdd-hhmmss>`, relative to `cwd`. */
export function defaultRunDir(cwd: string, model: string, seed: number, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join(cwd, 'runs', `${model}-seed${seed}-${stamp}`);
}

/**
 * Checks an output folder before training (reads only): no live run may hold its lock; a fresh run needs it
 * absent or empty (an existing run is never overwritten); `--resume` needs a checkpoint in it. A lock left
 * by a killed run does not count.
 */
export function checkOutDir(raw: string, abs: string, resume: boolean): void {
  const exists = fs.existsSync(abs);
  if (exists && !fs.statSync(abs).isDirectory()) throw new UsageError(`--out ${raw}: expected a folder, found a file`);
  const holder = exists ? runLockHolder(abs) : null;
  if (holder !== null) throw new UsageError(`--out ${raw}: in use by another run (pid ${holder}); wait for it to finish, or stop it`);
  if (resume) {
    if (!exists || !fs.existsSync(path.join(abs, RUN_FILES.checkpoint)))
      throw new UsageError(`--resume: ${raw} holds no checkpoint/ to resume from (expected the run folder of an interrupted run)`);
    return;
  }
  if (exists && fs.readdirSync(abs).length > 0)
    throw new UsageError(`--out ${raw}: folder exists and is not empty; choose another --out, or add --resume to continue its run`);
}

/** `p` relative to `cwd` when inside it, else absolute (for messages). */
export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
