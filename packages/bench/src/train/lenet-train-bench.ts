/*
 * `lenet train` itself in its own process: @lenet/train's `train` with the seed's configuration (lenet5, Adam
 * 1e-3, batch 64, real MNIST, wasm) for one epoch of WARMUP + STEPS batches and `--threads N`; prints one
 * JSON line with the images/s of the STEPS steps after the warm-up (as the PyTorch and `ours` rows: the first
 * steps create XNNPACK operators and compile the wasm loops), train's own trainImagesPerSecond (all steps) in
 * the note, the process's CPU time per step (all threads, includes the validation pass at the epoch's end),
 * peak RSS and tensors.
 *
 * usage (after npx nx run bench:build): node packages/bench/dist/train/lenet-train-bench.js <threads> <steps> [warmup]
 */
import * as tf from '@tensorflow/tfjs';
import { train } from '@lenet/train';

async function main(): Promise<void> {
  const threads = Number(process.argv[2]);
  const steps = Number(process.argv[3]);
  const warmup = Number(process.argv[4] ?? 20);
  const batch = 64;
  const tensors: number[] = [];
  let cpu0 = process.cpuUsage();
  let timedStart = 0;
  let timedEnd = 0;
  const result = await train({
    model: 'lenet5',
    backend: 'wasm',
    epochs: 1,
    threads,
    trainLimit: (warmup + steps) * batch,
    testLimit: 1000,
    onStep: (s) => {
      if (s.step === 0) cpu0 = process.cpuUsage();
      if (s.step === warmup - 1) timedStart = performance.now();
      if (s.step === warmup + steps - 1) timedEnd = performance.now();
      if (s.step === 0 || s.step === warmup + steps - 1) tensors.push(tf.memory().numTensors);
    },
  });
  // CPU time of the whole process (all threads) per step after the first: less sensitive to other load than wall time.
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      variant: `lenet train --threads ${threads}`,
      imagesPerSecond: (steps * batch) / ((timedEnd - timedStart) / 1000),
      steps,
      note: `train's own figure over all ${warmup + steps} steps: ${result.trainImagesPerSecond.toFixed(0)} img/s`,
      cpuMsPerStep: (cpu.user + cpu.system) / 1000 / (warmup + steps - 1),
      lastLoss: result.steps[result.steps.length - 1]?.loss,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      tensorsBefore: tensors[0],
      tensorsAfter: tensors[1],
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
