/*
 * `lenet train` itself in its own process: @lenet/train's `train` with the seed's configuration (lenet5, Adam
 * 1e-3, batch 64, real MNIST, wasm) for one epoch of STEPS batches and `--threads N`; prints one JSON line
 * with the training images/s of the steps alone (train's own trainImagesPerSecond), the process's CPU time
 * per step (all threads, includes the validation pass at the epoch's end), peak RSS and tensors.
 *
 * usage: node -r ts-node/register/transpile-only --conditions @lenet/source lenet-train-bench.ts <threads> <steps>
 */
import * as tf from '@tensorflow/tfjs';
import { train } from '@lenet/train';

async function main(): Promise<void> {
  const threads = Number(process.argv[2]);
  const steps = Number(process.argv[3]);
  const batch = 64;
  const tensors: number[] = [];
  let cpu0 = process.cpuUsage();
  const result = await train({
    model: 'lenet5',
    backend: 'wasm',
    epochs: 1,
    threads,
    trainLimit: steps * batch,
    testLimit: 1000,
    onStep: (s) => {
      if (s.step === 0) cpu0 = process.cpuUsage();
      if (s.step === 0 || s.step === steps - 1) tensors.push(tf.memory().numTensors);
    },
  });
  // CPU time of the whole process (all threads) per step after the first: less sensitive to other load than wall time.
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      variant: `lenet train --threads ${threads}`,
      imagesPerSecond: result.trainImagesPerSecond,
      steps,
      cpuMsPerStep: (cpu.user + cpu.system) / 1000 / (steps - 1),
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
