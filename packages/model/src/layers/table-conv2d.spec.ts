import * as tf from '@tensorflow/tfjs';
import { C3_TABLE } from '../c3-table';
import { buildLayer, checkGradients, maxAbsDiff, seededUniform } from './grad-check.test-util';
import { TableConv2D } from './table-conv2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Table-connected 'valid' convolution written out: out[o] = tanh(bias[o] + sum over the table's input maps i
 * of the 5x5 correlation of map i with kernel (o, i)). kernel[(dy*k + dx) * C + c], c numbering the table's
 * connections in order.
 */
function reference(
  x: Float32Array,
  [b, h, w, cin]: number[],
  table: readonly (readonly number[])[],
  kernel: Float32Array,
  bias: Float32Array,
  k: number,
): Float32Array {
  const connections = table.reduce((n, r) => n + r.length, 0);
  const ho = h - k + 1;
  const wo = w - k + 1;
  const out = new Float32Array(b * ho * wo * table.length);
  for (let n = 0; n < b; n++)
    for (let y = 0; y < ho; y++)
      for (let xo = 0; xo < wo; xo++) {
        let c = 0;
        table.forEach((maps, o) => {
          let a = bias[o];
          for (const i of maps) {
            for (let dy = 0; dy < k; dy++)
              for (let dx = 0; dx < k; dx++) a += x[((n * h + y + dy) * w + xo + dx) * cin + i] * kernel[(dy * k + dx) * connections + c];
            c++;
          }
          out[((n * ho + y) * wo + xo) * table.length + o] = Math.tanh(a);
        });
      }
  return out;
}

describe('TableConv2D', () => {
  it('C3 reads exactly the 60 map pairs of Table I: 1,516 parameters', () => {
    expect(C3_TABLE.reduce((n, r) => n + r.length, 0)).toBe(60);
    const layer = new TableConv2D({ table: C3_TABLE, init: 'lecun98', seed: 1 });
    buildLayer(layer, [null, 14, 14, 6]);
    expect(layer.connections).toBe(60);
    expect(layer.countParams()).toBe(60 * 25 + 16);
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[5, 5, 60], [16]]);
    // Every connection lands in its own slot: ones scatter to 60 x 25 ones.
    const ones = tf.ones([5, 5, 60]);
    const mask = layer.scatterKernel(ones);
    expect(mask.sum().dataSync()[0]).toBe(60 * 25);
    ones.dispose();
    // Dense kernel: nonzero exactly on the table's (input, output) pairs.
    const dense = tf.tidy(() => layer.denseKernel().abs().sum([0, 1]).arraySync() as number[][]).map((row) => row.map((v) => v > 0));
    const expected = Array.from({ length: 6 }, (_, i) => C3_TABLE.map((maps) => maps.includes(i)));
    expect(dense).toEqual(expected);
    mask.dispose();
    layer.dispose();
  });

  it('matches the loop reference', () => {
    const table = [[0, 1], [2], [0, 1, 2]];
    const shape = [2, 7, 6, 3];
    const layer = new TableConv2D({ table, kernelSize: 3, activation: 'tanh', init: 'lecun98', seed: 2 });
    const xs = seededUniform(shape, 3);
    const x = tf.tensor4d(xs, shape as [number, number, number, number]);
    const y = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
    expect(y.shape).toEqual([2, 5, 4, 3]);
    expect(maxAbsDiff(y.dataSync(), reference(xs, shape, table, kernel, bias, 3))).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('initialises lecun98 uniform in +/-2.4/fan-in of each output map', () => {
    const layer = new TableConv2D({ table: C3_TABLE, init: 'lecun98', seed: 4 });
    buildLayer(layer, [null, 14, 14, 6]);
    const kernel = layer.getWeights()[0].arraySync() as number[][][];
    let c = 0;
    for (const maps of C3_TABLE) {
      for (let m = 0; m < maps.length; m++, c++) {
        const column = kernel.flatMap((row) => row.map((v) => v[c]));
        const limit = 2.4 / (25 * maps.length);
        expect(Math.max(...column.map(Math.abs))).toBeLessThanOrEqual(limit);
        expect(Math.max(...column.map(Math.abs))).toBeGreaterThan(limit / 2);
      }
    }
    layer.dispose();
  });

  it('has gradients (input, kernel, bias) that match central finite differences', () => {
    const layer = new TableConv2D({ table: C3_TABLE, activation: 'scaled-tanh', init: 'lecun98', seed: 5 });
    const x = tf.variable(tf.tensor4d(seededUniform([1, 7, 7, 6], 6), [1, 7, 7, 6]));
    buildLayer(layer, [null, 7, 7, 6]);
    const r = tf.tensor4d(seededUniform([1, 3, 3, 16], 7), [1, 3, 3, 16]);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const result = checkGradients(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)), [x, ...weights]);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(40 + 40 + 16);
    tf.dispose([x, r]);
    layer.dispose();
  });

  it('rejects a table that reads a map the input lacks', () => {
    const layer = new TableConv2D({ name: 'C3', table: [[0, 6]] });
    expect(() => buildLayer(layer, [null, 14, 14, 6])).toThrow('C3: table[0] reads map 6, expected 0..5');
  });

  it('round-trips its config', () => {
    const layer = new TableConv2D({ name: 'T', table: C3_TABLE, activation: 'relu', init: 'lecun98', seed: 9 });
    const again = TableConv2D.fromConfig(TableConv2D, layer.getConfig()) as TableConv2D;
    expect(again.table).toEqual(C3_TABLE.map((r) => [...r]));
    expect([again.activation, again.init, again.seed, again.kernelSize]).toEqual(['relu', 'lecun98', 9, 5]);
  });
});
