// Times parsing the full MNIST (all four files) with the built package: `node packages/data/bench/parse-mnist.cjs`
// after `npx nx run data:build`. Reports file reading, SHA-256, readIdx alone and the whole loadMnist.
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { loadMnist, readIdx, locateDataset } = require('../dist/index.js');

async function main() {
  const located = await locateDataset('mnist');
  const files = Object.values(located.files);
  const ms = (t) => (Number(process.hrtime.bigint() - t) / 1e6).toFixed(0);
  let t = process.hrtime.bigint();
  const bytes = files.map((f) => readFileSync(f));
  const readMs = ms(t);
  t = process.hrtime.bigint();
  for (const b of bytes) createHash('sha256').update(b).digest('hex');
  const shaMs = ms(t);
  t = process.hrtime.bigint();
  bytes.forEach((b, i) => readIdx(b, files[i]));
  const parseMs = ms(t);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    t = process.hrtime.bigint();
    await loadMnist();
    runs.push(ms(t));
  }
  console.log(`MNIST from ${located.dir}: read ${readMs} ms, SHA-256 ${shaMs} ms, readIdx ${parseMs} ms; ` +
    `loadMnist (read + verify + parse + validate) ${runs.join(' / ')} ms`);
}
main();
