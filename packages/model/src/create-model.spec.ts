import * as tf from '@tensorflow/tfjs';
import { createModel } from './create-model';
import { headOf } from './head-of';
import { SCALED_TANH_A } from './layers/scaled-tanh';
import type { ModelOptions } from './model-options';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function paramsByLayer(model: tf.LayersModel): Record<string, number> {
  return Object.fromEntries(model.layers.filter((l) => l.countParams() > 0).map((l) => [l.name, l.countParams()]));
}

function weightsOf(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
}

describe('createModel', () => {
  it('lenet5 is the seed MyLeNet: 28x28x1 in, 10 softmax out, 61,706 parameters', () => {
    const model = createModel('lenet5');
    expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(61706);
    expect(paramsByLayer(model)).toEqual({ C1: 156, C3: 2416, C5: 48120, F6: 10164, OUTPUT: 850 });
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'Conv2D',
      'AveragePooling2D',
      'Conv2D',
      'AveragePooling2D',
      'Conv2D',
      'Flatten',
      'Dense',
      'Dense',
    ]);
    const c1 = model.getLayer('C1').getConfig();
    expect([c1.padding, c1.activation]).toEqual(['same', 'relu']);
    expect(model.getLayer('OUTPUT').getConfig().activation).toBe('softmax');
    model.dispose();
  });

  it('lenet5-1998 is the paper: 32x32x1 in, 60,000 trainable parameters as in its table', () => {
    const model = createModel('lenet5-1998');
    expect(model.inputs[0].shape).toEqual([null, 32, 32, 1]);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(60000);
    expect(model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0)).toBe(60000);
    expect(paramsByLayer(model)).toEqual({ C1: 156, S2: 12, C3: 1516, S4: 32, C5: 48120, F6: 10164 });
    for (const name of ['C5', 'F6']) expect(model.getLayer(name).getConfig().activation).toBe('scaledTanh');
    expect(model.getLayer('C1').getConfig().activation).toBe('scaled-tanh');
    expect(model.getLayer('C1').getConfig().padding).toBe('valid');
    expect(model.getLayer('OUTPUT').countParams()).toBe(0);
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'ImageConv2D',
      'TrainableSubsampling',
      'TableConv2D',
      'TrainableSubsampling',
      'Conv2D',
      'Flatten',
      'Dense',
      'RbfOutput',
    ]);
    const shapes = Object.fromEntries(model.layers.map((l) => [l.name, (l.outputShape as number[]).slice(1)]));
    expect(shapes).toMatchObject({ C1: [28, 28, 6], S2: [14, 14, 6], C3: [10, 10, 16], S4: [5, 5, 16], C5: [1, 1, 120], F6: [84], OUTPUT: [10] });
    model.dispose();
  });

  it.each([
    ['lecun98', (f: number) => 2.4 / f],
    ['lecun98-sqrt', (f: number) => 2.4 / Math.sqrt(f)],
  ] as const)('initialises %s weights uniform in +/-2.4/fan-in (or its square root)', (init, range) => {
    const model = createModel('lenet5-1998', { seed: 2, init });
    const fanIns: Record<string, number> = { C1: 25, S2: 4, C5: 400, F6: 120 };
    for (const [name, fanIn] of Object.entries(fanIns)) {
      for (const w of model.getLayer(name).getWeights()) {
        const m = Math.max(...Array.from(w.dataSync()).map(Math.abs));
        expect(m).toBeLessThanOrEqual(range(fanIn) * (1 + 1e-6));
        if (w.size >= 100) expect(m).toBeGreaterThan(0.9 * range(fanIn));
      }
    }
    // C3's range follows each map's fan-in (row of Table I): 75 for map 0, 150 for map 15.
    const c3 = Array.from(model.getLayer('C3').getWeights()[0]!.dataSync());
    const connections = 60;
    const tap = (c: number) => c3.filter((_, i) => i % connections === c).map(Math.abs);
    expect(Math.max(...tap(0))).toBeLessThanOrEqual(range(75) * (1 + 1e-6));
    expect(Math.max(...tap(59))).toBeLessThanOrEqual(range(150) * (1 + 1e-6));
    expect(Math.max(...tap(0))).toBeGreaterThan(0.8 * range(75));
    model.dispose();
  });

  it('is deterministic for a seed, and different seeds give different weights', () => {
    for (const name of ['lenet5', 'lenet5-1998'] as const) {
      const a = createModel(name, { seed: 5 });
      const b = createModel(name, { seed: 5 });
      const c = createModel(name, { seed: 6 });
      expect(weightsOf(a)).toEqual(weightsOf(b));
      expect(weightsOf(a)).not.toEqual(weightsOf(c));
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('walks from one net to the other one option at a time, every step a working model', () => {
    const ladder: Partial<ModelOptions>[] = [
      {},
      { activation: 'relu' },
      { activation: 'relu', subsampling: 'avg' },
      { activation: 'relu', subsampling: 'avg', c3: 'full' },
      { activation: 'relu', subsampling: 'avg', c3: 'full', head: 'softmax' },
      { activation: 'relu', subsampling: 'avg', c3: 'full', head: 'softmax', input: 28 },
      { activation: 'relu', subsampling: 'avg', c3: 'full', head: 'softmax', input: 28, init: 'default' },
    ];
    const params = ladder.map((options) => {
      const model = createModel('lenet5-1998', options);
      const size = model.inputs[0].shape[1] as number;
      const y = model.predict(tf.zeros([2, size, size, 1])) as tf.Tensor;
      expect(y.shape).toEqual([2, 10]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      const n = model.countParams();
      y.dispose();
      model.dispose();
      return n;
    });
    // trainable subsampling 44 -> 0; C3 table 1,516 -> full 2,416; RBF 0 -> dense 850.
    expect(params).toEqual([60000, 60000, 59956, 60856, 61706, 61706, 61706]);
    // The last rung has the same architecture as lenet5.
    const last = createModel('lenet5-1998', ladder[ladder.length - 1]);
    const seed = createModel('lenet5');
    expect(JSON.stringify(last.layers.map((l) => [l.getClassName(), l.outputShape]))).toBe(
      JSON.stringify(seed.layers.map((l) => [l.getClassName(), l.outputShape])),
    );
    last.dispose();
    seed.dispose();
  });

  it('the tanh head: 10 scaled-tanh scores in (-A, A), read back by headOf, for every model', () => {
    for (const [name, inputSize] of [
      ['lenet4', 32],
      ['lenet1', 28],
      ['lenet5-1998', 32],
      ['lenet5', 28],
    ] as const) {
      const model = createModel(name, { head: 'tanh' });
      expect(headOf(model)).toBe('tanh');
      const preset = createModel(name);
      expect(headOf(preset)).toBe(name === 'lenet5-1998' ? 'rbf' : 'softmax');
      preset.dispose();
      const y = tf.tidy(() => (model.predict(tf.randomUniform([3, inputSize, inputSize, 1], 0, 1, 'float32', 5)) as tf.Tensor).arraySync() as number[][]);
      expect(y.flat()).toHaveLength(30);
      for (const v of y.flat()) expect(Math.abs(v)).toBeLessThan(SCALED_TANH_A);
      model.dispose();
    }
  });

  it('headOf reads a last layer of unknown make as softmax, as before the tanh head', () => {
    const input = tf.input({ shape: [4] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'relu' }).apply(input) as tf.SymbolicTensor });
    expect(headOf(model)).toBe('softmax');
    model.dispose();
  });

  it('max pooling and sigmoid/tanh activations are available', () => {
    const model = createModel('lenet5', { subsampling: 'max', activation: 'sigmoid' });
    expect(model.getLayer('S2').getClassName()).toBe('MaxPooling2D');
    expect(model.getLayer('C1').getConfig().activation).toBe('sigmoid');
    model.dispose();
    const tanh = createModel('lenet5-1998', { activation: 'tanh' });
    expect((tanh.getLayer('C3').getConfig() as { activation: string }).activation).toBe('tanh');
    expect(tanh.getLayer('C5').getConfig().activation).toBe('fastTanh');
    tanh.dispose();
  });

  it('leaks no tensors: create, predict, dispose', () => {
    for (const name of ['lenet5', 'lenet5-1998'] as const) {
      const before = tf.memory().numTensors;
      const model = createModel(name);
      const size = model.inputs[0].shape[1] as number;
      const x = tf.zeros([3, size, size, 1]);
      const y = model.predict(x) as tf.Tensor;
      y.dataSync();
      tf.dispose([x, y]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
