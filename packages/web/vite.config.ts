import { defaultClientConditions, defineConfig } from 'vite';
import { mnistFiles } from './scripts/mnist-files.ts';

// `@lenet/source`: the workspace packages are bundled from their TypeScript sources (their `browser` entries),
// so the page needs no prior build of them and tree-shakes through them.
const conditions = ['@lenet/source', ...defaultClientConditions];

export default defineConfig({
  base: './',
  resolve: { conditions },
  worker: { format: 'es' },
  plugins: [mnistFiles()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, reportCompressedSize: false },
});
