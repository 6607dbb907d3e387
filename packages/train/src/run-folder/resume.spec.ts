/**
 * The issue's core demand: a training process killed with SIGKILL at any moment resumes from its last
 * complete epoch, leaves no corrupt file, and ends with exactly the metrics and weights of a run that was
 * never interrupted. The child is a real `node` process (TypeScript through ts-node, transpile-only)
 * running the tiny seeded training of fixtures/tiny-training.test-util.ts.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRng } from '@lenet/data';
import * as tf from '@tensorflow/tfjs';
import { recoverDir } from '@lenet/files';
import { bestModelDir, checkpointDir, loadCheckpoint } from './checkpoint';
import { loadModel } from './load-model';
import { type MetricRecord, readMetrics } from './run-folder';
import { listEventFiles } from './tfevents';
import { readEvents, readScalars } from './tfevents-reader';
import { runTinyTraining } from '../fixtures/tiny-training.test-util';

/** The fixture's summary.json (its own shape, not a train() RunSummary), parsed: it must be whole JSON. */
function readFixtureSummary(runDir: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
}

const EPOCHS = 6;
const STEPS_PER_EPOCH = 12; // 192 examples, batch 16
const SEED = 42;
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, '..', 'fixtures', 'resume-child.test-util.ts');

interface ChildResult {
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
  startEpoch: number | undefined;
}

/**
 * A kill plan: stop at a save stage; or at a random moment: `delayMs` after the child logged step
 * `atStep` of the steps it has left (`atFraction` of them), wherever it is then (training, logging,
 * writing the best model or the checkpoint); or never.
 */
type Plan = { pauseAt: string } | { atFraction: number; delayMs: number } | Record<string, never>;

/** Runs the child in `runDir`; kills it with SIGKILL as `plan` says. */
function runChild(runDir: string, plan: Plan): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@lenet/source', '-r', 'ts-node/register/transpile-only', CHILD, runDir, String(EPOCHS), String(SEED)],
      {
        cwd: PACKAGE_ROOT,
        env: { ...process.env, TS_NODE_SWC: 'true', RESUME_PAUSE_AT: 'pauseAt' in plan ? plan.pauseAt : '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let startEpoch: number | undefined;
    let killStep: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const start = /START (\d+)/.exec(stdout);
      if (start && startEpoch === undefined) {
        startEpoch = Number(start[1]);
        if ('atFraction' in plan) {
          const first = startEpoch * STEPS_PER_EPOCH;
          // Not in the last epoch: the kill must land before the run ends.
          killStep = first + Math.floor(plan.atFraction * Math.max(0, (EPOCHS - 1) * STEPS_PER_EPOCH - first));
        }
      }
      if (killStep !== undefined && timer === undefined && stdout.includes(`STEP ${killStep}\n`)) {
        // In the last epoch little work is left: kill at once so that the kill still lands.
        const delay = 'delayMs' in plan && startEpoch! < EPOCHS - 1 ? plan.delayMs : 0;
        timer = setTimeout(() => child.kill('SIGKILL'), delay);
      }
      if ('pauseAt' in plan && stdout.includes(`PAUSED ${plan.pauseAt}`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, startEpoch });
    });
  });
}

/** Records without their timing fields (which differ between any two runs). */
function withoutTimings(records: MetricRecord[]): MetricRecord[] {
  return records.map((r) => (r.kind === 'epoch' ? { ...r, seconds: 0, imagesPerSecond: 0 } : r));
}

/**
 * What a killed run left must be readable, after the repair that the next start does: the checkpoint
 * (every file's CRC-32C checked), the best model, every event file (every record's CRCs), metrics.jsonl,
 * summary.json; and the metrics log must begin with the checkpoint's records.
 */
async function expectNothingCorrupt(runDir: string): Promise<void> {
  const checkpoint = await loadCheckpoint(runDir); // repairs checkpoint/ and model/, verifies CRCs
  expect(recoverDir(bestModelDir(runDir)) || checkpoint === null).toBe(true);
  if (fs.existsSync(bestModelDir(runDir))) (await loadModel(bestModelDir(runDir))).dispose();
  for (const file of listEventFiles(runDir)) readEvents(file);
  const metricsFile = path.join(runDir, 'metrics.jsonl');
  if (fs.existsSync(metricsFile)) {
    const logged = readMetrics(metricsFile);
    if (checkpoint) expect(logged.slice(0, checkpoint.records.length)).toEqual(checkpoint.records);
  }
  if (fs.existsSync(path.join(runDir, 'summary.json'))) readFixtureSummary(runDir);
}

describe('resume after SIGKILL', () => {
  let root: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-resume-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('ends with the same metrics, weights and event scalars as an uninterrupted run', async () => {
    // Reference: the same training, uninterrupted (in this process: the numbers must not depend on the process either).
    const referenceDir = path.join(root, 'reference');
    await runTinyTraining({ runDir: referenceDir, epochs: EPOCHS, seed: SEED });

    const testSeed = Number(process.env.RESUME_TEST_SEED ?? Date.now() % 1_000_000);
    const random = createRng(testSeed);
    // Each stage is reached by the run that follows the previous kill (see the comments for the epoch it hits).
    const plans: Plan[] = [
      { pauseAt: 'wrote:weights.bin' }, // epoch 0, first checkpoint half written: no checkpoint yet
      { pauseAt: 'best:old-moved-away' }, // epoch 0 again, best model swap: only model.old exists
      { pauseAt: 'new-moved-in' }, // epoch 0 checkpoint in place (the first: no old one)
      { pauseAt: 'old-moved-away' }, // epoch 1 swap: only checkpoint.old exists
      { pauseAt: 'filled' }, // epoch 1 again: complete temporary folder, not yet swapped in
      { pauseAt: 'new-moved-in' }, // epoch 1 in place, checkpoint.old not yet deleted
      { atFraction: random(), delayMs: Math.floor(random() * 30) },
      { atFraction: random(), delayMs: Math.floor(random() * 30) },
      { atFraction: random(), delayMs: Math.floor(random() * 30) },
    ];
    const runDir = path.join(root, 'killed');
    const history: string[] = [];
    for (const plan of plans) {
      const result = await runChild(runDir, plan);
      history.push(`${JSON.stringify(plan)} -> start epoch ${result.startEpoch}, ${result.signal ?? `exit ${result.code}`}`);
      const context = `test seed ${testSeed}; runs so far:\n${history.join('\n')}\n${result.stderr}`;
      expect({ signal: result.signal, context }).toEqual({ signal: 'SIGKILL', context });
      await expectNothingCorrupt(runDir);
    }
    if (process.env.RESUME_TEST_VERBOSE) console.log(history.join('\n'));
    const final = await runChild(runDir, {});
    history.push(`final -> start epoch ${final.startEpoch}, exit ${final.code}`);
    expect({ code: final.code, stderr: final.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(final.stdout).toContain('DONE');
    expect(final.startEpoch).toBeGreaterThan(0);

    // Same metric records (losses, accuracies, validation) in the same order, nothing lost or doubled.
    const expected = readMetrics(path.join(referenceDir, 'metrics.jsonl'));
    expect(expected).toHaveLength(EPOCHS * (STEPS_PER_EPOCH + 1));
    expect(withoutTimings(readMetrics(path.join(runDir, 'metrics.jsonl')))).toEqual(withoutTimings(expected));
    // Bit-identical final weights, optimizer state and best model.
    for (const file of ['checkpoint/weights.bin', 'checkpoint/optimizer.bin', 'model/weights.bin']) {
      expect({ file, same: fs.readFileSync(path.join(runDir, file)).equals(fs.readFileSync(path.join(referenceDir, file))) }).toEqual({ file, same: true });
    }
    expect(readFixtureSummary(runDir)).toEqual(readFixtureSummary(referenceDir));
    // One event file with the same scalars.
    const events = listEventFiles(runDir);
    expect(events).toHaveLength(1);
    const scalars = (dir: string): string[] => readScalars(listEventFiles(dir)[0]).map((s) => `${s.tag}@${s.step}=${s.value}`);
    expect(scalars(runDir)).toEqual(scalars(referenceDir));
    // No leftovers: no temporary or old folders, no temporary files.
    expect(fs.readdirSync(runDir).sort()).toEqual(['checkpoint', path.basename(events[0]), 'metrics.jsonl', 'model', 'summary.json'].sort());
    expect(fs.readdirSync(checkpointDir(runDir)).sort()).toEqual(['model.json', 'optimizer.bin', 'optimizer.json', 'state.json', 'weights.bin']);
  }, 300_000); // a hang guard: 9 kills and restarts took over 90 s at load 7
});
