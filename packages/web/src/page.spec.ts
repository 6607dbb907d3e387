import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { loadMnist, type ImageSet } from '@lenet/data';
import { drawDigit, launchChromium, serveDist } from './page.test-util';

/** The 20 test digits drawn: the first 20 of MNIST's test set, drawn 8 canvas pixels per MNIST pixel (224x224). */
const DIGITS = 20;
const SCALE = 8;
const CLI = path.join(__dirname, '..', '..', 'cli', 'dist', 'main.js');

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let test: ImageSet;
const wasmPredictions: number[] = [];

const digit = (i: number): Uint8Array => test.images.subarray(i * 784, (i + 1) * 784);
const status = (p: Page): Promise<string> => p.getByTestId('model-status').innerText();

async function drawAll(): Promise<number[]> {
  const predictions: number[] = [];
  for (let i = 0; i < DIGITS; i++) predictions.push(await drawDigit(page, digit(i), SCALE));
  return predictions;
}
const correct = (predictions: number[]): number => predictions.filter((p, i) => p === test.labels[i]).length;

beforeAll(async () => {
  test = (await loadMnist()).test;
  server = await serveDist();
  browser = await launchChromium();
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(60_000);
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.readyMs !== undefined);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the page in headless Chromium (drawn digits, pointer events)', () => {
  it('bundled lenet5 on wasm: >= 18 of 20 MNIST test digits, C1 shows 6 maps that are not blank', async () => {
    expect(await status(page)).toMatch(/^lenet5: 28x28 input, softmax head, wasm backend/);
    wasmPredictions.push(...(await drawAll()));
    console.log(`lenet5 (wasm): ${correct(wasmPredictions)}/20 correct`, wasmPredictions.join(''));
    expect(correct(wasmPredictions)).toBeGreaterThanOrEqual(18);
    const c1 = await page
      .getByTestId('layer-C1')
      .locator('canvas')
      .evaluateAll((canvases) =>
        (canvases as HTMLCanvasElement[]).map((c) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const grey = Array.from({ length: d.length / 4 }, (_, i) => d[4 * i]!);
          const mean = grey.reduce((a, b) => a + b, 0) / grey.length;
          return { size: `${c.width}x${c.height}`, std: Math.sqrt(grey.reduce((a, b) => a + (b - mean) ** 2, 0) / grey.length) };
        }),
      );
    expect(c1.map((m) => m.size)).toEqual(new Array(6).fill('28x28'));
    for (const m of c1) expect(m.std).toBeGreaterThan(5);
    for (const name of ['S2', 'C3', 'S4', 'C5', 'F6']) expect(await page.getByTestId(`layer-${name}`).locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('layer-C3').locator('canvas').count()).toBe(16);
  }, 180_000);

  it('bundled lenet5-1998: >= 17 of 20, with F6 beside the RBF code and ten distances', async () => {
    await page.getByTestId('model-select').selectOption('lenet5-1998');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')!.textContent!.startsWith('lenet5-1998:'));
    const predictions = await drawAll();
    console.log(`lenet5-1998 (wasm): ${correct(predictions)}/20 correct`, predictions.join(''));
    expect(correct(predictions)).toBeGreaterThanOrEqual(17);
    expect(await page.getByTestId('rbf-distances').locator('div').count()).toBe(10);
    expect(
      await page
        .getByTestId('rbf-code')
        .locator('canvas')
        .evaluate((c) => `${(c as HTMLCanvasElement).width}x${(c as HTMLCanvasElement).height}`),
    ).toBe('7x12');
  }, 180_000);

  it('WebGL (SwiftShader) gives the same predictions as wasm on the 20 digits', async () => {
    await page.getByTestId('model-select').selectOption('lenet5');
    await page.getByTestId('backend-select').selectOption('webgl');
    await page.waitForFunction(() => /^lenet5: .*webgl backend/.test(document.querySelector('[data-testid="model-status"]')!.textContent!));
    expect(await drawAll()).toEqual(wasmPredictions);
  }, 180_000);

  it("WebGPU (SwiftShader's Vulkan) gives the same predictions as wasm on the 20 digits", async () => {
    await page.getByTestId('backend-select').selectOption('webgpu');
    await page.waitForFunction(() => /^lenet5: .*webgpu backend/.test(document.querySelector('[data-testid="model-status"]')!.textContent!));
    expect(await drawAll()).toEqual(wasmPredictions);
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.waitForFunction(() => /wasm backend/.test(document.querySelector('[data-testid="model-status"]')!.textContent!));
  }, 180_000);

  it('trains 1 epoch on 12,000 images (9,600 / 2,400) in a worker: val accuracy > 90%; the download gives the same test accuracy in lenet eval', async () => {
    await page.locator('#train-limit').fill('12000');
    await page.locator('#train-epochs').fill('1');
    await page.getByTestId('train-start').click();
    // Stop mid-epoch and continue: the worker keeps its place (the epoch's order is a function of seed and epoch).
    await page.waitForFunction(() => /batch [1-9]\d*\//.test(document.querySelector('[data-testid="train-status"]')!.textContent!));
    await page.getByTestId('train-stop').click();
    await page.waitForFunction(() => /stopped in epoch 1 after batch/.test(document.querySelector('[data-testid="train-status"]')!.textContent!));
    expect(await page.getByTestId('train-start').innerText()).toBe('Continue');
    const tensorsAtStop = await page.getByTestId('train-status').getAttribute('data-tensors');
    await page.getByTestId('train-start').click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="train-status"]')!.dataset.testAccuracy !== undefined, null, {
      timeout: 240_000,
    });
    const text = await page.getByTestId('train-status').innerText();
    console.log(`in-page training: ${text}`);
    const val = Number(/val (\d+\.\d+)%/.exec(text)![1]);
    expect(val).toBeGreaterThan(90);
    const pageTest = Number(await page.getByTestId('train-status').getAttribute('data-test-accuracy'));
    expect(await page.getByTestId('train-status').getAttribute('data-tensors')).toBe(tensorsAtStop); // no tensor leaks per step

    const dir = mkdtempSync(path.join(tmpdir(), 'lenet-web-'));
    try {
      const model = path.join(dir, 'model');
      mkdirSync(model);
      const downloads: Download[] = [];
      const both = new Promise<void>((resolve) =>
        page.on('download', (d) => {
          if (downloads.push(d) === 2) resolve();
        }),
      );
      await page.getByTestId('download-model').click();
      await both;
      for (const d of downloads) await d.saveAs(path.join(model, d.suggestedFilename()));
      expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual(['model.json', 'weights.bin']);
      const r = spawnSync(process.execPath, [CLI, 'eval', '--model', model, '--backend', 'wasm', '--json'], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const accuracy = (JSON.parse(r.stdout) as { testAccuracy: number }).testAccuracy;
      console.log(`page test accuracy ${pageTest}%, lenet eval ${accuracy}%`);
      expect(Math.abs(accuracy - pageTest)).toBeLessThanOrEqual(0.02);
      // The file picker loads the same folder back into the page.
      await page.getByTestId('model-files').setInputFiles([path.join(model, 'model.json'), path.join(model, 'weights.bin')]);
      await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')!.textContent!.startsWith('model.json: 28x28 input'));
      expect(await drawDigit(page, digit(0), SCALE)).toBe(test.labels[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
