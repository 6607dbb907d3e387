/**
 * Worker-thread entry of data-parallel training (see data-parallel.ts): builds a replica of the model, then
 * for every step copies the current weights from the shared buffer, computes the gradient of its rows and
 * writes it back. Loaded from dist/ (see GradientWorkers.start).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '@lenet/core';
import { createLoss, createModel } from '@lenet/model';
import { shareGradient, variableViews, type FromWorker, type GradientWorkerInit, type ToWorker } from './data-parallel';

const port = parentPort;
if (port === null) throw new Error('gradient-worker: expected to run in a worker thread (started by GradientWorkers)');
const post = (m: FromWorker) => port.postMessage(m);
const message = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

async function main(init: GradientWorkerInit): Promise<void> {
  const { spec, buffer, layout, index } = init;
  await selectBackend(spec.backend as BackendName);
  const model = createModel(spec.model, spec.modelOptions);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const sizes = variables.map((v) => v.size);
  if (JSON.stringify(sizes) !== JSON.stringify(layout.sizes))
    throw new Error(`replica variables ${JSON.stringify(sizes)} differ from the main model's ${JSON.stringify(layout.sizes)}`);
  const lossFn = createLoss(spec.modelOptions.head, spec.loss);
  const region = layout.workers[index]!;
  const weights = variableViews(buffer, 0, sizes);
  const grads = variableViews(buffer, region.grads, sizes);
  const side = Math.round(Math.sqrt(layout.pixels));
  port!.on('message', (m: ToWorker) => {
    try {
      tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape))));
      const images = new Float32Array(buffer, region.images * 4, m.rows * layout.pixels);
      const labels = new Int32Array(buffer, region.labels * 4, m.rows);
      const r = shareGradient(model, variables, lossFn, spec.modelOptions.head, { images, labels, rows: m.rows, side, scale: m.scale }, grads);
      post({ type: 'done', loss: r.loss, correct: r.correct });
    } catch (e) {
      post({ type: 'error', message: message(e) });
    }
  });
  post({ type: 'ready' });
}

main(workerData as GradientWorkerInit).catch((e: unknown) => post({ type: 'error', message: message(e) }));
