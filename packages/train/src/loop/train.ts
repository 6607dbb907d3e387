/**
 * The seed's `train_model` + `test_model`, in TF.js: a custom loop over seeded mini-batches with per-step
 * and per-epoch metrics, validation each epoch, the test evaluation at the end, and (with a run folder)
 * logs, the best model, a checkpoint each epoch and resume.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import {
  backgroundValue,
  batches,
  deriveSeed,
  epochOrder,
  firstExamples,
  loadMnist,
  normalizeImages,
  numBatches,
  splitTrainVal,
  subset,
  type ImageLayout,
  type ImageSet,
} from '@lenet/data';
import { createLoss, createModel, predictClasses } from '@lenet/model';
import { loadCheckpoint, saveBestModel, saveCheckpoint, type CheckpointableOptimizer } from '../run-folder/checkpoint';
import { distortionTransforms, paperDistortionTransforms, transformBatch } from './distort';
import { evaluate, type Evaluation } from './evaluate';
import { GradientWorkers } from './data-parallel';
import { createOptimizer, setLearningRate } from './optimizers';
import { estimateCurvature } from './optimizers/estimate-curvature';
import { SdlmOptimizer } from './optimizers/sdlm';
import type { StepInput, StepOutcome } from './step-input';
import { acquireRunLock, type RunLock } from '../run-folder/run-lock';
import {
  RUN_FILES,
  RUN_SUMMARY_FORMAT,
  clearRunFolder,
  createRunWriter,
  type EpochRecord,
  type MetricRecord,
  type RunWriter,
  type StepRecord,
} from '../run-folder/run-folder';
import { createSchedule } from './schedules';
import { fingerprintDifferences, resolveTrainOptions, resumeFingerprint, type ResolvedTrainOptions, type TrainOptions } from './train-options';
import { TrainOptionError } from './train-option-error';

/** What `train` returns. */
export interface TrainResult {
  options: ResolvedTrainOptions;
  /** The backend that ran it (tf.getBackend()). */
  backend: string;
  /** Every epoch's record (with a resumed run: the checkpoint's too). */
  epochs: EpochRecord[];
  /** Every step's record (with a resumed run: the checkpoint's too). */
  steps: StepRecord[];
  /** The final model on the (untouched) test set. */
  test: Evaluation;
  /** Wall time of this call, loading and evaluation included. */
  wallSeconds: number;
  /** Training images per second of the training steps alone (this call's epochs). */
  trainImagesPerSecond: number;
  /** Best validation accuracy and its epoch (the model saved in runDir/model). */
  bestValAccuracy: number;
  bestEpoch: number;
  /** First epoch this call ran (> 0 when resumed). */
  startEpoch: number;
  /** Sizes of the sets used. */
  counts: { train: number; val: number; test: number };
  runDir?: string;
  /** The trained model, only with `keepModel: true` (the caller disposes it). */
  model?: tf.LayersModel;
}

/** What a checkpoint keeps beside the model and optimizer. */
interface LoopState {
  fingerprint: ReturnType<typeof resumeFingerprint>;
  bestValAccuracy: number;
  bestEpoch: number;
}

/** PRNG stream of the SDLM curvature samples. */
const CURVATURE_STREAM = 0x5d1a;

/**
 * The data a run uses: the 8:2 split of the training set (limited), and the test set (limited); with
 * valFraction 0 all of the training set (limited) and no validation part.
 */
export async function loadSets(o: ResolvedTrainOptions): Promise<{ train: ImageSet; val: ImageSet; test: ImageSet }> {
  const data = await loadMnist({ dataset: o.dataset, ...(o.dataDir === null ? {} : { dir: o.dataDir }) });
  const first = (set: ImageSet, n: number | null) => (n === null ? set : firstExamples(set, n));
  // The paper's protocol: every training image, no validation part.
  if (o.valFraction === 0) return { train: first(data.train, o.trainLimit), val: subset(data.train, []), test: first(data.test, o.testLimit) };
  const split = splitTrainVal(data.train, { valFraction: o.valFraction, seed: o.seed });
  const valLimit = o.trainLimit === null ? null : Math.max(1, Math.round((o.trainLimit * o.valFraction) / (1 - o.valFraction)));
  return { train: first(split.train, o.trainLimit), val: first(split.val, valLimit), test: first(data.test, o.testLimit) };
}

/** One optimizer step on a batch; returns [loss, correct] in one read-back. */
async function trainStep({ model, optimizer, variables, lossFn, head, batch: input, distortion }: StepInput): Promise<StepOutcome> {
  let correct: tf.Scalar | undefined;
  const packed = tf.tidy(() => {
    let x: tf.Tensor4D = tf.tensor4d(input.images, [input.size, input.side, input.side, 1]);
    if (distortion !== null) x = transformBatch(x, distortion.transforms, distortion.background);
    const y = tf.tensor1d(input.labels, 'int32');
    const loss = optimizer.minimize(
      () => {
        const outputs = model.apply(x, { training: true }) as tf.Tensor2D;
        // Kept: minimize() disposes everything its closure made but the loss.
        correct = tf.keep(tf.sum(tf.cast(tf.equal(predictClasses(outputs, head), y), 'float32')) as tf.Scalar);
        return lossFn(y, outputs);
      },
      true,
      variables,
    )!;
    return tf.stack([loss, correct!]);
  });
  correct?.dispose();
  const values = await packed.data();
  packed.dispose();
  return { loss: values[0]!, correct: values[1]! };
}

/**
 * Re-estimates SDLM's h_kk by bbprop ({@link estimateCurvature}) over `count` training patterns drawn by
 * (seed, epoch, refresh): one batched forward and second-derivative pass.
 */
function refreshCurvature(
  optimizer: SdlmOptimizer,
  model: tf.LayersModel,
  set: ImageSet,
  layout: ImageLayout,
  count: number,
  key: { seed: number; epoch: number; refresh: number },
): void {
  const n = Math.min(count, set.count);
  const order = epochOrder(set.count, deriveSeed(key.seed, CURVATURE_STREAM, key.refresh), key.epoch);
  const picked = subset(set, order.subarray(0, n));
  const images = tf.tensor4d(normalizeImages(picked.images, n, layout), [n, layout.size, layout.size, 1]);
  const h = estimateCurvature(model, images);
  optimizer.setCurvature(h);
  tf.dispose([images, ...h.values()]);
}

/**
 * Trains a LeNet on MNIST and evaluates it on the untouched test set.
 * Deterministic: the same options (seed included) on the same backend give the same losses.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const o = resolveTrainOptions(options);
  const backend = await selectBackend(o.backend);
  const sets = await loadSets(o);
  const layout: ImageLayout = { normalization: o.normalization, size: o.modelOptions.input };
  const head = o.modelOptions.head;
  const lossFn = createLoss(head, o.loss);
  const model = createModel(o.model, o.modelOptions);
  const optimizer = createOptimizer(o.optimizer, { learningRate: o.learningRate, momentum: o.momentum ?? undefined, mu: o.mu });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const stepsPerEpoch = numBatches(sets.train.count, o.batchSize);
  options.onStart?.({ stepsPerEpoch });
  const schedule = createSchedule(o.schedule, { learningRate: o.learningRate, epochs: o.epochs, stepsPerEpoch });
  const background = backgroundValue(o.normalization);

  let records: MetricRecord[] = [];
  let startEpoch = 0;
  let bestValAccuracy = -Infinity;
  let bestEpoch = -1;
  let writer: RunWriter | undefined;
  const fingerprint = resumeFingerprint(o);
  let kept = false;
  let parallel: GradientWorkers | null = null;
  let lock: RunLock | undefined;
  try {
    // Data-parallel over `threads`, on the CPU backends only: tfjs-node has its own threads, and a GPU
    // computes the whole batch at once (a replica per thread would split one device).
    const threads = backend === 'tensorflow' || backend === 'webgpu' ? 1 : Math.min(o.threads, o.batchSize);
    if (threads > 1) {
      parallel = await GradientWorkers.start(
        threads - 1,
        { model: o.model, modelOptions: o.modelOptions, loss: o.loss, backend },
        variables,
        o.batchSize,
        layout.size,
      );
    }
    if (o.runDir !== null) {
      lock = acquireRunLock(o.runDir); // held while this run writes the folder
      const checkpoint = o.resume ? await loadCheckpoint<LoopState>(o.runDir) : null;
      if (checkpoint !== null) {
        const differences = fingerprintDifferences(checkpoint.extra.fingerprint, fingerprint);
        if (differences.length > 0) throw new TrainOptionError('resume', `${checkpoint.dir} was saved with other options (${differences.join('; ')})`);
        await checkpoint.restore(model, optimizer as unknown as CheckpointableOptimizer);
        records = checkpoint.records;
        startEpoch = checkpoint.epoch + 1;
        bestValAccuracy = checkpoint.extra.bestValAccuracy;
        bestEpoch = checkpoint.extra.bestEpoch;
      } else {
        clearRunFolder(o.runDir);
      }
      writer = createRunWriter(o.runDir, { records });
    }

    let step = records.filter((r) => r.kind === 'step').length;
    let trainSeconds = 0;
    let trainImages = 0;
    for (let epoch = startEpoch; epoch < o.epochs; epoch++) {
      const epochStart = performance.now();
      const sdlm = optimizer instanceof SdlmOptimizer ? optimizer : null;
      let refresh = 0;
      const refreshSdlm = () => sdlm && refreshCurvature(sdlm, model, sets.train, layout, o.curvatureSamples, { seed: o.seed, epoch, refresh: refresh++ });
      // The curvature estimates count as training time (they are part of SDLM's cost).
      const stepsStart = performance.now();
      refreshSdlm();
      let sinceRefresh = 0;
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      let batchIndex = 0;
      for (const batch of batches(sets.train, { ...layout, batchSize: o.batchSize, seed: o.seed, epoch })) {
        setLearningRate(optimizer, schedule(step));
        if (sdlm !== null) {
          if (o.curvatureEvery !== null && sinceRefresh >= o.curvatureEvery) {
            refreshSdlm();
            sinceRefresh = 0;
          }
          sdlm.patternsPerStep = batch.size;
          sinceRefresh += batch.size;
        }
        const distortion =
          o.distort === false
            ? null
            : {
                transforms:
                  o.distort === 'paper'
                    ? paperDistortionTransforms(batch.indices, layout.size, { seed: o.seed, epoch })
                    : distortionTransforms(batch.size, layout.size, { seed: o.seed, epoch, batch: batchIndex }),
                background,
              };
        const stepInput: StepInput = { model, optimizer, variables, lossFn, head, batch: { ...batch, side: layout.size }, distortion };
        const { loss, correct } = parallel === null ? await trainStep(stepInput) : await parallel.step(stepInput);
        const record: StepRecord = { kind: 'step', step, epoch, loss, accuracy: (100 * correct) / batch.size };
        records.push(record);
        writer?.logRecord(record);
        options.onStep?.(record);
        lossSum += loss * batch.size;
        correctSum += correct;
        seen += batch.size;
        step++;
        batchIndex++;
      }
      const stepSeconds = (performance.now() - stepsStart) / 1000;
      trainSeconds += stepSeconds;
      trainImages += seen;
      // Without a validation part (the paper's protocol) each pass is scored on the test set (Fig. 5) and
      // the model kept is the last one.
      const paperProtocol = o.valFraction === 0;
      const held = await evaluate(model, paperProtocol ? sets.test : sets.val, { head, layout, loss: o.loss });
      const record: EpochRecord = {
        kind: 'epoch',
        epoch,
        trainLoss: lossSum / seen,
        trainAccuracy: (100 * correctSum) / seen,
        valLoss: paperProtocol ? Number.NaN : held.loss,
        valAccuracy: paperProtocol ? Number.NaN : held.accuracy,
        ...(paperProtocol ? { testLoss: held.loss, testAccuracy: held.accuracy } : {}),
        seconds: (performance.now() - epochStart) / 1000,
        imagesPerSecond: seen / Math.max(stepSeconds, 1e-9),
      };
      records.push(record);
      const best = paperProtocol || held.accuracy > bestValAccuracy;
      if (o.runDir !== null && writer !== undefined) {
        writer.logRecord(record);
        if (best) await saveBestModel(o.runDir, model);
        writer.flush();
      }
      if (best) {
        bestValAccuracy = paperProtocol ? Number.NaN : held.accuracy;
        bestEpoch = epoch;
      }
      if (o.runDir !== null) {
        await saveCheckpoint<LoopState>(o.runDir, {
          model,
          optimizer: optimizer as unknown as CheckpointableOptimizer,
          epoch,
          records,
          extra: { fingerprint, bestValAccuracy, bestEpoch },
        });
      }
      options.onEpoch?.(record);
    }

    const test = await evaluate(model, sets.test, { head, layout, loss: o.loss });
    const result: TrainResult = {
      options: o,
      backend,
      epochs: records.filter((r): r is EpochRecord => r.kind === 'epoch'),
      steps: records.filter((r): r is StepRecord => r.kind === 'step'),
      test,
      wallSeconds: (performance.now() - started) / 1000,
      trainImagesPerSecond: trainSeconds > 0 ? trainImages / trainSeconds : Number.NaN,
      bestValAccuracy,
      bestEpoch,
      startEpoch,
      counts: { train: sets.train.count, val: sets.val.count, test: sets.test.count },
      ...(o.runDir === null ? {} : { runDir: o.runDir }),
    };
    if (writer !== undefined) {
      const { steps: _steps, model: _model, ...summary } = result;
      writer.writeSummary({ format: RUN_SUMMARY_FORMAT, ...summary, bestModel: RUN_FILES.model });
    }
    if (options.keepModel) result.model = model;
    kept = options.keepModel === true;
    return result;
  } finally {
    await parallel?.close();
    writer?.close();
    lock?.release();
    optimizer.dispose();
    if (!kept) model.dispose();
  }
}
