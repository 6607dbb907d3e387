/*
 * Per-kernel time of a seed-lenet5 training step on wasm (exclusive time: nested kernel calls are subtracted),
 * the optimizer update's time and kernel calls, wall and CPU time per step. `profile.ts [fused|unfused] [steps]`:
 * unfused = our kernels with the stock optimizer code (before the fused updates), for the before/after.
 */
import * as tf from '@tensorflow/tfjs';
import { registerFusedOptimizers, registerWasmTrainingKernels } from '@lenet/core/base';
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
        // Per kernel and input shapes: the same kernel on C1's and C3's tensors are different costs.
        const shapes = Object.entries(args.inputs).map(([name, t]) => `${name}:${t == null ? '-' : t.shape.join('x')}`);
        const key = `${config.kernelName} ${shapes.join(' ')}`;
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
  const mode = process.argv[2] ?? 'fused';
  registerWasmTrainingKernels();
  if (mode === 'fused') registerFusedOptimizers();
  else if (mode !== 'unfused') throw new Error(`profile: expected fused or unfused, found '${mode}'`);
  await tf.setBackend('wasm');
  instrument();
  const batch = 64;
  const model = seedLenet5();
  const optimizer = tf.train.adam(1e-3);
  // Time and kernel calls of the optimizer update alone.
  const update = { ms: 0, kernels: 0 };
  const applyGradients = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (grads) => {
    const calls = [...totals.values()].reduce((a, v) => a + v.calls, 0);
    const t = performance.now();
    applyGradients(grads);
    update.ms += performance.now() - t;
    update.kernels += [...totals.values()].reduce((a, v) => a + v.calls, 0) - calls;
  };
  const step = makeStep(model, optimizer);
  const x = tf.randomNormal([batch, 28, 28, 1]) as tf.Tensor4D;
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10).toFloat() as tf.Tensor2D;
  for (let i = 0; i < 5; i++) step(x, y);
  totals.clear();
  stack = [];
  update.ms = 0;
  update.kernels = 0;
  const steps = Number(process.argv[3] ?? 40);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step(x, y);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const kernelMs = rows.reduce((s, [, v]) => s + v.ms, 0);
  const calls = rows.reduce((a, [, v]) => a + v.calls, 0);
  console.log(
    `${mode}: wall ${(wall / steps).toFixed(2)} ms/step, cpu ${((cpu.user + cpu.system) / 1000 / steps).toFixed(2)} ms/step, ` +
      `${((batch * steps) / (wall / 1000)).toFixed(0)} img/s; kernels ${(kernelMs / steps).toFixed(2)} ms/step in ${(calls / steps).toFixed(0)} calls; ` +
      `optimizer update ${(update.ms / steps).toFixed(2)} ms/step in ${(update.kernels / steps).toFixed(0)} kernel calls`,
  );
  for (const [k, v] of rows.slice(0, 40))
    console.log(
      `${k.padEnd(44)} ${(v.ms / steps).toFixed(3).padStart(8)} ms/step ${(v.calls / steps).toFixed(1).padStart(5)} calls/step ${((100 * v.ms) / wall).toFixed(1).padStart(5)}%`,
    );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
