import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../select-backend';
import { host, parity, randInt, rng } from './parity.test-util';

describe('wasm Sum over every axis but the last', () => {
  it("gives the stock kernel's float32 sums bit for bit (against the same sums over a transposed copy)", async () => {
    await selectBackend('wasm');
    const r = rng(21);
    for (let i = 0; i < 10; i++) {
      const rank = randInt(r, 2, 4);
      const shape = Array.from({ length: rank }, () => randInt(r, 1, 30));
      const x = tf.tensor(host(r, shape).values, shape);
      const leading = Array.from({ length: rank - 1 }, (_, k) => k);
      // Channels first: the reduced axes become the trailing ones, which the stock kernel sums without a
      // transpose, channel by channel in the same order.
      const xT = tf.transpose(x, [rank - 1, ...leading]);
      const expected = tf
        .sum(
          xT,
          leading.map((k) => k + 1),
        )
        .dataSync();
      const keepDims = i % 2 === 1;
      const axes = i % 3 === 2 ? leading.map((k) => k - rank).reverse() : leading; // negative, any order
      const y = tf.sum(x, axes, keepDims);
      expect(y.shape).toEqual(keepDims ? [...leading.map(() => 1), shape[rank - 1]] : [shape[rank - 1]]);
      expect(Array.from(y.dataSync())).toEqual(Array.from(expected));
      tf.dispose([x, xT, y]);
    }
  });

  it('matches the cpu backend for bias-gradient sums and for the sums it leaves to the stock kernel', async () => {
    const r = rng(22);
    const cases: Array<[number[], number[], boolean]> = [
      [[64, 28, 28, 6], [0, 1, 2], false],
      [[64, 84], [0], false],
      [[4, 5, 6], [0, 1], true],
      [[4, 5, 6], [1, 2], false], // trailing axes: the stock kernel
      [[4, 5, 6], [0], false], // not all leading axes: the stock kernel
      [[7], [0], false],
    ];
    for (const [shape, axis, keepDims] of cases) {
      const { error, wasmShape, cpuShape } = await parity(tf.Sum, { x: host(r, shape) }, { axis, keepDims });
      expect(wasmShape).toEqual(cpuShape);
      if (!(error < 1e-5)) throw new Error(`${shape} over ${axis}: relative error ${error}`);
    }
  });
});
