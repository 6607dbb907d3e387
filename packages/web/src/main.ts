import './tf-setup';
import * as tf from '@tensorflow/tfjs';
import { BROWSER_BACKEND_NAMES, type BrowserBackendName } from '@lenet/core';
import { NoDigitError, toMnist } from '@lenet/data';
import { rbfCodes, type Head } from '@lenet/model';
import type { EpochRecord, StepRecord } from '@lenet/viz';
import { CurvesView } from './curves-view';
import { DrawPad } from './draw-pad';
import { SHOWN_LAYERS, activationModel, classify, type Classification } from './layer-activations';
import { showMaps, showUnits } from './layer-view';
import { BUNDLED_MODELS, loadBundled, loadFromFiles, type BundledModel, type LoadedModel } from './model-io';
import type { TrainReport, TrainRequest } from './train-protocol';
import { useBackend } from './tf-setup';

const byTestId = <T extends HTMLElement>(id: string): T => document.querySelector<T>(`[data-testid="${id}"]`)!;
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const ui = {
  canvas: byTestId<HTMLCanvasElement>('draw-canvas'),
  clear: byTestId<HTMLButtonElement>('clear'),
  prediction: byTestId('prediction'),
  probabilities: byTestId('probabilities'),
  modelSelect: byTestId<HTMLSelectElement>('model-select'),
  backendSelect: byTestId<HTMLSelectElement>('backend-select'),
  modelFiles: byTestId<HTMLInputElement>('model-files'),
  modelStatus: byTestId('model-status'),
  timing: byId('timing'),
  layers: byId('layers'),
  mnistInput: byId<HTMLElement>('mnist-input'),
  trainModel: byId<HTMLSelectElement>('train-model'),
  trainEpochs: byId<HTMLInputElement>('train-epochs'),
  trainLimit: byId<HTMLInputElement>('train-limit'),
  trainStart: byTestId<HTMLButtonElement>('train-start'),
  trainStop: byTestId<HTMLButtonElement>('train-stop'),
  trainStatus: byTestId('train-status'),
  download: byTestId<HTMLButtonElement>('download-model'),
};

// ---- controls ----------------------------------------------------------------------------------------------
const option = (select: HTMLSelectElement, value: string, label = value, disabled = false): void => {
  const o = new Option(label, value);
  o.disabled = disabled;
  select.append(o);
};
for (const name of BUNDLED_MODELS) {
  option(ui.modelSelect, name);
  option(ui.trainModel, name);
}
for (const name of BROWSER_BACKEND_NAMES) option(ui.backendSelect, name);
/** WebGPU is offered when the browser gives an adapter (navigator.gpu alone can come without one). */
async function markWebGpu(): Promise<void> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const offered = (await gpu?.requestAdapter().catch(() => null)) != null;
  const o = [...ui.backendSelect.options].find((x) => x.value === 'webgpu')!;
  o.disabled = !offered;
  if (!offered) o.textContent = 'webgpu (not offered here)';
}

const bars = Array.from({ length: 10 }, (_, k) => {
  const row = document.createElement('div');
  row.className = 'bar';
  row.dataset.digit = String(k);
  row.innerHTML = `<span>${k}</span><div><div class="fill" style="width:0"></div></div><span class="p">0.0%</span>`;
  ui.probabilities.append(row);
  return row;
});

const LAYER_TITLES: Record<(typeof SHOWN_LAYERS)[number], string> = {
  C1: 'C1: 6 feature maps',
  S2: 'S2: 6 subsampled maps',
  C3: 'C3: 16 feature maps',
  S4: 'S4: 16 subsampled maps',
  C5: 'C5: 120 units',
  F6: 'F6: 84 units (7x12)',
};
const layerBoxes = Object.fromEntries(
  SHOWN_LAYERS.map((name) => {
    const box = document.createElement('div');
    box.className = 'layer';
    box.dataset.testid = `layer-${name}`;
    box.innerHTML = `<span>${LAYER_TITLES[name]}</span><div class="maps"></div>`;
    ui.layers.append(box);
    return [name, box.querySelector<HTMLElement>('.maps')!];
  }),
) as Record<(typeof SHOWN_LAYERS)[number], HTMLElement>;
// F6 of the paper's network beside the winning class's RBF code and the ten distances (its output).
const f6 = layerBoxes.F6;
f6.classList.add('f6');
const f6Units = document.createElement('div');
const rbfBox = document.createElement('div');
rbfBox.innerHTML = `<span>RBF code of the winner</span><div data-testid="rbf-code"></div>`;
const distances = document.createElement('div');
distances.id = 'rbf-distances';
distances.dataset.testid = 'rbf-distances';
f6.append(f6Units, rbfBox, distances);

// ---- the model and live classification --------------------------------------------------------------------
let current: { loaded: LoadedModel; probe: tf.LayersModel } | undefined;
let backend: BrowserBackendName = 'wasm';

const HEAD_LABELS: Record<Head, string> = {
  rbf: 'RBF head (distances; probabilities = softmax(-y))',
  softmax: 'softmax head',
  tanh: 'tanh head (scores; probabilities = softmax(y))',
};

function setModel(loaded: LoadedModel): void {
  if (current && current.loaded.model !== loaded.model) current.loaded.model.dispose();
  current = { loaded, probe: activationModel(loaded) };
  const head = HEAD_LABELS[loaded.head];
  ui.modelStatus.textContent = `${loaded.source}: ${loaded.layout.size}x${loaded.layout.size} input, ${head}, ${tf.getBackend()} backend`;
  rbfBox.style.display = distances.style.display = loaded.head === 'rbf' ? '' : 'none';
  schedule();
}

async function loadSelected(): Promise<void> {
  const name = ui.modelSelect.value;
  if (!(BUNDLED_MODELS as readonly string[]).includes(name)) return;
  ui.modelStatus.textContent = `loading ${name}...`;
  setModel(await loadBundled(name as BundledModel, document.baseURI));
}

const pad = new DrawPad(ui.canvas, () => schedule());
let busy = false;
let dirty = false;

/** Classifies the drawing at most once per frame; a change during a pass triggers one more. */
function schedule(): void {
  if (busy) {
    dirty = true;
    return;
  }
  busy = true;
  requestAnimationFrame(() => {
    update()
      .catch((e: unknown) => (ui.modelStatus.textContent = `error: ${(e as Error).message}`))
      .finally(() => {
        busy = false;
        if (dirty) {
          dirty = false;
          schedule();
        }
      });
  });
}

async function update(): Promise<void> {
  const strokes = pad.strokes;
  if (!current || pad.empty) {
    show(undefined, strokes);
    return;
  }
  let pixels: Uint8Array;
  try {
    pixels = toMnist(pad.gray());
  } catch (e) {
    if (!(e instanceof NoDigitError)) throw e;
    show(undefined, strokes);
    return;
  }
  showUnits(ui.mnistInput, pixels, 28, 28, 84, [0, 255]);
  show(await classify(current.loaded, current.probe, pixels), strokes);
}

function show(c: Classification | undefined, strokes: number): void {
  ui.prediction.textContent = c ? String(c.predicted) : '-';
  ui.prediction.dataset.strokes = String(strokes);
  bars.forEach((row, k) => {
    const p = c ? c.probabilities[k]! : 0;
    row.classList.toggle('best', c?.predicted === k);
    row.querySelector<HTMLElement>('.fill')!.style.width = `${(p * 100).toFixed(1)}%`;
    row.querySelector('.p')!.textContent = `${(p * 100).toFixed(1)}%`;
  });
  if (!c) return;
  ui.timing.textContent = `${c.milliseconds.toFixed(1)} ms`;
  if (document.body.dataset.firstPredictionMs === undefined) document.body.dataset.firstPredictionMs = performance.now().toFixed(0);
  for (const name of ['C1', 'S2', 'C3', 'S4'] as const) showMaps(layerBoxes[name], c.layers[name], name.startsWith('C') && name !== 'C3' ? 48 : 32);
  showUnits(layerBoxes.C5, c.layers.C5.data, 12, 10, 96);
  const tanhRange: [number, number] | undefined = current!.loaded.head === 'rbf' ? [-1.7159, 1.7159] : undefined;
  showUnits(f6Units, c.layers.F6.data, 7, 12, 56, tanhRange);
  if (current!.loaded.head === 'rbf') {
    showUnits(rbfBox.querySelector('div')!, rbfCodes()[c.predicted]!, 7, 12, 56, tanhRange);
    distances.innerHTML = Array.from(c.outputs, (d, k) => `<div${k === c.predicted ? ' style="font-weight:bold"' : ''}>${k}: ${d.toFixed(1)}</div>`).join('');
  }
}

ui.clear.addEventListener('click', () => {
  pad.clear();
  schedule();
});
ui.modelSelect.addEventListener('change', () => void loadSelected());
ui.backendSelect.addEventListener('change', async () => {
  const wanted = ui.backendSelect.value as BrowserBackendName;
  try {
    backend = (await useBackend(wanted)) as BrowserBackendName;
    // Reload so that the weights live on the new backend from the start.
    if ((BUNDLED_MODELS as readonly string[]).includes(ui.modelSelect.value)) await loadSelected();
    else if (current) setModel(current.loaded);
  } catch (e) {
    ui.modelStatus.textContent = `${(e as Error).message}`;
    ui.backendSelect.value = backend;
  }
});
ui.modelFiles.addEventListener('change', async () => {
  try {
    const loaded = await loadFromFiles([...(ui.modelFiles.files ?? [])]);
    option(ui.modelSelect, 'files', `file: ${loaded.source}`);
    ui.modelSelect.value = 'files';
    setModel(loaded);
  } catch (e) {
    ui.modelStatus.textContent = `could not load the chosen files: ${(e as Error).message}`;
  }
});

// ---- training in a Web Worker ------------------------------------------------------------------------------
const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
const curves = new CurvesView(byId('curves'));
let steps: StepRecord[] = [];
let epochs: EpochRecord[] = [];
let progress = '';
let result = '';

const send = (req: TrainRequest): void => worker.postMessage(req);
const status = (): void => {
  const last = epochs[epochs.length - 1];
  ui.trainStatus.textContent = [progress, last ? `val ${last.valAccuracy!.toFixed(2)}%` : '', result].filter(Boolean).join(' | ');
};

worker.onmessage = (e: MessageEvent<TrainReport>) => {
  const r = e.data;
  switch (r.type) {
    case 'status':
      progress = r.text;
      break;
    case 'ready':
      progress = `${r.backend}: ${r.train} training / ${r.val} validation images`;
      break;
    case 'progress':
      steps.push(...r.steps);
      progress = `epoch ${r.epoch}/${r.epochs}, batch ${r.batch}/${r.batches}, ${Math.round(r.imagesPerSecond)} images/s`;
      ui.trainStatus.dataset.imagesPerSecond = r.imagesPerSecond.toFixed(0);
      ui.trainStatus.dataset.tensors = String(r.tensors); // the worker's tf.memory().numTensors (tests: no growth)
      curves.update(steps, epochs);
      break;
    case 'epoch':
      epochs.push(r.record);
      curves.update(steps, epochs, true);
      ui.download.disabled = false;
      break;
    case 'stopped':
      progress = `stopped in epoch ${r.epoch} after batch ${r.batch}`;
      ui.trainStart.textContent = 'Continue';
      ui.trainStop.disabled = true;
      ui.download.disabled = false;
      break;
    case 'done':
      progress = `trained on ${ui.backendSelect.value}`;
      result = `test ${r.testAccuracy.toFixed(2)}% (loss ${r.testLoss.toFixed(4)}), ${Math.round(r.imagesPerSecond)} images/s over ${r.seconds.toFixed(1)} s`;
      ui.trainStatus.dataset.testAccuracy = r.testAccuracy.toFixed(2);
      ui.trainStart.textContent = 'Start';
      ui.trainStop.disabled = true;
      ui.download.disabled = false;
      break;
    case 'model':
      saveFile('model.json', new Blob([r.json], { type: 'application/json' }));
      saveFile('weights.bin', new Blob([r.weights], { type: 'application/octet-stream' }));
      break;
    case 'error':
      progress = `error: ${r.message}`;
      ui.trainStop.disabled = true;
      break;
  }
  status();
};

function saveFile(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

ui.trainStart.addEventListener('click', () => {
  ui.trainStop.disabled = false;
  if (ui.trainStart.textContent === 'Continue') {
    ui.trainStart.textContent = 'Start';
    send({ type: 'continue' });
    return;
  }
  steps = [];
  epochs = [];
  result = '';
  ui.download.disabled = true;
  send({
    type: 'start',
    model: ui.trainModel.value as BundledModel,
    backend: ui.backendSelect.value as BrowserBackendName,
    epochs: Number(ui.trainEpochs.value),
    trainLimit: Number(ui.trainLimit.value),
    batchSize: 64,
    learningRate: 1e-3,
    seed: 0,
    dataUrl: new URL('mnist/', document.baseURI).href,
  });
});
ui.trainStop.addEventListener('click', () => send({ type: 'stop' }));
ui.download.addEventListener('click', () => send({ type: 'export' }));

// ---- start -------------------------------------------------------------------------------------------------
(async () => {
  await markWebGpu();
  backend = (await useBackend('wasm')) as BrowserBackendName;
  await loadSelected();
  document.body.dataset.readyMs = performance.now().toFixed(0);
})().catch((e: unknown) => (ui.modelStatus.textContent = `error: ${(e as Error).message}`));
