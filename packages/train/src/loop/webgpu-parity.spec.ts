/**
 * `webgpu` (Dawn, through @lenet/core's selectBackend) against the `cpu` backend: the seed LeNet's outputs on
 * real MNIST test images, and the losses of a short seeded training run. Runs where Dawn finds an adapter: the
 * machine's own, else (VK_ICD_FILENAMES unset) the software Vulkan of Debian's Chromium, SwiftShader, which CI
 * installs for packages/web; shows as skipped, with Dawn's reason, where there is neither. Dawn runs in a child
 * process (fixtures/webgpu-parity-child.test-util.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORWARD_IMAGES, PARITY_RUN, type ParityResult } from '../fixtures/webgpu-parity-child.test-util';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, '..', 'fixtures', 'webgpu-parity-child.test-util.ts');
/** Chromium's SwiftShader Vulkan driver (Debian's chromium package): Dawn's adapter where there is no GPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

interface Probe {
  adapter: boolean;
  /** describeBackend(): the backend and the adapter's vendor and architecture, where there is one. */
  name?: string;
  /** Why there is none: the BackendUnavailableError's message. */
  reason?: string;
}

/** Runs the child; its JSON lines, parsed. Throws with its stderr when it fails. */
function child(args: string[], timeout: number, env: NodeJS.ProcessEnv): unknown[] {
  const r = spawnSync(process.execPath, ['--conditions=@lenet/source', '-r', 'ts-node/register/transpile-only', CHILD, ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...env, TS_NODE_SWC: 'true' },
    encoding: 'utf8',
    timeout,
  });
  if (r.status !== 0) throw new Error(`webgpu-parity child ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as unknown);
}

/** The environment Dawn finds an adapter in: this one, else this one pointed at SwiftShader; and the probe's answer. */
function findAdapter(): { env: NodeJS.ProcessEnv; probe: Probe } {
  const own = child(['probe'], 60_000, process.env)[0] as Probe;
  if (own.adapter || process.env.VK_ICD_FILENAMES !== undefined || !fs.existsSync(SWIFTSHADER_ICD)) return { env: process.env, probe: own };
  const env = { ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD };
  const software = child(['probe'], 60_000, env)[0] as Probe;
  return software.adapter ? { env, probe: software } : { env: process.env, probe: own };
}

// Decided at load time, so that a machine without an adapter shows the test as skipped, with the reason.
const { env, probe } = findAdapter();
const whereAdapter = probe.adapter ? it : it.skip;

/** The largest |a - b| over max |b| (a max-norm relative error: entries near 0 make element-wise ratios meaningless). */
function maxNormRelative(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!))) / scale;
}

describe('webgpu against cpu', () => {
  // Both backends compute in float32 and differ only in the order of their sums (a convolution of C5 sums
  // 400 products) and in their exp/log: each op is within a few float32 roundings (6e-8 relative) of the
  // other's, and 5 Adam steps do not amplify that beyond ~1e-6 (measured on SwiftShader: outputs 2e-7, losses
  // 1e-7, test loss 1e-7 relative; 6e-6 for the test loss after 5 steps of batch 32). The bounds leave a
  // factor of 10-50 for another driver's arithmetic.
  const where = probe.adapter ? ` (on ${probe.name})` : ` (skipped: ${probe.reason})`;
  whereAdapter(
    `gives the seed LeNet the same outputs and the same losses over a short training run${where}`,
    () => {
      const [cpu, webgpu] = child(['run', 'cpu', 'webgpu'], 600_000, env) as ParityResult[];
      expect(cpu!.backend).toBe('cpu');
      expect(webgpu!.backend).toBe('webgpu');
      expect(webgpu!.outputs).toHaveLength(FORWARD_IMAGES * 10);
      expect(maxNormRelative(webgpu!.outputs, cpu!.outputs)).toBeLessThan(1e-5);
      expect(webgpu!.losses).toHaveLength(PARITY_RUN.trainLimit / PARITY_RUN.batchSize);
      expect(maxNormRelative(webgpu!.losses, cpu!.losses)).toBeLessThan(1e-5);
      expect(Math.abs(webgpu!.testLoss - cpu!.testLoss) / cpu!.testLoss).toBeLessThan(5e-5);
      // It trained: the losses moved (a backend returning its inputs unchanged would fail the bounds above only by luck).
      expect(new Set(webgpu!.losses).size).toBe(webgpu!.losses.length);
    },
    600_000,
  );
});
