import { fixed, markdownTable } from '../format';
import type { Variant } from './variants';
import { PAPER_ERRORS, PAPER_FIG5, SEED_NOTEBOOK_ACCURACY } from './variants';

/** One variant's outcome over its seeds. */
export interface VariantOutcome {
  variant: Variant;
  accuracies: number[];
  mean: number;
  std: number;
  ci95: [number, number] | null;
  epochs: number;
  wallSeconds: number;
  /** The backend its runs trained on (absent in outcomes stored before it was recorded). */
  backend?: string;
  /** Folder of the variant's runs, relative to the report. */
  dir: string;
  /** Curves of its first seed, relative to the report (when drawn). */
  curves?: string;
  /** Each run's training time (s), summed over its epochs (a resumed run's included). */
  runSeconds?: number[];
  /** Paper protocol: the mean over seeds of the test and training error (%) after each pass. */
  passes?: { test: number[]; train: number[] };
}

/** How the reproduction was run, for the report's header. */
export interface ReproductionSetup {
  quick: boolean;
  /** `lenet reproduce --paper`: Fig. 9's rows under the paper's protocol (no validation part). */
  paper?: boolean;
  seeds: number[];
  backend: string;
  trainLimit?: number;
  testLimit?: number;
  wallSeconds: number;
}

/**
 * REPRODUCTION.md: our mean +/- std per variant beside the paper's and the seed notebook's numbers, the
 * spread figure and each variant's curves. Pure: the same outcomes give the same text.
 */
export function reproductionMarkdown(outcomes: readonly VariantOutcome[], setup: ReproductionSetup): string {
  const rows = outcomes.map((o) => [
    o.variant.label,
    o.variant.change,
    String(o.accuracies.length),
    String(o.epochs),
    `${fixed(o.mean, 2)} +/- ${fixed(o.std, 2)}`,
    `${fixed(100 - o.mean, 2)} +/- ${fixed(o.std, 2)}`,
    o.runSeconds === undefined || o.runSeconds.length === 0 ? '' : fixed(o.runSeconds.reduce((a, b) => a + b, 0) / o.runSeconds.length / 60, 1),
    o.variant.paperError === undefined ? '' : `${fixed(o.variant.paperError, 2)} (${fixed(100 - o.variant.paperError, 2)}%)`,
    o.variant.seedAccuracy === undefined ? '' : `${fixed(100 - o.variant.seedAccuracy, 2)} (${fixed(o.variant.seedAccuracy, 2)}%, one run)`,
  ]);
  const table = markdownTable(
    [
      'variant',
      'change from the row above',
      'seeds',
      'epochs',
      'our test accuracy (%)',
      'our test error (%)',
      'minutes per run',
      'paper test error (%)',
      'seed notebook test error (%)',
    ],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const command = setup.paper ? 'lenet reproduce --paper' : 'lenet reproduce';
  const limited = setup.trainLimit !== undefined || setup.testLimit !== undefined;
  const data = setup.paper
    ? `${limited ? `the first ${setup.trainLimit ?? 60000}` : 'all 60,000'} MNIST training images with no validation part (the paper's protocol), the ${limited ? `first ${setup.testLimit ?? 10000}` : '10,000'} test images scored after every pass`
    : limited
      ? `the first ${setup.trainLimit ?? 'all'} training images (and a validation part in proportion), the first ${setup.testLimit ?? 10000} test images`
      : 'the 60,000 MNIST training images (48,000 train / 12,000 validation, as the seed splits them) and the 10,000 test images';
  const fig5 = fig5Outcome(outcomes);
  const runMinutes = outcomes.reduce((s, o) => s + (o.runSeconds ?? []).reduce((a, b) => a + b, 0), 0) / 60;
  const lines = [
    setup.paper ? "# Reproduction: Fig. 9 of LeCun et al. 1998, trained the paper's way" : '# Reproduction: LeNet-5 (LeCun et al. 1998) and the seed notebook',
    '',
    setup.quick
      ? `> **Quick run** (\`${command} --quick\`): tiny subsets and one epoch, to check the pipeline end to end. These numbers say nothing about the paper; run \`${command}\` for the real table.`
      : `> Full run (\`${command}\`).`,
    '',
    `Seeds ${setup.seeds.join(', ')}; backend ${setup.backend}; ${data}. ${fixed(setup.wallSeconds / 60, 1)} minutes in this invocation${runMinutes === 0 ? '' : `; the runs' own training times (each its epochs' time, resumed parts included) add up to ${fixed(runMinutes, 1)} minutes`}.`,
    '',
    table,
    '',
    `References: the paper reports ${fixed(PAPER_ERRORS.lenet5, 2)}% test error for LeNet-5 and ${fixed(PAPER_ERRORS.lenet5Distorted, 2)}% with distorted training data (Fig. 9, about +/-0.1%);`,
    `the seed notebook (PyTorch, one run) reports ${fixed(SEED_NOTEBOOK_ACCURACY, 2)}% test accuracy. Ours: mean +/- sample standard deviation over the seeds, each run evaluated on the test set after its last epoch.`,
    '',
    '![test accuracy of every seed per variant](variant-spread.svg)',
    '',
    ...(fig5 === undefined ? [] : fig5Section(fig5)),
    '## Training curves (first seed of each variant)',
    '',
    ...outcomes.flatMap((o) => (o.curves ? [`### ${o.variant.label}`, '', `![${o.variant.label}](${o.curves})`, ''] : [])),
    '## Runs',
    '',
    ...outcomes.map(
      (o) => `- ${o.variant.label}: \`${o.dir}/\` (experiment.md, experiment.json, outcome.json, one run folder per seed), ${fixed(o.wallSeconds, 0)} s`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** The outcome Fig. 5 shows: LeNet-5's (the paper's figure is of it), else the first with per-pass errors. */
export function fig5Outcome(outcomes: readonly VariantOutcome[]): VariantOutcome | undefined {
  return outcomes.find((o) => o.variant.id === 'lenet5' && o.passes !== undefined) ?? outcomes.find((o) => o.passes !== undefined);
}

/** The Fig. 5 section: our test and training error per pass beside the paper's (read off its plot). */
function fig5Section(o: VariantOutcome): string[] {
  const passes = o.passes!;
  const paperTrain = new Map<number, number>(PAPER_FIG5.train.map((p) => [p.pass, p.error]));
  const rows = passes.test.map((test, i) => [
    String(i + 1),
    fixed(test, 2),
    i < PAPER_FIG5.test.length ? fixed(PAPER_FIG5.test[i]!, 2) : '',
    fixed(passes.train[i], 2),
    paperTrain.has(i + 1) ? fixed(paperTrain.get(i + 1)!, 2) : '',
  ]);
  return [
    `## Fig. 5: ${o.variant.label}, error per pass`,
    '',
    `Mean over ${o.accuracies.length} seed${o.accuracies.length === 1 ? '' : 's'}; the training error is measured during the pass (as the paper's), the test error after it. The paper's points are read off its Fig. 5 (about +/-0.1).`,
    '',
    "![error per pass, ours beside the paper's](fig5.svg)",
    '',
    markdownTable(['pass', 'our test error (%)', 'paper test error (%)', 'our training error (%)', 'paper training error (%)'], rows, [
      'right',
      'right',
      'right',
      'right',
      'right',
    ]),
    '',
  ];
}
