import { resolveTrainOptions, summarize, type ExperimentResult, type ExperimentRun } from '@lenet/train';
import { experimentMarkdown } from './experiment-markdown';

/** An experiment result as runExperiment builds it, from given accuracies (the statistics are the real ones). */
function resultOf(accuracies: number[], bestValAccuracy = 98.8): ExperimentResult {
  const runs: ExperimentRun[] = accuracies.map((accuracy, index) => ({
    index,
    seed: index,
    backend: 'wasm',
    test: { loss: 0.04, accuracy, perClassAccuracy: new Array(10).fill(accuracy), meanClassAccuracy: accuracy, confusion: [], misclassified: [] },
    epochs: [],
    bestValAccuracy,
    wallSeconds: 60,
    trainImagesPerSecond: 9000,
  }));
  const testAccuracy = summarize(accuracies);
  return {
    options: resolveTrainOptions({ model: 'lenet5' }),
    seeds: runs.map((r) => r.seed),
    workers: 2,
    testAccuracy,
    testLoss: summarize(runs.map((r) => r.test.loss)),
    meanClassAccuracy: testAccuracy,
    perClassAccuracy: new Array(10).fill(testAccuracy.mean),
    runs,
    wallSeconds: 300,
  };
}

describe('experimentMarkdown', () => {
  it('tabulates every run, mean +/- std, the 95% CI and per-class means', () => {
    const result = resultOf([98.94, 99.01, 98.71, 98.89, 98.65]);
    const md = experimentMarkdown(result);
    expect(md).toMatch(/^\| +2 \| +2 \| +98\.71 \| +1\.29 \| +0\.0400 \|/m);
    expect(md).toContain('**98.84 +/- 0.15**');
    const [lo, hi] = result.testAccuracy.ci95!;
    expect(md).toContain(`(Student t, 4 df): [${lo.toFixed(2)}, ${hi.toFixed(2)}]`);
    expect(lo).toBeCloseTo(98.84 - 2.776445 * Math.sqrt(0.0236 / 5), 5);
    expect(md).toMatch(/^\| mean accuracy \(%\) \| 98\.84 \| 98\.84 \|/m);
    expect(md).toContain('lenet5, mnist, seed normalisation, adam lr 0.001 (constant), batch 64, 10 epochs, backend wasm, 2 workers, 300 s in all.');
    // Every row of a table has as many cells as its header.
    for (const table of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const cells = table
        .trim()
        .split('\n')
        .map((line) => line.split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('writes n/a where a figure does not exist: one run has no CI, no validation part no best val accuracy', () => {
    const md = experimentMarkdown(resultOf([98.9], Number.NaN));
    expect(md).toContain('over 1 seed\n');
    expect(md).toContain('(Student t, 0 df): n/a (one run)');
    expect(md).toMatch(/\| +98\.90 \| +1\.10 \| +0\.0400 \| +98\.90 \| +n\/a \|/);
  });
});
