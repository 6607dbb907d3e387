/**
 * SDLM's per-parameter step sizes eps_k = eta / (mu + h_kk) at the start of training, beside the range the
 * paper states for its first pass (p. 10: "between approximately 7e-5 and 0.016"): h by bbprop on the
 * first `samples` training images of MNIST, per variable of a fresh model. This is the measurement behind
 * the default mu of an RBF head (packages/train README, SDLM). Run from the repository root:
 *   npx nx run bench:sdlm-step-sizes -- [model=lenet5-1998] [init=preset] [samples=500] [eta=5e-4] [mu=0.02,1]
 * (init `preset`: the model's own).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { loadMnist, normalizeImages } from '@lenet/data';
import { INIT_NAMES, MODEL_NAMES, createModel, type Init, type ModelName } from '@lenet/model';
import { estimateCurvature, resolveTrainOptions } from '@lenet/train';

const [model = 'lenet5-1998', init = 'preset', samples = '500', eta = '5e-4', mus = '0.02,1'] = process.argv.slice(2);
/** The paper's first-pass range of eta / (mu + h) (p. 10). */
const PAPER_RANGE = [7e-5, 0.016] as const;

function stats(values: Float32Array | Int32Array | Uint8Array): { min: number; mean: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, mean: sum / values.length, max };
}

async function main(): Promise<void> {
  if (!(MODEL_NAMES as readonly string[]).includes(model)) throw new Error(`model: expected one of ${MODEL_NAMES.join(', ')}, found '${model}'`);
  if (init !== 'preset' && !(INIT_NAMES as readonly string[]).includes(init))
    throw new Error(`init: expected preset or one of ${INIT_NAMES.join(', ')}, found '${init}'`);
  await selectBackend('wasm');
  const o = resolveTrainOptions({ model: model as ModelName, optimizer: 'sdlm', ...(init === 'preset' ? {} : { modelOptions: { init: init as Init } }) });
  const n = Number(samples);
  const { train } = await loadMnist();
  const layout = { normalization: o.normalization, size: o.modelOptions.input };
  const images = tf.tensor4d(normalizeImages(train.images.subarray(0, n * train.rows * train.cols), n, layout), [n, layout.size, layout.size, 1]);
  const net = createModel(o.model, o.modelOptions);
  const h = estimateCurvature(net, images);
  const e = Number(eta);
  const muList = mus.split(',').map(Number);
  console.log(`${model}, init ${o.modelOptions.init}, h by bbprop on ${n} MNIST training images; eps = ${eta} / (mu + h)`);
  console.log(['variable'.padEnd(16), 'count', 'h min', 'h mean', 'h max', ...muList.map((mu) => `eps range, mu ${mu}`)].join('  '));
  const all = { min: Infinity, max: -Infinity };
  for (const [name, t] of h) {
    const s = stats(t.dataSync());
    all.min = Math.min(all.min, s.min);
    all.max = Math.max(all.max, s.max);
    const ranges = muList.map((mu) => `${(e / (mu + s.max)).toExponential(1)} .. ${(e / (mu + s.min)).toExponential(1)}`);
    console.log([name.padEnd(16), String(t.size).padStart(5), s.min.toExponential(2), s.mean.toExponential(2), s.max.toExponential(2), ...ranges].join('  '));
  }
  for (const mu of muList) console.log(`all parameters, mu ${mu}: eps ${(e / (mu + all.max)).toExponential(1)} .. ${(e / (mu + all.min)).toExponential(1)}`);
  console.log(
    `the paper, first pass: eps ${PAPER_RANGE[0]} .. ${PAPER_RANGE[1]} (h from ${(e / PAPER_RANGE[1] - 0.02).toFixed(3)} to ${(e / PAPER_RANGE[0] - 0.02).toFixed(1)} at its eta 5e-4, mu 0.02)`,
  );
  tf.dispose([images, ...h.values()]);
  net.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
