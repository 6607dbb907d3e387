/*
 * `npx nx run bench:experiment`: the seed's protocol over RUNS seeds, `lenet experiment --runs RUNS` (the
 * default split of cores between runs and threads) against the seed's PyTorch pipeline run RUNS times one
 * after another with 2 threads each, in one invocation; prints wall times, their ratio and the accuracies.
 *
 * Env: BENCH_RUNS (default 5), BENCH_EPOCHS (default 10, the seed's).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { locateDataset } from '@lenet/data';
import { runExperiment, summarize } from '@lenet/train';
import { pytorchScript, torchPython } from './torch-python';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 10);

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const py = torchPython();
  const mnistDir = (await locateDataset('mnist')).dir;
  const torchStart = performance.now();
  const torchAccuracies: number[] = [];
  for (let seed = 0; seed < RUNS; seed++) {
    const out = execFileSync(py, [pytorchScript('seed_protocol_pytorch.py'), mnistDir, String(EPOCHS), '2', String(seed)], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; testAccuracy: number };
    console.log(`pytorch seed ${seed}: ${r.seconds.toFixed(1)} s, test ${r.testAccuracy.toFixed(2)}%`);
    torchAccuracies.push(r.testAccuracy);
  }
  const torchSeconds = (performance.now() - torchStart) / 1000;

  const oursStart = performance.now();
  const ours = await runExperiment({
    model: 'lenet5',
    backend: 'wasm',
    runs: RUNS,
    epochs: EPOCHS,
    onRun: (r) =>
      console.log(`ours seed ${r.seed}: ${r.wallSeconds.toFixed(1)} s, test ${r.test.accuracy.toFixed(2)}%, ${r.trainImagesPerSecond.toFixed(0)} img/s`),
  });
  const oursSeconds = (performance.now() - oursStart) / 1000;
  const t = summarize(torchAccuracies);
  console.log(`\nseed protocol (${EPOCHS} epochs), ${RUNS} seeds; load average now ${loadavg()[0]!.toFixed(2)}`);
  console.log('| pipeline | wall s | x PyTorch wall | test accuracy mean +/- std |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| PyTorch seed pipeline, ${RUNS} runs one after another, 2 threads each | ${torchSeconds.toFixed(0)} | 1.00 | ${t.mean.toFixed(2)} +/- ${t.std.toFixed(2)} |`,
  );
  console.log(
    `| lenet experiment --runs ${RUNS} (${ours.workers} runs at a time) | ${oursSeconds.toFixed(0)} | ${(oursSeconds / torchSeconds).toFixed(2)} | ` +
      `${ours.testAccuracy.mean.toFixed(2)} +/- ${ours.testAccuracy.std.toFixed(2)} |`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
