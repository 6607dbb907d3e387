import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { RbfOutput, SCALED_TANH_A, SCALED_TANH_S, TableConv2D, TrainableSubsampling, createLoss, createModel, ImageConv2D } from '@lenet/model';
import { estimateCurvature, forwardLayer } from './estimate-curvature';

beforeAll(async () => {
  await selectBackend('wasm');
});

// Independent per-pattern references: eqs. 25 and 27 of the paper written as loops over one pattern's
// units and connections (plain arrays, no TF.js), averaged over the batch by hand.
type Grid = number[][][]; // [row][col][channel]

const A = SCALED_TANH_A;
const S = SCALED_TANH_S;
/** f'(a)^2 of the scaled tanh. */
const slope2 = (a: number) => (A * S * (1 - Math.tanh(S * a) ** 2)) ** 2;

function random(shape: number[], seed: number, min = -1, max = 1): tf.Tensor {
  return tf.randomUniform(shape, min, max, 'float32', seed);
}

/** One pattern of a stride-1 conv (kernel [k][k][in][out], 'same' pads with zeros): h of kernel and bias, d2x. */
function convReference(x: Grid, kernel: number[][][][], bias: number[], d2y: Grid, padding: 'same' | 'valid') {
  const k = kernel.length;
  const off = padding === 'same' ? (k - 1) / 2 : 0;
  const [rows, cols] = [d2y.length, d2y[0]!.length];
  const inMaps = kernel[0]![0]!.length;
  const outMaps = bias.length;
  const hK = kernel.map((r) => r.map((c) => c.map((i) => i.map(() => 0))));
  const hB = bias.map(() => 0);
  const d2x = x.map((r) => r.map((c) => c.map(() => 0)));
  const at = (i: number, j: number, c: number) => (i < 0 || j < 0 || i >= x.length || j >= x[0]!.length ? 0 : x[i]![j]![c]!);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      for (let o = 0; o < outMaps; o++) {
        let a = bias[o]!;
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) for (let c = 0; c < inMaps; c++) a += kernel[di]![dj]![c]![o]! * at(i + di - off, j + dj - off, c);
        const d2a = slope2(a) * d2y[i]![j]![o]!;
        hB[o] += d2a;
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++)
            for (let c = 0; c < inMaps; c++) {
              const [xi, xj] = [i + di - off, j + dj - off];
              hK[di]![dj]![c]![o] += d2a * at(xi, xj, c) ** 2;
              if (xi >= 0 && xj >= 0 && xi < x.length && xj < x[0]!.length) d2x[xi]![xj]![c] += kernel[di]![dj]![c]![o]! ** 2 * d2a;
            }
      }
  return { h: [hK, hB], d2x };
}

/** The mean over the batch of a per-pattern reference, as nested arrays. */
function batchMean<T>(perPattern: T[]): T {
  const add = (a: unknown, b: unknown): unknown => (Array.isArray(a) ? a.map((v, i) => add(v, (b as unknown[])[i])) : (a as number) + (b as number));
  const scale = (a: unknown): unknown => (Array.isArray(a) ? a.map(scale) : (a as number) / perPattern.length);
  return scale(perPattern.reduce((s, p) => add(s, p) as T)) as T;
}

function expectClose(actual: tf.Tensor, expected: unknown, tolerance = 1e-5): void {
  const a = actual.dataSync();
  const e = (expected as number[]).flat(4) as number[];
  expect(a.length).toBe(e.length);
  const scale = Math.max(1e-3, ...e.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / scale);
  expect(worst).toBeLessThan(tolerance);
}

/** Builds `layer` on [B, ...shape] and runs its batched bbprop on random x and d2y > 0. */
function batched(layer: tf.layers.Layer, shape: number[], batch: number, seed: number) {
  layer.apply(tf.input({ shape }));
  const x = random([batch, ...shape], seed);
  const pass = forwardLayer(layer, x);
  const d2y = random(pass.output.shape, seed + 1, 0.1, 2);
  const { h, d2x } = pass.backward(d2y, true);
  return { x, d2y, h, d2x: d2x!, output: pass.output };
}

/** A batched pass against its per-pattern references: each h / B their mean, d2x each pattern's. */
function expectMatchesReferences(h: tf.Tensor[], d2x: tf.Tensor, refs: { h: unknown[]; d2x: unknown }[]): void {
  const mean = batchMean(refs.map((r) => r.h));
  expect(h).toHaveLength(mean.length);
  h.forEach((hk, k) => expectClose(tf.div(hk, refs.length), mean[k]));
  expectClose(
    d2x,
    refs.map((r) => r.d2x),
  );
}

describe('bbprop of one layer (batched) equals the per-pattern loops of eqs. 25 and 27, averaged', () => {
  const B = 3;

  it('conv (C1: ImageConv2D, same padding) and a stock Conv2D (valid, C5-like), scaled tanh', () => {
    tf.tidy(() => {
      for (const [layer, shape, padding] of [
        [new ImageConv2D({ filters: 2, kernelSize: 3, padding: 'same', activation: 'scaled-tanh', init: 'lecun98', seed: 1 }), [5, 5, 1], 'same'],
        [tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'scaledTanh' as 'relu', biasInitializer: 'glorotUniform' }), [4, 4, 2], 'valid'],
      ] as const) {
        const { x, d2y, h, d2x } = batched(layer, [...shape], B, 7);
        const [kernel, bias] = layer.getWeights().map((w) => w.arraySync());
        const xs = x.arraySync() as Grid[];
        const ds = d2y.arraySync() as Grid[];
        const refs = xs.map((xp, p) => convReference(xp, kernel as number[][][][], bias as number[], ds[p]!, padding));
        expectMatchesReferences(h, d2x, refs);
      }
    });
  });

  it('table conv (C3): the dense reference, gathered per table connection', () => {
    tf.tidy(() => {
      const table = [[0], [0, 1], [1, 2], [0, 1, 2]];
      const layer = new TableConv2D({ table, kernelSize: 3, activation: 'scaled-tanh', init: 'lecun98', seed: 3 });
      const { x, d2y, h, d2x } = batched(layer, [5, 5, 3], B, 11);
      const dense = (layer.denseKernel().arraySync() as number[][][][]).map((r) => r.map((c) => c.map((i) => i.slice())));
      const bias = layer.getWeights()[1]!.arraySync() as number[];
      const ds = d2y.arraySync() as Grid[];
      const refs = (x.arraySync() as Grid[]).map((xp, p) => convReference(xp, dense, bias, ds[p]!, 'valid'));
      const [hDense, hBias] = batchMean(refs.map((r) => r.h)) as [number[][][][], number[]];
      // Parameter c of the table is (output o, input i) in row order: gather its taps from the dense h.
      const pairs = table.flatMap((row, o) => row.map((i) => [i, o] as const));
      const hParams = hDense.map((r) => r.map((taps) => pairs.map(([i, o]) => taps[i]![o]!)));
      expectClose(tf.div(h[0]!, B), hParams);
      expectClose(tf.div(h[1]!, B), hBias);
      expectClose(
        d2x,
        refs.map((r) => r.d2x),
      );
    });
  });

  it('trainable subsampling (S2): h(c) sums (window sum)^2 d2E/da^2, each input gets c^2 d2E/da^2', () => {
    tf.tidy(() => {
      const layer = new TrainableSubsampling({ activation: 'scaled-tanh', init: 'lecun98', seed: 5 });
      const { x, d2y, h, d2x } = batched(layer, [4, 4, 2], B, 13);
      const [c, b] = layer.getWeights().map((w) => w.arraySync() as number[]);
      const ds = d2y.arraySync() as Grid[];
      const refs = (x.arraySync() as Grid[]).map((xp, p) => {
        const hc = [0, 0];
        const hb = [0, 0];
        const dx = xp.map((r) => r.map((ch) => ch.map(() => 0)));
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++)
            for (let m = 0; m < 2; m++) {
              const window = [xp[2 * i]![2 * j]![m]!, xp[2 * i + 1]![2 * j]![m]!, xp[2 * i]![2 * j + 1]![m]!, xp[2 * i + 1]![2 * j + 1]![m]!];
              const sum = window.reduce((s, v) => s + v, 0);
              const d2a = slope2(c![m]! * sum + b![m]!) * ds[p]![i]![j]![m]!;
              hc[m] += d2a * sum ** 2;
              hb[m] += d2a;
              for (const [di, dj] of [
                [0, 0],
                [0, 1],
                [1, 0],
                [1, 1],
              ])
                dx[2 * i + di!]![2 * j + dj!]![m] += c![m]! ** 2 * d2a;
            }
        return { h: [hc, hb], d2x: dx };
      });
      expectMatchesReferences(h, d2x, refs);
    });
  });

  it('dense (F6), scaled tanh', () => {
    tf.tidy(() => {
      const layer = tf.layers.dense({ units: 4, activation: 'scaledTanh' as 'relu', biasInitializer: 'glorotUniform' });
      const { x, d2y, h, d2x } = batched(layer, [6], B, 17);
      const [w, b] = layer.getWeights().map((t) => t.arraySync()) as [number[][], number[]];
      const ds = d2y.arraySync() as number[][];
      const refs = (x.arraySync() as number[][]).map((xp, p) => {
        const hw = w.map((r) => r.map(() => 0));
        const dx = xp.map(() => 0);
        const hb = b.map((bo, o) => {
          const a = xp.reduce((s, xi, i) => s + xi * w[i]![o]!, bo);
          const d2a = slope2(a) * ds[p]![o]!;
          xp.forEach((xi, i) => {
            hw[i]![o] += d2a * xi ** 2;
            dx[i] += w[i]![o]! ** 2 * d2a;
          });
          return d2a;
        });
        return { h: [hw, hb], d2x: dx };
      });
      expectMatchesReferences(h, d2x, refs);
    });
  });

  it('average pooling passes d2y / 16 to each input, max pooling d2y to the winner', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([1, 5, 2, 3], [1, 2, 2, 1]);
      const d2y = tf.tensor4d([8], [1, 1, 1, 1]);
      const avg = tf.layers.averagePooling2d({ poolSize: 2, strides: 2 });
      avg.apply(tf.input({ shape: [2, 2, 1] }));
      expect(Array.from(forwardLayer(avg, x).backward(d2y, true).d2x!.dataSync())).toEqual([0.5, 0.5, 0.5, 0.5]);
      const max = tf.layers.maxPooling2d({ poolSize: 2, strides: 2 });
      max.apply(tf.input({ shape: [2, 2, 1] }));
      expect(Array.from(forwardLayer(max, x).backward(d2y, true).d2x!.dataSync())).toEqual([0, 8, 0, 0]);
    });
  });
});

describe('estimateCurvature (whole model)', () => {
  it('on a linear layer before the RBF head equals the exact Hessian diagonal of the plain criterion', () => {
    tf.tidy(() => {
      const input = tf.input({ shape: [2, 2, 1] });
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const f6 = tf.layers.dense({ units: 84, biasInitializer: 'glorotUniform' }).apply(flat) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: new RbfOutput().apply(f6) as tf.SymbolicTensor });
      const images = random([5, 2, 2, 1], 19) as tf.Tensor4D;
      const labels = tf.tensor1d([0, 3, 7, 7, 9], 'int32');
      const h = estimateCurvature(model, images);
      // The plain criterion is quadratic in the weights: its Hessian diagonal is the central difference
      // of its gradient, exactly (up to float32 rounding).
      const loss = createLoss('rbf', { criterion: 'plain' });
      const kernel = model.trainableWeights[0]!.read() as tf.Variable;
      const grad = () => tf.variableGrads(() => loss(labels, model.apply(images) as tf.Tensor2D), [kernel]).grads[kernel.name]!;
      const delta = 0.05;
      const hk = h.get(kernel.name)!.dataSync();
      for (const index of [0, 1, 85, 170, 255, 300]) {
        const bump = (sign: number) => kernel.assign(tf.add(kernel, tf.mul(tf.oneHot([index], 336).reshape(kernel.shape), sign * delta)));
        bump(1);
        const up = grad().dataSync()[index]!;
        bump(-2);
        const down = grad().dataSync()[index]!;
        bump(1);
        expect(hk[index]).toBeCloseTo((up - down) / (2 * delta), 3);
      }
    });
  });

  it("on a tanh head (squared error) starts from d2E/dy^2 = 2: h of a weight is the mean of 2 f'(a)^2 x^2", () => {
    tf.tidy(() => {
      const input = tf.input({ shape: [2, 2, 1] });
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const head = tf.layers.dense({ units: 10, activation: 'scaledTanh' as 'relu', biasInitializer: 'glorotUniform' });
      const model = tf.model({ inputs: input, outputs: head.apply(flat) as tf.SymbolicTensor });
      const images = random([3, 2, 2, 1], 31) as tf.Tensor4D;
      const [hw, hb] = [...estimateCurvature(model, images).values()];
      const [w, b] = head.getWeights().map((t) => t.arraySync()) as [number[][], number[]];
      const xs = images.reshape([3, 4]).arraySync() as number[][];
      const refW = w.map((r, i) => r.map((_, o) => xs.reduce((s, x) => s + 2 * slope2(x.reduce((a, xi, k) => a + xi * w[k]![o]!, b[o]!)) * x[i]! ** 2, 0) / 3));
      const refB = b.map((_, o) => xs.reduce((s, x) => s + 2 * slope2(x.reduce((a, xi, k) => a + xi * w[k]![o]!, b[o]!)), 0) / 3);
      expectClose(hw!, refW);
      expectClose(hb!, refB);
    });
  });

  it('refuses a last layer without a starting rule (a relu Dense), naming what it expected', () => {
    tf.tidy(() => {
      const input = tf.input({ shape: [2, 2, 1] });
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'relu' }).apply(flat) as tf.SymbolicTensor });
      expect(() => estimateCurvature(model, random([2, 2, 2, 1], 37) as tf.Tensor4D)).toThrow(
        'bbprop: expected the model to end in RbfOutput or a softmax or scaled-tanh Dense layer, found Dense',
      );
    });
  });

  it('on lenet5-1998 (batched over B) equals the mean of B single-pattern estimates, one value per parameter', () => {
    tf.tidy(() => {
      const model = createModel('lenet5-1998');
      const images = random([4, 32, 32, 1], 23, -0.1, 1.175) as tf.Tensor4D;
      const h = estimateCurvature(model, images);
      expect([...h.keys()]).toEqual(model.trainableWeights.map((w) => (w.read() as tf.Variable).name));
      for (const w of model.trainableWeights) expect(h.get((w.read() as tf.Variable).name)!.shape).toEqual(w.shape);
      const singles = [0, 1, 2, 3].map((p) => estimateCurvature(model, tf.slice(images, p, 1) as tf.Tensor4D));
      for (const [name, value] of h) {
        const mean = tf.div(tf.addN(singles.map((s) => s.get(name)!)), 4);
        expectClose(value, Array.from(mean.dataSync()), 1e-5);
        expect(value.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
      }
    });
  });

  it('works for the seed lenet5 (relu, avg pooling, softmax head)', () => {
    tf.tidy(() => {
      const model = createModel('lenet5');
      const h = estimateCurvature(model, random([2, 28, 28, 1], 29, 0, 1) as tf.Tensor4D);
      expect(h.size).toBe(model.trainableWeights.length);
      for (const v of h.values()) expect(Number.isFinite(v.sum().dataSync()[0])).toBe(true);
    });
  });
});
