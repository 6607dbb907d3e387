import * as tf from '@tensorflow/tfjs';
import { readInto } from './read-into';
import { selectBackend } from './select-backend';

afterAll(async () => {
  await selectBackend('wasm');
});

describe('readInto', () => {
  it.each(['wasm', 'cpu'] as const)('copies the values of float32 and int32 tensors and of views on %s', async (name) => {
    await selectBackend(name);
    tf.tidy(() => {
      const t = tf.randomNormal([3, 4, 5]);
      for (const x of [t, t.reshape([12, 5]), tf.add(t, 1), tf.range(0, 7, 1, 'int32')]) {
        const out = new Float32Array(x.size).fill(NaN);
        readInto(x, out);
        expect(Array.from(out)).toEqual(Array.from(x.dataSync()));
      }
    });
  });

  it('refuses an output of another size, changing nothing', async () => {
    await selectBackend('wasm');
    const t = tf.ones([4]);
    const out = new Float32Array(5).fill(7);
    expect(() => readInto(t, out)).toThrow('readInto: expected an output of 4 values, found 5');
    expect(Array.from(out)).toEqual([7, 7, 7, 7, 7]);
    t.dispose();
  });
});
