import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../select-backend';
import { host, parity, randInt, rng } from './parity.test-util';

describe('wasm Add with a per-channel vector', () => {
  it("gives the stock kernel's float32 sums bit for bit (against an Add of equal shapes), both operand orders", async () => {
    await selectBackend('wasm');
    const r = rng(11);
    for (let i = 0; i < 10; i++) {
      const shape = Array.from({ length: randInt(r, 2, 4) }, () => randInt(r, 1, 9));
      const c = shape[shape.length - 1]!;
      const x = tf.tensor(host(r, shape).values, shape);
      const v = tf.tensor(host(r, [c]).values, i % 2 === 0 ? [c] : [1, c]);
      const tiled = tf.tile(v.reshape([c]), [x.size / c]).reshape(shape); // same shapes: the stock kernel
      const expected = tf.add(x, tiled).dataSync();
      expect(Array.from(tf.add(x, v).dataSync())).toEqual(Array.from(expected));
      expect(Array.from(tf.add(v, x).dataSync())).toEqual(Array.from(expected));
      tf.dispose([x, v, tiled]);
    }
  });

  it('matches the cpu backend on per-channel and other broadcasts (the stock kernel keeps those)', async () => {
    const r = rng(12);
    const cases: Array<[number[], number[]]> = [
      [[64, 7, 7, 6], [6]],
      [[5, 120], [120]],
      [
        [3, 4, 5],
        [1, 1, 5],
      ],
      [[6], [3, 4, 6]], // the vector has the higher rank: the stock kernel
      [
        [4, 5, 3],
        [5, 1],
      ], // a middle axis: the stock kernel
      [
        [2, 3],
        [2, 3],
      ],
    ];
    for (const [a, b] of cases) {
      const { error, wasmShape, cpuShape } = await parity(tf.Add, { a: host(r, a), b: host(r, b) }, {});
      expect(wasmShape).toEqual(cpuShape);
      expect(error).toBe(0);
    }
  });

  it('leaves an int32 Add to the stock kernel', async () => {
    await selectBackend('wasm');
    const y = tf.add(
      tf.tensor2d(
        [
          [1, 2],
          [3, 4],
        ],
        undefined,
        'int32',
      ),
      tf.tensor1d([10, 20], 'int32'),
    );
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([11, 22, 13, 24]);
    y.dispose();
  });
});
