/**
 * The queue on a real Redis (Debian's redis-server, started here on a free loopback port, no
 * persistence) with a real worker training real MNIST runs on @lenet/train's built worker thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { runExperiment, type TrainOptions } from '@lenet/train';
import { QueueUnreachableError, bullConnection, connectRedis } from './connect-redis';
import { JOB_FORMAT, runJobData, runJobId } from './job-data';
import { createQueueExecutor, type SweepEvent } from './queue-executor';
import { startQueueWorker, type QueueWorker } from './queue-worker';
import { freePort, startRedisServer, type RedisServer } from './redis-server';
import { SWEEP_DEFAULTS } from './sweep-defaults';

const TINY: TrainOptions = { model: 'lenet5', backend: 'wasm', epochs: 1, trainLimit: 256, testLimit: 200, seed: 3, threads: 1 };

describe('connecting', () => {
  it('reports an unreachable Redis in one line within seconds', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    await expect(connectRedis(url)).rejects.toThrow(QueueUnreachableError);
    await expect(createQueueExecutor({ url })).rejects.toThrow(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED[^\n]*$/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('authenticates with a password URL and names a wrong password without showing it', async () => {
    const server = await startRedisServer({ password: 's3cret/pw' });
    try {
      const client = await connectRedis(server.url);
      expect(server.url).toContain(':s3cret%2Fpw@');
      expect(await client.ping()).toBe('PONG');
      client.disconnect();
      const wrong = connectRedis(`redis://:nope@127.0.0.1:${server.port}`);
      await expect(wrong).rejects.toThrow(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
    } finally {
      await server.stop();
    }
  });
});

describe('a queue worker', () => {
  let server: RedisServer;
  let worker: QueueWorker;
  let tmp: string;
  const failures: string[] = [];
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-sweep-'));
    server = await startRedisServer();
    worker = await startQueueWorker({ url: server.url, name: 'test-worker', lockSeconds: 2, onEvent: (e) => e.type === 'failed' && failures.push(e.reason) });
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 30_000);

  it('trains a run the same as the local threads, bit for bit, and brings its folder back', async () => {
    const events: SweepEvent[] = [];
    const executor = await createQueueExecutor({ url: server.url, onEvent: (e) => events.push(e) });
    try {
      const queued = await runExperiment({ ...TINY, runs: 1, executor, runDir: path.join(tmp, 'queue') });
      const local = await runExperiment({ ...TINY, runs: 1, runDir: path.join(tmp, 'local') });
      const [q, l] = [queued.runs[0]!, local.runs[0]!];
      expect(q.test).toEqual(l.test);
      expect(q.epochs.map(({ seconds: _s, imagesPerSecond: _i, ...e }) => e)).toEqual(l.epochs.map(({ seconds: _s, imagesPerSecond: _i, ...e }) => e));
      expect(q.worker).toBe('test-worker');
      expect(queued.workers).toBe(1);
      const runDir = path.join(tmp, 'queue', 'seed-3');
      expect(q.runDir).toBe(runDir);
      const names = (dir: string) =>
        fs
          .readdirSync(dir)
          .map((n) => n.replace(/tfevents\.\d+\./, 'tfevents.<time>.'))
          .sort();
      expect(names(runDir)).toEqual(names(path.join(tmp, 'local', 'seed-3')));
      expect(fs.readFileSync(path.join(runDir, 'model', 'weights.bin'))).toEqual(fs.readFileSync(path.join(tmp, 'local', 'seed-3', 'model', 'weights.bin')));
      const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
      expect([summary.runDir, summary.options.runDir]).toEqual([runDir, runDir]);
      expect(events.map((e) => e.type)).toEqual(['queued', 'started', 'epoch', 'finished']);
      expect(events[0]).toMatchObject({ state: 'new', done: 0, total: 1, seed: 3 });

      // The same run submitted again (a new submitter) is the finished job: not trained again.
      events.length = 0;
      const second = await createQueueExecutor({ url: server.url, onEvent: (e) => events.push(e) });
      const again = await runExperiment({ ...TINY, runs: 1, executor: second, runDir: path.join(tmp, 'again') }).finally(() => second.close());
      expect(again.runs[0]!.wallSeconds).toBe(q.wallSeconds);
      expect(events.map((e) => e.type)).toEqual(['queued', 'finished']);
      expect(events[0]).toMatchObject({ state: 'finished' });
    } finally {
      await executor.close();
    }
  }, 120_000);

  it('fails a malformed job once, with its message, before training anything', async () => {
    const queue = new Queue(SWEEP_DEFAULTS.queueName, { connection: bullConnection(server.url), prefix: SWEEP_DEFAULTS.prefix });
    const events = new QueueEvents(SWEEP_DEFAULTS.queueName, { connection: bullConnection(server.url), prefix: SWEEP_DEFAULTS.prefix });
    await events.waitUntilReady();
    try {
      const good = runJobData(TINY);
      const cases: Array<[string, unknown, RegExp]> = [
        ['bad-epochs', { format: JOB_FORMAT, options: { ...good.options, epochs: 0 } }, /epochs: expected an integer .*found 0/],
        ['run-dir', { format: JOB_FORMAT, options: { ...good.options, runDir: '/etc' } }, /options: runDir not allowed in a job/],
        ['not-a-run', { format: JOB_FORMAT, options: good.options, script: 'process.exit()' }, /unexpected fields script/],
        ['wrong-id', good, new RegExp(`job id wrong-id is not the id of its options \\(${runJobId(good.options)}\\)`)],
      ];
      for (const [jobId, data, message] of cases) {
        const job = await queue.add('train', data, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 100 } });
        await expect(job.waitUntilFinished(events)).rejects.toThrow(message);
        const failed = (await queue.getJob(jobId))!;
        expect(await failed.getState()).toBe('failed');
        expect(failed.attemptsMade).toBe(1);
      }
      expect(failures).toHaveLength(4);
    } finally {
      await events.close();
      await queue.close();
    }
  }, 60_000);
  it('hands a run in progress back to the queue when stopped, for another worker to train', async () => {
    await worker.stop();
    const seen: string[] = [];
    const stopping = await startQueueWorker({ url: server.url, name: 'stopping', lockSeconds: 2, onEvent: (e) => seen.push(e.type) });
    const executor = await createQueueExecutor({ url: server.url });
    try {
      const pending = runExperiment({ ...TINY, seed: 40, trainLimit: 768, runs: 1, executor });
      for (const deadline = Date.now() + 60_000; !seen.includes('started') && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      await stopping.stop();
      expect(seen).toEqual(['started', 'handed-back']);
      const queue = new Queue(SWEEP_DEFAULTS.queueName, { connection: bullConnection(server.url), prefix: SWEEP_DEFAULTS.prefix });
      const job = (await queue.getJob(runJobId({ ...TINY, seed: 40, trainLimit: 768 })))!;
      expect(job.attemptsMade).toBe(0);
      await queue.close();
      worker = await startQueueWorker({ url: server.url, name: 'test-worker', lockSeconds: 2, onEvent: (e) => e.type === 'failed' && failures.push(e.reason) });
      const result = await pending;
      expect(result.runs[0]!.worker).toBe('test-worker');
    } finally {
      await executor.close();
    }
  }, 180_000);
});
