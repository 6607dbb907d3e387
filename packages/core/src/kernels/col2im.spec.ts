import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../select-backend';
import { instantiateOverBackend } from '../wasm-module';
import { col2im, col2imJs, type Col2ImGeometry } from './col2im';
import { randInt, randn, rng } from './parity.test-util';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('col2im', () => {
  it("the wasm loop (SIMD runs) gives the JS loop's float32 sums bit for bit, on 30 random geometries", () => {
    const backend = tf.backend() as BackendWasm;
    const r = rng(5);
    for (let i = 0; i < 30; i++) {
      const [fh, fw, sh, sw] = [randInt(r, 1, 5), randInt(r, 1, 5), randInt(r, 1, 2), randInt(r, 1, 2)];
      const g: Col2ImGeometry = {
        batch: randInt(r, 1, 3),
        ho: randInt(r, 1, 6),
        wo: randInt(r, 1, 6),
        h: 0,
        w: 0,
        ci: randInt(r, 1, 9),
        fh,
        fw,
        sh,
        sw,
        pt: randInt(r, 0, fh - 1),
        pl: randInt(r, 0, fw - 1),
      };
      g.h = Math.max(1, (g.ho - 1) * sh + fh - g.pt - randInt(r, 0, fh - 1));
      g.w = Math.max(1, (g.wo - 1) * sw + fw - g.pl - randInt(r, 0, fw - 1));
      const values = randn(r, g.batch * g.ho * g.wo * fh * fw * g.ci);
      const expected = new Float32Array(g.batch * g.h * g.w * g.ci);
      col2imJs(values, expected, g);
      const cols = tf.tensor1d(values);
      const dx = tf.zeros([expected.length]);
      const [c, d] = [cols, dx].map((t) => backend.typedArrayFromHeap(t as unknown as tf.TensorInfo) as Float32Array) as [Float32Array, Float32Array];
      col2im(backend, c, d, g);
      expect(Array.from(d)).toEqual(Array.from(expected));
      tf.dispose([cols, dx]);
    }
    // The wasm path must be the one that ran (cached by col2im): a silent fallback would compare JS with itself.
    expect(instantiateOverBackend(backend, 'col2im', () => new Uint8Array())).not.toBeNull();
  });

  it('adds each window value onto the input pixel it came from, skipping the padding', () => {
    // One 1-channel image 2x2, a 2x2 window at stride 1 with 1 row and column of padding on top and left:
    // 3x3 output pixels; each window lists its (kh, kw) values. Window (oh, ow) reads rows oh-1..oh.
    const g: Col2ImGeometry = { batch: 1, ho: 3, wo: 3, h: 2, w: 2, ci: 1, fh: 2, fw: 2, sh: 1, sw: 1, pt: 1, pl: 1 };
    const cols = new Float32Array(36).fill(1);
    const dx = new Float32Array(4);
    col2imJs(cols, dx, g);
    // Every input pixel lies in 4 of the 9 windows.
    expect(Array.from(dx)).toEqual([4, 4, 4, 4]);
  });
});
