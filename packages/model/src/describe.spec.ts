import * as tf from '@tensorflow/tfjs';
import { createModel } from './create-model';
import { describe as describeModel } from './describe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('describe', () => {
  it('reproduces the paper table for lenet5-1998', () => {
    const model = createModel('lenet5-1998');
    const rows = describeModel(model);
    expect(rows).toEqual([
      { name: 'C1', outputShape: [28, 28, 6], params: 156, connections: 122304 },
      { name: 'S2', outputShape: [14, 14, 6], params: 12, connections: 5880 },
      { name: 'C3', outputShape: [10, 10, 16], params: 1516, connections: 151600 },
      { name: 'S4', outputShape: [5, 5, 16], params: 32, connections: 2000 },
      { name: 'C5', outputShape: [1, 1, 120], params: 48120, connections: 48120 },
      { name: 'F6', outputShape: [84], params: 10164, connections: 10164 },
      { name: 'OUTPUT', outputShape: [10], params: 0, connections: 840 },
    ]);
    expect(rows.reduce((n, r) => n + r.params, 0)).toBe(60000);
    expect(rows.reduce((n, r) => n + r.connections, 0)).toBe(340908);
    model.dispose();
  });

  it('describes lenet5 with the same rows: pooling has no bias, C3 is full, OUTPUT is dense', () => {
    const model = createModel('lenet5');
    expect(describeModel(model)).toEqual([
      { name: 'C1', outputShape: [28, 28, 6], params: 156, connections: 122304 },
      { name: 'S2', outputShape: [14, 14, 6], params: 0, connections: 4704 },
      { name: 'C3', outputShape: [10, 10, 16], params: 2416, connections: 241600 },
      { name: 'S4', outputShape: [5, 5, 16], params: 0, connections: 1600 },
      { name: 'C5', outputShape: [1, 1, 120], params: 48120, connections: 48120 },
      { name: 'F6', outputShape: [84], params: 10164, connections: 10164 },
      { name: 'OUTPUT', outputShape: [10], params: 850, connections: 850 },
    ]);
    model.dispose();
  });
});
