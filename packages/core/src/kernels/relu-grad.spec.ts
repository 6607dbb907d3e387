import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../select-backend';
import { RELU_GRAD } from './relu-grad';
import { randn, relativeError, rng } from './parity.test-util';

/** Random values with the cases a gradient must keep: zeros of both signs, NaNs, values near 0. */
function values(size: number, seed: number): Float32Array {
  const out = randn(rng(seed), size);
  for (let i = 0; i < size; i += 7) out[i] = [0, -0, NaN, 1e-30, -1e-30][(i / 7) % 5]!;
  return out;
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('wasm ReLU gradient (LenetReluGrad)', () => {
  it.each([[1], [3], [4], [13], [64 * 28 * 28 * 6 + 1]])('equals the stock dy * step(x) bit for bit over %i elements', async (size) => {
    await selectBackend('wasm');
    const dy = tf.tensor(values(size, 1));
    const x = tf.tensor(values(size, 2));
    const fused = tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
    const stock = tf.mul(dy, tf.cast(tf.step(x), 'float32'));
    expect(bits(fused.dataSync() as Float32Array)).toEqual(bits(stock.dataSync() as Float32Array));
    tf.dispose([dy, x, fused, stock]);
  });

  it("is what tf.grad of relu runs on wasm, and matches the cpu backend's gradient", async () => {
    const x = values(1000, 3).map((v) => (Number.isNaN(v) ? 0.5 : v));
    const dy = randn(rng(4), 1000);
    const gradOn = async (backend: 'cpu' | 'wasm') => {
      await selectBackend(backend);
      const [tx, tdy] = [tf.tensor(x), tf.tensor(dy)];
      let kernels: string[] = [];
      const g = await tf
        .profile(() => tf.grad((t: tf.Tensor) => tf.relu(t))(tx, tdy))
        .then((p) => {
          kernels = p.kernelNames;
          return p.result as tf.Tensor;
        });
      const out = Float32Array.from(g.dataSync() as Float32Array);
      tf.dispose([tx, tdy, g]);
      return { out, kernels };
    };
    const wasm = await gradOn('wasm');
    const cpu = await gradOn('cpu');
    expect(wasm.kernels).toContain(RELU_GRAD);
    expect(wasm.kernels).not.toContain('Step');
    expect(cpu.kernels).toContain('Step'); // the stock ops where the backend lacks the kernel
    expect(relativeError(wasm.out, cpu.out)).toBe(0);
  });

  it('has a gradient itself (second derivatives through relu)', async () => {
    await selectBackend('wasm');
    const x = tf.tensor([-2, -0.5, 0.5, 2]);
    // d/dx sum(relu'(x) * x) = relu'(x): the gradient of the gradient's dy input, taken through tf.grad twice.
    const outer = tf.grad((t: tf.Tensor) =>
      tf
        .grad((u: tf.Tensor) => tf.relu(u).mul(t))(x)
        .sum(),
    );
    expect(Array.from(outer(tf.ones([4])).dataSync())).toEqual([0, 0, 1, 1]);
    x.dispose();
  });
});
