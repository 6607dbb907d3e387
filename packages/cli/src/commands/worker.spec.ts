/**
 * Sweeps end to end: the built `lenet` (dist/main.js) as separate processes on a real Redis (Debian's
 * redis-server, started here on a free loopback port without persistence): two `lenet worker`s and
 * `lenet experiment --queue`, on tiny real MNIST runs. The lock is 3 s here so that a killed worker's run
 * comes back in seconds (the default, BullMQ's 30 s, suits real sweeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, startRedisServer, type RedisServer } from '@lenet/sweep';
import type { ExperimentResult, ExperimentRun } from '@lenet/train';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'main.js');
const TINY = ['--runs', '4', '--seed', '11', '--epochs', '1', '--train-limit', '384', '--test-limit', '200', '--backend', 'wasm', '--threads', '1'];
const LOCK = ['--lock-seconds', '3'];

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** Resolves when stderr matches `pattern` (the match), rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function lenet(args: readonly string[], cwd: string): Proc {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: { ...process.env, LENET_DEBUG: '' } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    async waitFor(pattern, ms = 120_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = err.match(pattern);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`lenet ${args[0]}: ${pattern} not seen (exit ${child.exitCode}); stderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** A run's numbers without its timings and where it ran. */
function numbers(run: ExperimentRun) {
  return { seed: run.seed, test: run.test, epochs: run.epochs.map(({ seconds: _s, imagesPerSecond: _i, ...e }) => e), bestValAccuracy: run.bestValAccuracy };
}

const readResult = (dir: string): ExperimentResult => JSON.parse(fs.readFileSync(path.join(dir, 'experiment.json'), 'utf8'));

describe('lenet worker and experiment --queue', () => {
  let server: RedisServer;
  let work: string;
  const procs: Proc[] = [];
  beforeAll(async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} not built: run npx nx run cli:build (the test target depends on it)`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-sweep-cli-'));
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const start = (args: readonly string[]) => {
    const p = lenet(args, work);
    procs.push(p);
    return p;
  };

  it('gives the local results bit for bit, each run once, through a SIGKILLed worker and a killed submitter', async () => {
    const local = start(['experiment', ...TINY, '--out', 'local']);
    expect((await local.exited).code).toBe(0);

    // b trains two runs at once, so that it is free to take a's run as soon as the queue gives it back.
    const [a, b] = [start(['worker', '--queue', server.url, ...LOCK]), start(['worker', '--queue', server.url, '--concurrency', '2', ...LOCK])];
    await Promise.all([a.waitFor(/training runs from/), b.waitFor(/training runs from/)]);
    const first = start(['experiment', ...TINY, '--queue', server.url, '--out', 'queued']);
    // Worker a dies in the middle of its first run.
    const [, killedJob] = await a.waitFor(/(run-[0-9a-f]+) started/);
    await new Promise((r) => setTimeout(r, 500));
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    const retaken = b.waitFor(new RegExp(`${killedJob} started`)).then(() => Date.now() - killedAt);
    // The submitter dies once a run has come back.
    await first.waitFor(/Test Accuracy/);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = start(['experiment', ...TINY, '--queue', server.url, '--out', 'queued']);
    expect((await second.exited).code).toBe(0);
    const retakenAfter = await retaken;
    expect(second.err()).toMatch(/finished earlier: not trained again/);

    const [l, q] = [readResult(path.join(work, 'local')), readResult(path.join(work, 'queued'))];
    expect(q.runs.map(numbers)).toEqual(l.runs.map(numbers));
    expect(q.seeds).toEqual([11, 12, 13, 14]);
    expect(q.testAccuracy).toEqual(l.testAccuracy);
    // Each run was trained to the end once, all by b (a was killed in its first), and b took a's run over.
    const finished = [...b.err().matchAll(/(run-[0-9a-f]+) finished/g)].map((m) => m[1]);
    expect(finished).toHaveLength(4);
    expect(new Set(finished).size).toBe(4);
    expect(a.err()).not.toMatch(/finished/);
    expect(finished).toContain(killedJob);
    // What the local executor writes, plus where each model is.
    for (const f of ['experiment.md', 'experiment.json', 'seed-spread.svg', 'seed-11/summary.json', 'seed-14/model/weights.bin'])
      expect(fs.existsSync(path.join(work, 'queued', f))).toBe(true);
    expect(fs.readFileSync(path.join(work, 'queued', 'seed-12', 'model', 'weights.bin'))).toEqual(
      fs.readFileSync(path.join(work, 'local', 'seed-12', 'model', 'weights.bin')),
    );
    expect(second.out()).toContain(`Test accuracy over 4 seeds: `);
    expect(second.out()).toMatch(/Models:\nseed 11: queued\/seed-11\/model \(trained by [^)]+\)\n/);

    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    expect(b.err()).toMatch(/SIGTERM: handing back the runs in progress\n.*stopped\n$/);
    console.log(
      `sweep fault test: the killed worker's run ${killedJob} was taken again by the other worker ${(retakenAfter / 1000).toFixed(1)} s after the kill (lock 3 s)`,
    );
  }, 300_000);

  it('exits 1 with one line within seconds when Redis is unreachable, 2 for a malformed URL', async () => {
    const url = `redis://:secret@127.0.0.1:${await freePort()}`;
    for (const args of [
      ['worker', '--queue', url],
      ['experiment', '--runs', '1', '--queue', url, '--out', 'never'],
    ]) {
      const started = Date.now();
      const p = start(args);
      expect((await p.exited).code).toBe(1);
      // Mostly the CLI's own start (loading TF.js: seconds on a busy machine); the check itself gives up
      // within CONNECT_TIMEOUT_MS (5 s), and on a refused port at once (timed in @lenet/sweep).
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(p.err()).toMatch(/^lenet: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*ECONNREFUSED.*\n$/);
    }
    const bad = start(['worker', '--queue', 'localhost:6379']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.err()).toBe(
      'lenet: --queue "localhost:6379": unsupported scheme localhost:; expected redis://[[user]:password@]host[:port][/db] or rediss://... (TLS)\n',
    );
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
  }, 60_000);
});
