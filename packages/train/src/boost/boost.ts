/**
 * Boosting as the paper's Boosted LeNet-4 (LeCun et al. 1998, pp. 13-14, after Drucker, Schapire and
 * Simard 1993): three nets, the second trained on patterns the first filters, the third on patterns the
 * first two disagree on, their outputs added at test time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { DATASET_FILE_NAMES, deriveSeed, encodeIdx, shuffledIndices, type ImageSet } from '@lenet/data';
import { writeFileAtomicSync, writeJsonAtomicSync } from '@lenet/files';
import { evaluate, type Evaluation } from '../loop/evaluate';
import { loadSets, train, type TrainResult } from '../loop/train';
import { resolveTrainOptions, type TrainOptions } from '../loop/train-options';
import { TrainOptionError } from '../loop/train-option-error';
import { classifyPool, paperPoolSize, poolLabels, renderPaperPatterns } from './paper-patterns';

/**
 * The paper's Boosted LeNet-4: each net a LeNet-4 trained with SDLM and its schedule for 20 passes, the first
 * on the distorted set (60,000 + 540,000) with no validation part. Given training options override these.
 */
export const BOOST_TRAIN_DEFAULTS = {
  model: 'lenet4',
  optimizer: 'sdlm',
  schedule: 'paper',
  valFraction: 0,
  distort: 'paper',
  epochs: 20,
} as const satisfies TrainOptions;

/** Options of {@link trainBoosted}. */
export interface BoostOptions {
  /**
   * Each net's training options over {@link BOOST_TRAIN_DEFAULTS}: the first trains on them as given (they
   * must keep the paper's distorted set, `distort: 'paper'`, and its protocol, `valFraction: 0`: the pool
   * the filters draw from), the second and third on the patterns selected for them, undistorted, with the
   * same options otherwise. `runDir`, `resume` and `keepModel` are the booster's.
   */
  train?: Partial<TrainOptions>;
  /** Folder of the three run folders (net-1, net-2, net-3), the selected sets (net-2-data, net-3-data) and boost.json. */
  out: string;
  /** Continue interrupted nets from their checkpoints; finished nets are only reloaded. */
  resume?: boolean;
  /** Called before each stage, for progress output. */
  onStage?: (stage: BoostStage) => void;
}

/** A stage of {@link trainBoosted}: training net `net`, or selecting its training set. */
export interface BoostStage {
  net: 1 | 2 | 3;
  kind: 'select' | 'train';
  /** Patterns in the net's training set (known once selected). */
  patterns?: number;
}

/** What each net trained on and scored. */
export interface BoostedNet {
  runDir: string;
  /** Its training seed (net 1: the given one; the pool is drawn by that one). */
  seed: number;
  /** Training patterns of one pass. */
  patterns: number;
  testAccuracy: number;
  /** Its passes' training time, those of earlier invocations (resumed, or a finished net reloaded) included. */
  trainSeconds: number;
}

/** What {@link trainBoosted} measures. */
export interface BoostResult {
  nets: [BoostedNet, BoostedNet, BoostedNet];
  /** The committee on the test set: the three nets' outputs added. */
  test: Evaluation;
  /** Pool size, and the patterns net 1 got wrong (of which net 2 saw all, beside as many it got right). */
  selection: { pool: number; firstWrong: number; secondSet: number; disagreements: number };
}

/** PRNG stream of the patterns net 1 got right that join net 2's set. */
const BOOST_STREAM = 0xb005;
/** PRNG stream of the seeds of nets 2 and 3. */
const NET_STREAM = 0xb006;

/** File the booster writes its result to in `out`. */
export const BOOST_FILE = 'boost.json';

/**
 * Trains the paper's boosted committee. Net 1 trains on the paper's distorted set; net 2 on all the patterns
 * of that set (60,000 + 540,000) net 1 gets wrong plus as many, drawn at random, it gets right (the paper's
 * 50/50 mix); net 3 on the patterns outside net 2's set that nets 1 and 2 classify differently. Each net is a
 * run folder of its own. Deterministic, like {@link train}.
 */
export async function trainBoosted(options: BoostOptions): Promise<BoostResult> {
  const given: TrainOptions = { ...BOOST_TRAIN_DEFAULTS, ...options.train };
  const o = resolveTrainOptions(given);
  if (o.distort !== 'paper') throw new TrainOptionError('distort', `boosting filters the paper's distorted set: expected 'paper', found ${String(o.distort)}`);
  if (o.valFraction !== 0) throw new TrainOptionError('valFraction', `boosting follows the paper's protocol: expected 0, found ${o.valFraction}`);
  const sets = await loadSets(o);
  const evaluation = { head: o.modelOptions.head, layout: { normalization: o.normalization, size: o.modelOptions.input }, loss: o.loss };
  const models: tf.LayersModel[] = [];
  const nets: BoostedNet[] = [];
  // Nets 2 and 3 read their selected patterns (already distorted) from a folder of their own, whole.
  const { trainLimit: _limit, ...later } = given;
  const trainNet = async (net: 1 | 2 | 3, patterns: ImageSet | null): Promise<void> => {
    options.onStage?.({ net, kind: 'train', patterns: patterns?.count ?? sets.train.count });
    const runDir = path.join(options.out, `net-${net}`);
    // Each later net starts from weights of its own (and its own shuffles).
    const own: TrainOptions =
      patterns === null
        ? given
        : {
            ...later,
            seed: deriveSeed(o.seed, NET_STREAM, net),
            distort: false,
            dataDir: writeSets(path.join(options.out, `net-${net}-data`), patterns, sets.test),
          };
    const result: TrainResult = await train({ ...own, runDir, resume: options.resume === true, keepModel: true });
    models.push(result.model!);
    nets.push({
      runDir,
      seed: result.options.seed,
      patterns: result.counts.train,
      testAccuracy: result.test.accuracy,
      trainSeconds: result.epochs.reduce((sum, e) => sum + e.seconds, 0),
    });
  };
  try {
    await trainNet(1, null);
    options.onStage?.({ net: 2, kind: 'select' });
    const labels = poolLabels(sets.train);
    const first = await classifyPool(models[0]!, sets.train, o.seed, evaluation);
    const firstWrong = first.reduce((n, p, id) => n + (p === labels[id] ? 0 : 1), 0);
    const second = secondSet(first, labels, o.seed);
    if (second.length === 0)
      throw new TrainOptionError('train', `net 1 classifies every one of the ${labels.length} patterns correctly: there is nothing to boost`);
    await trainNet(2, renderPaperPatterns(sets.train, second, o.seed));
    options.onStage?.({ net: 3, kind: 'select' });
    const other = await classifyPool(models[1]!, sets.train, o.seed, evaluation);
    const third = disagreements(first, other, second);
    if (third.length === 0) throw new TrainOptionError('train', "nets 1 and 2 agree on every pattern outside net 2's set: net 3 has nothing to learn");
    await trainNet(3, renderPaperPatterns(sets.train, third, o.seed));
    const test = await evaluate(models, sets.test, evaluation);
    const result: BoostResult = {
      nets: nets as BoostResult['nets'],
      test,
      selection: { pool: paperPoolSize(sets.train), firstWrong, secondSet: second.length, disagreements: third.length },
    };
    const { misclassified: _m, ...scores } = test;
    writeJsonAtomicSync(path.join(options.out, BOOST_FILE), { nets: result.nets, selection: result.selection, test: scores });
    return result;
  } finally {
    for (const m of models) m.dispose();
  }
}

/**
 * Net 2's patterns, ascending: every pattern net 1 gets wrong and as many of those it gets right, drawn by
 * `seed` (all of them when it gets more wrong than right).
 */
export function secondSet(predicted: Uint8Array, labels: Uint8Array, seed: number): Uint32Array {
  const wrong: number[] = [];
  const right: number[] = [];
  predicted.forEach((p, id) => (p === labels[id] ? right : wrong).push(id));
  const n = Math.min(wrong.length, right.length);
  const order = shuffledIndices(right.length, deriveSeed(seed, BOOST_STREAM));
  const picked = Array.from(order.subarray(0, n), (k) => right[k]!);
  const wrongPicked = wrong.length > n ? Array.from(shuffledIndices(wrong.length, deriveSeed(seed, BOOST_STREAM, 1)).subarray(0, n), (k) => wrong[k]!) : wrong;
  return Uint32Array.from([...wrongPicked, ...picked]).sort();
}

/** Net 3's patterns, ascending: those outside `exclude` (net 2's, sorted) on which the two nets' classes differ. */
export function disagreements(first: Uint8Array, second: Uint8Array, exclude: Uint32Array): Uint32Array {
  const excluded = new Set(exclude);
  const ids: number[] = [];
  first.forEach((p, id) => {
    if (p !== second[id] && !excluded.has(id)) ids.push(id);
  });
  return Uint32Array.from(ids);
}

/** Writes a net's training set beside the test set as the four IDX files `loadMnist({ dir })` reads; returns `dir`. */
function writeSets(dir: string, trainSet: ImageSet, testSet: ImageSet): string {
  const files: [string, ImageSet, 'images' | 'labels'][] = [
    [DATASET_FILE_NAMES.trainImages, trainSet, 'images'],
    [DATASET_FILE_NAMES.trainLabels, trainSet, 'labels'],
    [DATASET_FILE_NAMES.testImages, testSet, 'images'],
    [DATASET_FILE_NAMES.testLabels, testSet, 'labels'],
  ];
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, set, part] of files) {
    const shape = part === 'images' ? [set.count, set.rows, set.cols] : [set.count];
    writeFileAtomicSync(path.join(dir, name), encodeIdx({ dtype: 'uint8', shape, data: set[part] }));
  }
  return dir;
}
