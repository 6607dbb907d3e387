import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../select-backend';
import { randn, rng } from './parity.test-util';

/**
 * The conv gradients on wasm against central finite differences of the wasm forward pass. The loss
 * L = sum(conv2d(x, w) * r) is linear in x and in w, so a central difference is exact up to float32 rounding
 * of L (~1e-7 |L| / h): with h = 0.05 the tolerance is 1e-3 of the largest gradient entry.
 */
describe('conv gradients on wasm vs finite differences', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  // stride 1 'valid' (a 5x4 output of 4 channels) takes the blocked filter gradient of channel-filter-gradient.ts
  it.each([
    [1, 'same'],
    [1, 'valid'],
    [2, 'valid'],
    [2, 'same'],
  ] as const)('stride %s, padding %s: dL/dx and dL/dw', async (stride, pad) => {
    const r = rng(11 + stride);
    const xShape = [2, 7, 6, 3];
    const wShape = [3, 3, 3, 4];
    const xv = randn(r, 2 * 7 * 6 * 3);
    const wv = randn(r, 3 * 3 * 3 * 4);
    const x = tf.tensor4d(xv, xShape as [number, number, number, number]);
    const w = tf.tensor4d(wv, wShape as [number, number, number, number]);
    const outShape = tf.tidy(() => tf.conv2d(x, w, stride, pad).shape);
    const rt = tf.tensor(
      randn(
        r,
        outShape.reduce((a, b) => a * b, 1),
      ),
      outShape,
    );
    const loss = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(a, b, stride, pad), rt));
    const [gx, gw] = tf.grads(loss as (...t: tf.Tensor[]) => tf.Tensor)([x, w]);
    const gxv = gx.dataSync();
    const gwv = gw.dataSync();
    const h = 0.05;
    const lossAt = (xs: Float32Array, ws: Float32Array) =>
      tf.tidy(() => loss(tf.tensor4d(xs, xShape as never), tf.tensor4d(ws, wShape as never)).dataSync()[0]);
    const check = (values: Float32Array, grad: ArrayLike<number>, which: 'x' | 'w') => {
      const scale = Math.max(...Array.from(grad, Math.abs));
      for (let k = 0; k < 25; k++) {
        const i = Math.floor(r() * values.length);
        const plus = Float32Array.from(values);
        const minus = Float32Array.from(values);
        plus[i] += h;
        minus[i] -= h;
        const fd = which === 'x' ? (lossAt(plus, wv) - lossAt(minus, wv)) / (2 * h) : (lossAt(xv, plus) - lossAt(xv, minus)) / (2 * h);
        expect(Math.abs(fd - grad[i]) / scale).toBeLessThan(1e-3);
      }
    };
    check(xv, gxv, 'x');
    check(wv, gwv, 'w');
    tf.dispose([x, w, rt, gx, gw]);
  });
});
