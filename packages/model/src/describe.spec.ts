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

  it('lenet1: 2,578 free parameters and 98,442 connections, the counts of Le Cun et al. 1990', () => {
    const model = createModel('lenet1');
    const rows = describeModel(model);
    expect(rows).toEqual([
      { name: 'resize', outputShape: [28, 28, 1], params: 0, connections: 0 },
      { name: 'C1', outputShape: [24, 24, 4], params: 104, connections: 59904 },
      { name: 'S2', outputShape: [12, 12, 4], params: 8, connections: 2880 },
      { name: 'C3', outputShape: [8, 8, 12], params: 512, connections: 32768 },
      { name: 'S4', outputShape: [4, 4, 12], params: 24, connections: 960 },
      { name: 'OUTPUT', outputShape: [10], params: 1930, connections: 1930 },
    ]);
    expect(rows.reduce((n, r) => n + r.params, 0)).toBe(2578);
    expect(rows.reduce((n, r) => n + r.connections, 0)).toBe(98442);
    model.dispose();
  });

  it('lenet4: 16,998 free parameters and 258,306 connections (the paper: about 17,000 and 260,000)', () => {
    const model = createModel('lenet4');
    const rows = describeModel(model);
    expect(rows).toEqual([
      { name: 'C1', outputShape: [28, 28, 4], params: 104, connections: 81536 },
      { name: 'S2', outputShape: [14, 14, 8], params: 16, connections: 7840 },
      { name: 'C3', outputShape: [10, 10, 16], params: 1516, connections: 151600 },
      { name: 'S4', outputShape: [5, 5, 16], params: 32, connections: 2000 },
      { name: 'F5', outputShape: [1, 1, 120], params: 14120, connections: 14120 },
      { name: 'OUTPUT', outputShape: [10], params: 1210, connections: 1210 },
    ]);
    expect(rows.reduce((n, r) => n + r.params, 0)).toBe(16998);
    expect(rows.reduce((n, r) => n + r.connections, 0)).toBe(258306);
    model.dispose();
  });
});
