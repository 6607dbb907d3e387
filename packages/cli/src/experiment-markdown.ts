import type { ExperimentResult } from '@lenet/train';
import { markdownTable } from './format';

/** A number for a report: `n/a` where there is none (a run without a validation part has no best val accuracy). */
function cell(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/**
 * An experiment as Markdown (`experiment.md`): the configuration, one row per run, mean +/- std, the 95% CI
 * of the mean and the per-class means.
 */
export function experimentMarkdown(result: ExperimentResult): string {
  const o = result.options;
  const a = result.testAccuracy;
  const ci = a.ci95 === null ? 'n/a (one run)' : `[${cell(a.ci95[0])}, ${cell(a.ci95[1])}]`;
  const runs = result.runs.map((r) => [
    String(r.index),
    String(r.seed),
    cell(r.test.accuracy),
    cell(100 - r.test.accuracy),
    cell(r.test.loss, 4),
    cell(r.test.meanClassAccuracy),
    cell(r.bestValAccuracy),
    cell(r.wallSeconds, 1),
    cell(r.trainImagesPerSecond, 0),
  ]);
  const mean = [
    '**mean +/- std**',
    '',
    `**${cell(a.mean)} +/- ${cell(a.std)}**`,
    `${cell(100 - a.mean)} +/- ${cell(a.std)}`,
    cell(result.testLoss.mean, 4),
    cell(result.meanClassAccuracy.mean),
    '',
    '',
    '',
  ];
  const classes = result.perClassAccuracy.map((_, c) => String(c));
  return [
    `## ${o.model}: test accuracy over ${a.n} seed${a.n === 1 ? '' : 's'}`,
    '',
    `${o.model}, ${o.dataset}, ${o.normalization} normalisation, ${o.optimizer} lr ${o.learningRate} (${o.schedule}), batch ${o.batchSize}, ` +
      `${o.epochs} epochs${o.distort ? ', distortions' : ''}, backend ${result.runs[0]?.backend ?? o.backend}, ${result.workers} worker${result.workers === 1 ? '' : 's'}, ` +
      `${cell(result.wallSeconds, 0)} s in all.`,
    '',
    markdownTable(
      ['run', 'seed', 'test accuracy (%)', 'test error (%)', 'test loss', 'mean class accuracy (%)', 'best val accuracy (%)', 'wall (s)', 'train img/s'],
      [...runs, mean],
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
    `95% confidence interval of the mean test accuracy (Student t, ${Math.max(a.n - 1, 0)} df): ${ci}`,
    '',
    markdownTable(
      ['class', ...classes],
      [['mean accuracy (%)', ...result.perClassAccuracy.map((v) => cell(v))]],
      ['left', ...classes.map(() => 'right' as const)],
    ),
    '',
  ].join('\n');
}
