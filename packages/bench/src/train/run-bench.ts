/*
 * `npx nx run bench:train`: TF.js training throughput on this machine against the seed's PyTorch pipeline,
 * measured in one invocation (PyTorch and ours alternate for several rounds, so both see the same load). Each variant runs in
 * its own process; the table gives images/s, the ratio to PyTorch, peak RSS and tensors alive before/after the
 * timed steps (equal = no leak; growth is also shown per 750-step epoch).
 *
 * Env: BENCH_STEPS (default 300 timed steps for ours and PyTorch), BENCH_WARMUP (untimed steps before them,
 * default 300), BENCH_THREADS (PyTorch threads, default 2), BENCH_ROUNDS (alternating PyTorch/ours rounds,
 * default 3).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pytorchScript, torchPython } from './torch-python';
import { locateDataset } from '@lenet/data';

const ROOT = join(__dirname, '../../../..');
const STEPS = Number(process.env.BENCH_STEPS ?? 300);
// A run of the seed's job is 7,500 steps; the first few hundred of ours are slower while V8 tiers up the
// wasm and JS of both threads (steps 20-320 of a 2-thread run: 7,740-7,875 img/s, steps 300-600: 9,390-9,520).
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Result {
  variant: string;
  imagesPerSecond: number;
  steps: number;
  peakRssMb: number;
  tensorsBefore?: number;
  tensorsAfter?: number;
  note?: string;
}

function lastJson(output: string, what: string): Result {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`bench: ${what} printed no result:\n${output}`);
  return JSON.parse(line) as Result;
}

function pytorch(py: string, mnistDir: string, threads: number): Result {
  const out = execFileSync(py, [pytorchScript('seed_pytorch.py'), mnistDir, String(STEPS), String(WARMUP), String(threads)], { encoding: 'utf8' });
  return lastJson(out, 'PyTorch');
}

function tfjs(variant: string, steps: number, warmup: number): Result {
  const r = spawnSync(process.execPath, [join(__dirname, 'train-bench.js'), variant, String(steps), String(warmup)], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0)
    return { variant, imagesPerSecond: NaN, steps, peakRssMb: NaN, note: `failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]}` };
  return lastJson(r.stdout, variant);
}

/** `lenet train --threads N` (@lenet/train's train, data-parallel for N > 1) in its own process. */
function lenetTrain(threads: number): Result {
  const variant = `lenet train --threads ${threads}`;
  const r = spawnSync(process.execPath, [join(__dirname, 'lenet-train-bench.js'), String(threads), String(STEPS), String(WARMUP)], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (r.status !== 0)
    return { variant, imagesPerSecond: NaN, steps: STEPS, peakRssMb: NaN, note: `failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]}` };
  return lastJson(r.stdout, variant);
}

/** Several `ours` processes at once (worker_threads behave alike: one wasm instance per thread): aggregate img/s. */
async function parallel(count: number, batch: number, label: string): Promise<Result> {
  const one = () =>
    new Promise<Result>((resolve, reject) => {
      const child = spawn(process.execPath, [join(__dirname, 'train-bench.js'), 'ours', String(STEPS), String(WARMUP)], {
        cwd: ROOT,
        env: { ...process.env, BENCH_BATCH: String(batch) },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', () => {
        try {
          resolve(lastJson(out, label));
        } catch (e) {
          reject(e);
        }
      });
    });
  const runs = await Promise.all(Array.from({ length: count }, one));
  return {
    variant: label,
    imagesPerSecond: runs.reduce((s, r) => s + r.imagesPerSecond, 0),
    steps: STEPS,
    peakRssMb: runs.reduce((s, r) => s + r.peakRssMb, 0),
    tensorsBefore: runs[0].tensorsBefore,
    tensorsAfter: runs[0].tensorsAfter,
  };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const py = torchPython();
  const mnistDir = (await locateDataset('mnist')).dir;
  const results: Result[] = [];
  const run = (label: string, f: () => Result) => {
    process.stdout.write(`running ${label} ... `);
    const r = f();
    console.log(Number.isFinite(r.imagesPerSecond) ? `${r.imagesPerSecond.toFixed(0)} img/s` : r.note);
    results.push(r);
  };
  // Alternate PyTorch and ours for several rounds: on a shared machine the load changes from minute to minute,
  // and the best round of each approximates its unloaded speed (the median is printed too).
  for (let round = 1; round <= ROUNDS; round++) {
    run(`pytorch seed, round ${round}`, () => ({ ...pytorch(py, mnistDir, THREADS), variant: `pytorch seed (${THREADS} threads)` }));
    run(`ours, round ${round}`, () => tfjs('ours', STEPS, WARMUP));
    run(`lenet train --threads 2, round ${round}`, () => lenetTrain(2));
    // Per core: one thread each, alternated too (single runs of these swung 6,300-7,800 img/s between benches).
    run(`pytorch seed, 1 thread, round ${round}`, () => ({ ...pytorch(py, mnistDir, 1), variant: 'pytorch seed (1 thread)' }));
    run(`lenet train --threads 1, round ${round}`, () => lenetTrain(1));
  }
  run('ours before the fused optimizer updates', () => tfjs('ours-unfused', STEPS, WARMUP));
  run('stock wasm (+ our filter gradient only)', () => tfjs('stock-wasm', Math.max(10, STEPS / 10), 3));
  run('stock cpu', () => tfjs('cpu', 3, 1));
  run('lenet5-1998 on ours', () => tfjs('lenet5-1998', STEPS, WARMUP));
  process.stdout.write('running 2 processes x ours, batch 64 (multi-seed aggregate) ... ');
  results.push(await parallel(2, 64, '2 processes x ours (aggregate, multi-seed)'));
  console.log(`${results[results.length - 1].imagesPerSecond.toFixed(0)} img/s`);
  process.stdout.write('running 2 processes x ours, batch 32 (upper bound of 2-worker data parallelism) ... ');
  results.push(await parallel(2, 32, '2 processes x ours batch 32 (data-parallel bound)'));
  console.log(`${results[results.length - 1].imagesPerSecond.toFixed(0)} img/s`);

  // One row per variant: best (and median) over its runs; ratios against PyTorch's best (median) at THREADS.
  const byVariant = new Map<string, Result[]>();
  for (const r of results) byVariant.set(r.variant, [...(byVariant.get(r.variant) ?? []), r]);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const ratesOf = (variant: string) => (byVariant.get(variant) ?? []).map((r) => r.imagesPerSecond).filter(Number.isFinite);
  const torchRuns = ratesOf(`pytorch seed (${THREADS} threads)`);
  const torchBest = Math.max(...torchRuns);
  const torchMedian = median(torchRuns);
  console.log(
    `\nseed lenet5 unless named, batch 64, Adam 1e-3, real MNIST, ${STEPS} timed steps after ${WARMUP} untimed; ratios to PyTorch (${THREADS} threads) ` +
      `best ${torchBest.toFixed(0)} / median ${torchMedian.toFixed(0)} img/s; load average ${load0.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`,
  );
  console.log('| variant | runs | img/s best (median) | x PyTorch best (median) | peak RSS MB | tensors before/after | tensors per epoch |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [variant, runs] of byVariant) {
    const rates = ratesOf(variant);
    const r = runs[0];
    if (!rates.length) {
      console.log(`| ${variant} | 0 | n/a | ${r.note ?? ''} | | | |`);
      continue;
    }
    const best = Math.max(...rates);
    const med = median(rates);
    const tensors = r.tensorsBefore == null ? '' : `${r.tensorsBefore}/${r.tensorsAfter}`;
    const perEpoch = r.tensorsBefore == null || !r.steps ? '' : `${(((r.tensorsAfter! - r.tensorsBefore) / r.steps) * 750).toFixed(0)}`;
    console.log(
      `| ${variant} | ${rates.length} | ${best.toFixed(0)} (${med.toFixed(0)}) | ${(best / torchBest).toFixed(2)} (${(med / torchMedian).toFixed(2)}) | ` +
        `${Math.max(...runs.map((x) => x.peakRssMb)).toFixed(0)} | ${tensors} | ${perEpoch} |`,
    );
  }
  const [torch1, ours1] = [ratesOf('pytorch seed (1 thread)'), ratesOf('lenet train --threads 1')];
  console.log(
    `per core: lenet train --threads 1 best ${Math.max(...ours1).toFixed(0)} / median ${median(ours1).toFixed(0)} img/s, ` +
      `${(Math.max(...ours1) / Math.max(...torch1)).toFixed(2)}x (${(median(ours1) / median(torch1)).toFixed(2)}x) PyTorch with 1 thread ` +
      `(best ${Math.max(...torch1).toFixed(0)} / median ${median(torch1).toFixed(0)})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
