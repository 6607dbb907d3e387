#!/usr/bin/env node
// The `lenet` command. Committed (not built) so that npm links it at install time, before any build: it
// loads the build, or says how to make one.
const path = require('node:path');
const main = path.join(__dirname, '..', 'dist', 'main.js');
try {
  require.resolve(main);
} catch {
  console.error(`lenet: ${main} is not built yet; run \`npx nx run cli:build\` (or \`npx nx run-many -t build\`) first`);
  process.exit(1);
}
require(main);
