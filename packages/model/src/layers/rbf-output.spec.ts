import * as tf from '@tensorflow/tfjs';
import { rbfCodes } from '../rbf-codes';
import { buildLayer, checkGradients, maxAbsDiff, seededUniform } from './grad-check.test-util';
import { RbfOutput } from './rbf-output';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y_i = sum_j (x_j - w_ij)^2, written out. */
function reference(x: Float32Array, batch: number, codes: number[][]): Float32Array {
  const out = new Float32Array(batch * codes.length);
  for (let n = 0; n < batch; n++)
    codes.forEach((code, i) => {
      let y = 0;
      code.forEach((w, j) => (y += (x[n * code.length + j] - w) ** 2));
      out[n * codes.length + i] = y;
    });
  return out;
}

describe('RbfOutput', () => {
  it('computes squared Euclidean distances to the fixed digit codes', () => {
    const layer = new RbfOutput({});
    const xs = seededUniform([3, 84], 1, -1.7, 1.7);
    const x = tf.tensor2d(xs, [3, 84]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([3, 10]);
    expect(maxAbsDiff(y.dataSync(), reference(xs, 3, rbfCodes()))).toBeLessThan(1e-3);
    tf.dispose([x, y]);
  });

  it('is zero at a code and picks that digit as the smallest output', () => {
    const layer = new RbfOutput({});
    const codes = rbfCodes();
    const x = tf.tensor2d(codes);
    const y = layer.apply(x) as tf.Tensor;
    const rows = y.arraySync() as number[][];
    rows.forEach((row, d) => {
      expect(row[d]).toBeCloseTo(0, 4);
      expect(row.indexOf(Math.min(...row))).toBe(d);
    });
    tf.dispose([x, y]);
  });

  it('has no trainable parameters and no weights', () => {
    const layer = new RbfOutput({});
    buildLayer(layer, [null, 84]);
    expect(layer.countParams()).toBe(0);
    expect(layer.weights).toEqual([]);
  });

  it('rejects an input that is not 84 wide', () => {
    const layer = new RbfOutput({ name: 'OUTPUT' });
    expect(() => buildLayer(layer, [null, 80])).toThrow('OUTPUT: expected input [batch, 84] (F6), found [null,80]');
  });

  it('has input gradients that match central finite differences', () => {
    const layer = new RbfOutput({});
    const x = tf.variable(tf.tensor2d(seededUniform([2, 84], 2, -1.5, 1.5), [2, 84]));
    const r = tf.tensor2d(seededUniform([2, 10], 3), [2, 10]);
    const result = checkGradients(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)), [x]);
    expect(result.failures).toEqual([]);
    tf.dispose([x, r]);
  });
});
