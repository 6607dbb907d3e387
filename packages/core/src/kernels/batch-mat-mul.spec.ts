import * as tf from '@tensorflow/tfjs';
import { host, parity, randInt, rng } from './parity.test-util';

describe('wasm BatchMatMul with transposed operands', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matches the cpu backend (transposeA=%s, transposeB=%s) on random shapes, batch 1 and many, broadcast', async (ta, tb) => {
    const r = rng(5 + Number(ta) * 2 + Number(tb));
    for (let i = 0; i < 12; i++) {
      const batch = i % 3 === 0 ? 1 : randInt(r, 2, 4);
      const broadcastB = i % 4 === 1;
      const [m, k, n] = [randInt(r, 1, 70), randInt(r, 1, 130), randInt(r, 1, 40)];
      const a = host(r, ta ? [batch, k, m] : [batch, m, k]);
      const b = host(r, [broadcastB ? 1 : batch, ...(tb ? [n, k] : [k, n])]);
      const { error, wasmShape, cpuShape } = await parity(tf.BatchMatMul, { a, b }, { transposeA: ta, transposeB: tb });
      expect(wasmShape).toEqual(cpuShape);
      expect(wasmShape).toEqual([batch, m, n]);
      if (!(error < 1e-5)) throw new Error(`shapes ${a.shape} x ${b.shape}: relative error ${error}`);
    }
  });
});
