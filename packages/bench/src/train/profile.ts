/* Per-kernel time of a seed-lenet5 training step on wasm (exclusive time: nested kernel calls are subtracted). */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@lenet/core';
import { makeStep, seedLenet5 } from './seed-lenet5';

const totals = new Map<string, { ms: number; calls: number }>();
let stack: number[] = [];

function instrument(): void {
  for (const config of tf.getKernelsForBackend('wasm')) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({
      ...config,

      kernelFunc: (args) => {
        stack.push(0);
        const t0 = performance.now();
        const out = inner(args);
        const dt = performance.now() - t0;
        const nested = stack.pop()!;
        if (stack.length) stack[stack.length - 1] += dt;
        const key = config.kernelName === "Conv2D" || config.kernelName === "AvgPoolGrad" ? `${config.kernelName} x${(args.inputs.x ?? args.inputs.dy)!.shape} f${(args.inputs.filter ?? args.inputs.input)?.shape ?? ""} d${(args.attrs as any).dilations ?? ""}` : config.kernelName;
        const e = totals.get(key) ?? { ms: 0, calls: 0 };
        e.ms += dt - nested;
        e.calls++;
        totals.set(key, e);
        return out;
      },
    });
  }
}

(async () => {
  await selectBackend(process.argv[2] === 'stock' ? 'wasm' : 'wasm');
  instrument();
  const batch = 64;
  const model = seedLenet5();
  const step = makeStep(model, tf.train.adam(1e-3));
  const x = tf.randomNormal([batch, 28, 28, 1]) as tf.Tensor4D;
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10).toFloat() as tf.Tensor2D;
  for (let i = 0; i < 5; i++) step(x, y);
  totals.clear();
  stack = [];
  const steps = Number(process.argv[3] ?? 40);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step(x, y);
  const wall = performance.now() - t0;
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const kernelMs = rows.reduce((s, [, v]) => s + v.ms, 0);
  console.log(`wall ${(wall / steps).toFixed(2)} ms/step, ${((batch * steps) / (wall / 1000)).toFixed(0)} img/s; kernels ${(kernelMs / steps).toFixed(2)} ms/step`);
  for (const [k, v] of rows.slice(0, 25)) console.log(`${k.padEnd(24)} ${(v.ms / steps).toFixed(3).padStart(8)} ms/step ${(v.calls / steps).toFixed(1).padStart(5)} calls/step ${((100 * v.ms) / wall).toFixed(1).padStart(5)}%`);
})();
