/**
 * `npx nx run bench:parse-mnist`: times parsing the full MNIST (all four files) with @lenet/data. Reports file
 * reading, SHA-256, readIdx alone and the whole loadMnist.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadMnist, locateDataset, readIdx } from '@lenet/data';

const ms = (t: bigint): string => (Number(process.hrtime.bigint() - t) / 1e6).toFixed(0);

async function main(): Promise<void> {
  const located = await locateDataset('mnist');
  const files = Object.values(located.files);
  let t = process.hrtime.bigint();
  const bytes = files.map((f) => readFileSync(f));
  const readMs = ms(t);
  t = process.hrtime.bigint();
  for (const b of bytes) createHash('sha256').update(b).digest('hex');
  const shaMs = ms(t);
  t = process.hrtime.bigint();
  bytes.forEach((b, i) => readIdx(b, files[i]));
  const parseMs = ms(t);
  const runs: string[] = [];
  for (let i = 0; i < 3; i++) {
    t = process.hrtime.bigint();
    await loadMnist();
    runs.push(ms(t));
  }
  console.log(
    `MNIST from ${located.dir}: read ${readMs} ms, SHA-256 ${shaMs} ms, readIdx ${parseMs} ms; ` +
      `loadMnist (read + verify + parse + validate) ${runs.join(' / ')} ms`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
