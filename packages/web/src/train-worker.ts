// The training Web Worker: MNIST over HTTP, the seed's 8:2 split, LeNet from @lenet/model trained with Adam on
// the chosen backend (wasm with @lenet/core's training kernels and fused Adam by default), so the page stays
// responsive.
import * as tf from '@tensorflow/tfjs';
import { batches, fetchMnist, firstExamples, numBatches, splitTrainVal, type ImageLayout, type ImageSet } from '@lenet/data';
import { createLoss, createModel, predictClasses, resolveModelOptions, type Head } from '@lenet/model';
import type { StepRecord } from '@lenet/viz';
import { modelFiles } from './model-io';
import type { TrainReport, TrainRequest } from './train-protocol';
import { useBackend } from './tf-setup';

type Start = Extract<TrainRequest, { type: 'start' }>;

interface Session {
  req: Start;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  lossFn: ReturnType<typeof createLoss>;
  head: Head;
  layout: ImageLayout;
  train: ImageSet;
  val: ImageSet;
  test: ImageSet;
  epoch: number;
  batch: number;
  step: number;
  images: number;
  seconds: number;
  /** Sums over the epoch so far: loss x images, correct, images. */
  epochSums: { loss: number; correct: number; count: number };
}

const scope = self as unknown as { postMessage(m: TrainReport, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<TrainRequest>) => void) | null };
const post = (r: TrainReport, transfer: Transferable[] = []): void => scope.postMessage(r, transfer);
/** Lets queued messages (stop) in: `await`ing a resolved promise does not, a macrotask does. */
const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

let session: Session | undefined;
let stopRequested = false;
let running = false;

/** The training-set defaults of @lenet/train: the seed's scaling for lenet5, the paper's for lenet5-1998. */
function layoutOf(name: Start['model']): ImageLayout {
  const { input } = resolveModelOptions(name);
  return { size: input, normalization: input === 32 ? 'paper' : 'seed' };
}

async function start(req: Start): Promise<void> {
  session?.model.dispose();
  session?.optimizer.dispose();
  session = undefined;
  post({ type: 'status', text: `starting ${req.backend}...` });
  const backend = await useBackend(req.backend);
  post({ type: 'status', text: 'loading MNIST...' });
  const mnist = await fetchMnist(req.dataUrl);
  const all = req.trainLimit > 0 ? firstExamples(mnist.train, req.trainLimit) : mnist.train;
  const { train, val } = splitTrainVal(all, { valFraction: 0.2, seed: req.seed });
  const model = createModel(req.model, { seed: req.seed });
  const head = resolveModelOptions(req.model).head;
  session = {
    req,
    model,
    optimizer: tf.train.adam(req.learningRate),
    lossFn: createLoss(head),
    head,
    layout: layoutOf(req.model),
    train,
    val,
    test: mnist.test,
    epoch: 0,
    batch: 0,
    step: 0,
    images: 0,
    seconds: 0,
    epochSums: { loss: 0, correct: 0, count: 0 },
  };
  post({ type: 'ready', backend, train: train.count, val: val.count, test: mnist.test.count });
  await run(session);
}

/** Loss and accuracy (percent) of the model on a whole set, in batches of 500. */
async function evaluate(s: Session, set: ImageSet): Promise<{ loss: number; accuracy: number }> {
  let loss = 0;
  let correct = 0;
  for (const b of batches(set, { batchSize: 500, shuffle: false, ...s.layout })) {
    const [l, c] = tf.tidy(() => {
      const x = tf.tensor4d(b.images, [b.size, s.layout.size, s.layout.size, 1]);
      const y = tf.tensor1d(b.labels, 'int32');
      const out = s.model.predict(x) as tf.Tensor2D;
      return [tf.mul(s.lossFn(y, out), b.size), tf.sum(tf.cast(tf.equal(predictClasses(out, s.head), y), 'int32'))];
    });
    loss += (await l!.data())[0]!;
    correct += (await c!.data())[0]!;
    tf.dispose([l!, c!]);
    await yieldToMessages();
  }
  return { loss: loss / set.count, accuracy: (100 * correct) / set.count };
}

async function run(s: Session): Promise<void> {
  running = true;
  stopRequested = false;
  const { req, layout } = s;
  const perEpoch = numBatches(s.train.count, req.batchSize);
  try {
    for (; s.epoch < req.epochs; s.epoch++, s.batch = 0) {
      if (s.batch === 0) s.epochSums = { loss: 0, correct: 0, count: 0 };
      let steps: StepRecord[] = [];
      let i = 0;
      for (const b of batches(s.train, { batchSize: req.batchSize, ...layout, seed: req.seed, epoch: s.epoch })) {
        if (i++ < s.batch) continue; // continuing a stopped epoch: its order is a pure function of (seed, epoch)
        const t0 = performance.now();
        let correctT: tf.Tensor | undefined;
        const lossT = tf.tidy(() => {
          const x = tf.tensor4d(b.images, [b.size, layout.size, layout.size, 1]);
          const y = tf.tensor1d(b.labels, 'int32');
          return s.optimizer.minimize(() => {
            const out = s.model.apply(x, { training: true }) as tf.Tensor2D;
            correctT = tf.keep(tf.sum(tf.cast(tf.equal(predictClasses(out, s.head), y), 'int32')));
            return s.lossFn(y, out);
          }, true)!;
        });
        const [loss] = await lossT.data();
        const [correct] = await correctT!.data();
        tf.dispose([lossT, correctT!]);
        s.seconds += (performance.now() - t0) / 1000;
        s.images += b.size;
        s.epochSums.loss += loss! * b.size;
        s.epochSums.correct += correct!;
        s.epochSums.count += b.size;
        s.batch++;
        s.step++;
        steps.push({ step: s.step, epoch: s.epoch + 1, loss: loss!, accuracy: (100 * correct!) / b.size });
        if (s.batch % 10 === 0 || s.batch === perEpoch) {
          post({
            type: 'progress',
            epoch: s.epoch + 1,
            epochs: req.epochs,
            batch: s.batch,
            batches: perEpoch,
            imagesPerSecond: s.images / s.seconds,
            steps,
            tensors: tf.memory().numTensors,
          });
          steps = [];
          await yieldToMessages();
          if (stopRequested) {
            post({ type: 'stopped', epoch: s.epoch + 1, batch: s.batch });
            return;
          }
        }
      }
      post({ type: 'status', text: `epoch ${s.epoch + 1}: validating...` });
      const v = await evaluate(s, s.val);
      post({
        type: 'epoch',
        record: {
          epoch: s.epoch + 1,
          trainLoss: s.epochSums.loss / s.epochSums.count,
          trainAccuracy: (100 * s.epochSums.correct) / s.epochSums.count,
          valLoss: v.loss,
          valAccuracy: v.accuracy,
        },
      });
    }
    post({ type: 'status', text: 'testing...' });
    const t = await evaluate(s, s.test);
    post({ type: 'done', testAccuracy: t.accuracy, testLoss: t.loss, imagesPerSecond: s.images / s.seconds, seconds: s.seconds });
  } finally {
    running = false;
  }
}

async function handle(req: TrainRequest): Promise<void> {
  switch (req.type) {
    case 'start':
      if (running) throw new Error('training is running: stop it first');
      return start(req);
    case 'stop':
      stopRequested = true;
      return;
    case 'continue':
      if (!session) throw new Error('nothing to continue: start a training first');
      if (running) return;
      return run(session);
    case 'export': {
      if (!session) throw new Error('no model trained yet: start a training first');
      const files = await modelFiles(session.model);
      post({ type: 'model', ...files }, [files.weights]);
      return;
    }
  }
}

scope.onmessage = (e) => {
  handle(e.data).catch((error: unknown) => post({ type: 'error', message: (error as Error).message ?? String(error) }));
};
