/**
 * Data-parallel training of one run over worker threads (`threads` > 1): each thread computes the gradient
 * of its share of the batch, the shares are summed in a fixed order (this thread's, then worker 1's, ...) and
 * this thread's optimizer applies the sum. Workers hold a replica of the model that receives the current
 * weights before every step, so the optimizer state, checkpoints, evaluation and SDLM's curvature stay in
 * one place. Each share's loss is its mean scaled by rows/batch, so the sum is the batch's mean loss and its
 * gradient: the same training as one thread at the same batch size, to float rounding. Deterministic per
 * seed (fixed shares, fixed summation order). Weights, images, labels and gradients travel through one
 * SharedArrayBuffer; messages only say "go" and "done".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { readInto } from '@lenet/core';
import { predictClasses, type Head, type LossOptions, type ModelName, type ModelOptions } from '@lenet/model';
import { transformBatch } from './distort';
import type { StepInput, StepOutcome } from './step-input';

/** What a worker needs to build its replica (structured-cloneable). */
export interface ReplicaSpec {
  model: ModelName;
  modelOptions: ModelOptions;
  loss: LossOptions;
  /** The backend the main thread runs on (tf.getBackend()). */
  backend: string;
}

/** Where each worker's data lives in the shared buffer (offsets in 4-byte elements). */
export interface SharedLayout {
  /** Element count of every trainable variable, in model.trainableWeights order. */
  sizes: number[];
  params: number;
  maxRows: number;
  pixels: number;
  /** Per worker: images, labels, gradients offsets. */
  workers: Array<{ images: number; labels: number; grads: number }>;
  totalElements: number;
}

/** workerData of gradient-worker.ts. */
export interface GradientWorkerInit {
  spec: ReplicaSpec;
  buffer: SharedArrayBuffer;
  layout: SharedLayout;
  index: number;
}

/** Messages between this thread and a gradient worker. */
export type ToWorker = { type: 'step'; rows: number; scale: number };
export type FromWorker = { type: 'ready' } | { type: 'done'; loss: number; correct: number } | { type: 'error'; message: string };

/** The batch rows of each of `parts` threads: as equal as possible, the first ones one larger. */
export function splitRows(batch: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, k) => Math.floor(batch / parts) + (k < batch % parts ? 1 : 0));
}

/** Offsets of the weights (at 0) and of every worker's region. */
export function sharedLayout(sizes: number[], workers: number, maxRows: number, pixels: number): SharedLayout {
  const params = sizes.reduce((a, b) => a + b, 0);
  let at = params;
  const regions = Array.from({ length: workers }, () => {
    const r = { images: at, labels: at + maxRows * pixels, grads: at + maxRows * pixels + maxRows };
    at = r.grads + params;
    return r;
  });
  return { sizes, params, maxRows, pixels, workers: regions, totalElements: at };
}

/**
 * The gradient of one share: loss = mean loss of the rows x `scale`, gradients written into `out` (one
 * Float32Array view per variable). Returns the scaled loss and the correct count, in one read-back.
 */
export function shareGradient(
  model: tf.LayersModel,
  variables: tf.Variable[],
  lossFn: (y: tf.Tensor1D, out: tf.Tensor2D) => tf.Scalar,
  head: Head,
  share: { images: Float32Array; labels: Int32Array; rows: number; side: number; scale: number },
  out: Float32Array[],
): { loss: number; correct: number } {
  return tf.tidy(() => {
    const x = tf.tensor4d(share.images, [share.rows, share.side, share.side, 1]);
    const y = tf.tensor1d(share.labels, 'int32');
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const outputs = model.apply(x, { training: true }) as tf.Tensor2D;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(predictClasses(outputs, head), y), 'float32')) as tf.Scalar);
      return tf.mul(lossFn(y, outputs), share.scale) as tf.Scalar;
    }, variables);
    variables.forEach((v, i) => {
      const g = grads[v.name];
      if (g === undefined) out[i]!.fill(0);
      else readInto(g, out[i]!);
    });
    const both = tf.stack([value, correct!]).dataSync();
    correct!.dispose();
    return { loss: both[0]!, correct: both[1]! };
  });
}

/** Views of `sizes` consecutive float32 arrays starting at `offset` (elements) of a buffer. */
export function variableViews(buffer: SharedArrayBuffer, offset: number, sizes: number[]): Float32Array[] {
  let at = offset;
  return sizes.map((n) => {
    const v = new Float32Array(buffer, at * 4, n);
    at += n;
    return v;
  });
}

/** The built worker entry (dist/loop/gradient-worker.js); from src/ (jest, ts-node) the built one is used. */
function workerScript(): string {
  const candidates = [path.join(__dirname, 'gradient-worker.js'), path.resolve(__dirname, '..', '..', 'dist', 'loop', 'gradient-worker.js')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (found === undefined) throw new Error(`${candidates[1]}: not found; expected the built gradient worker of @lenet/train (run: npx nx run train:build)`);
  return found;
}

/** A pending reply of one worker; rejected when the worker fails or exits. */
interface Pending {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
}

/** The worker threads of one data-parallel run (see the module comment). */
export class GradientWorkers {
  private readonly pending: Array<Pending | null>;
  private failure: Error | null = null;
  private closing = false;
  private readonly weights: Float32Array[];
  private readonly own: Float32Array[];
  private readonly f32: Float32Array;
  private readonly i32: Int32Array;

  private constructor(
    /** The worker threads (exposed for tests that kill one). */
    readonly threads: Worker[],
    private readonly layout: SharedLayout,
    buffer: SharedArrayBuffer,
  ) {
    this.pending = threads.map(() => null);
    this.weights = variableViews(buffer, 0, layout.sizes);
    this.own = layout.sizes.map((n) => new Float32Array(n));
    this.f32 = new Float32Array(buffer);
    this.i32 = new Int32Array(buffer);
    threads.forEach((w, k) => {
      w.on('message', (m: FromWorker) => {
        if (m.type === 'error') return this.fail(new Error(`data-parallel worker ${k + 1} failed: ${m.message}`));
        const p = this.pending[k];
        this.pending[k] = null;
        p?.resolve(m);
      });
      w.on('error', (e) => this.fail(new Error(`data-parallel worker ${k + 1} failed: ${e.message}`, { cause: e })));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`data-parallel worker ${k + 1} exited (code ${code}) during training; the run cannot continue without it`));
      });
    });
  }

  /** Starts `count` workers with replicas of the model and waits until each is ready. */
  static async start(count: number, spec: ReplicaSpec, variables: tf.Variable[], batchSize: number, side: number): Promise<GradientWorkers> {
    const maxRows = Math.ceil(batchSize / (count + 1));
    const layout = sharedLayout(
      variables.map((v) => v.size),
      count,
      maxRows,
      side * side,
    );
    const buffer = new SharedArrayBuffer(layout.totalElements * 4);
    const script = workerScript();
    const threads = Array.from(
      { length: count },
      (_, k) => new Worker(script, { workerData: { spec, buffer, layout, index: k } satisfies GradientWorkerInit }),
    );
    const workers = new GradientWorkers(threads, layout, buffer);
    try {
      await Promise.all(threads.map((_, k) => workers.reply(k)));
    } catch (error) {
      await workers.close();
      throw error;
    }
    return workers;
  }

  private fail(error: Error): void {
    if (this.failure === null) this.failure = error;
    for (const [k, p] of this.pending.entries()) {
      this.pending[k] = null;
      p?.reject(this.failure);
    }
  }

  private reply(k: number): Promise<FromWorker> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pending[k] = { resolve, reject }));
  }

  /**
   * One optimizer step on a batch over this thread and the workers; returns the batch's mean loss and
   * correct count (as the single-thread step does).
   */
  async step({ model, optimizer, variables, lossFn, head, batch: input, distortion }: StepInput): Promise<StepOutcome> {
    if (this.failure !== null) throw this.failure;
    const { size, side } = input;
    const pixels = side * side;
    const images =
      distortion === null
        ? input.images
        : tf.tidy(
            () => transformBatch(tf.tensor4d(input.images, [size, side, side, 1]), distortion.transforms, distortion.background).dataSync() as Float32Array,
          );
    variables.forEach((v, i) => readInto(v, this.weights[i]!));
    const rows = splitRows(size, this.threads.length + 1);
    const starts = rows.map((_, k) => rows.slice(0, k).reduce((a, b) => a + b, 0));
    const replies: Array<Promise<FromWorker> | null> = this.threads.map((w, j) => {
      const k = j + 1;
      if (rows[k] === 0) return null;
      const region = this.layout.workers[j]!;
      this.f32.set(images.subarray(starts[k]! * pixels, (starts[k]! + rows[k]!) * pixels), region.images);
      this.i32.set(input.labels.subarray(starts[k]!, starts[k]! + rows[k]!), region.labels);
      const reply = this.reply(j);
      w.postMessage({ type: 'step', rows: rows[k]!, scale: rows[k]! / size } satisfies ToWorker);
      return reply;
    });
    // Never left unhandled when this thread's own share throws first.
    for (const r of replies) r?.catch(() => undefined);
    const mine = shareGradient(
      model,
      variables,
      lossFn,
      head,
      { images: images.subarray(0, rows[0]! * pixels), labels: input.labels.subarray(0, rows[0]!), rows: rows[0]!, side, scale: rows[0]! / size },
      this.own,
    );
    let loss = mine.loss;
    let correct = mine.correct;
    const total = this.own;
    for (const [j, reply] of replies.entries()) {
      if (reply === null) continue;
      const m = await reply;
      if (m.type !== 'done') throw new Error(`data-parallel worker ${j + 1}: unexpected '${m.type}' reply`);
      loss = Math.fround(loss + m.loss);
      correct += m.correct;
      const theirs = variableViews(this.f32.buffer as SharedArrayBuffer, this.layout.workers[j]!.grads, this.layout.sizes);
      total.forEach((t, i) => {
        const g = theirs[i]!;
        for (let e = 0; e < t.length; e++) t[e] += g[e]!; // Float32Array stores round to float32: fixed order
      });
    }
    tf.tidy(() => optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: tf.tensor(total[i]!, v.shape) }))));
    return { loss, correct };
  }

  /** Stops every worker (idempotent). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}
