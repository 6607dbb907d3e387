import { reproductionMarkdown } from './report';
import type { VariantOutcome } from './report';
import { PAPER_ERRORS, SEED_NOTEBOOK_ACCURACY, paperVariants, reproductionVariants } from './variants';

describe('reproductionVariants', () => {
  const variants = reproductionVariants({ seed: 10, paper: 20 });

  it("go from the seed's model to the paper's one change at a time, then distortions", () => {
    expect(variants.map((v) => v.id)).toEqual([
      'seed',
      'scaled-tanh',
      'trainable-subsampling',
      'c3-table',
      'input-32',
      'rbf-adam',
      'lenet5-1998',
      'lenet5-1998-distort',
      'seed-distort',
    ]);
    expect(variants[0].options).toEqual({ model: 'lenet5', epochs: 10 });
    expect(variants.find((v) => v.id === 'lenet5-1998')!.options).toMatchObject({ model: 'lenet5-1998', optimizer: 'sdlm', schedule: 'paper', epochs: 20 });
    expect(variants.filter((v) => v.options.distort).map((v) => v.id)).toEqual(['lenet5-1998-distort', 'seed-distort']);
  });

  it("compare with the paper's and the seed's numbers", () => {
    expect(variants.find((v) => v.id === 'lenet5-1998')!.paperError).toBe(PAPER_ERRORS.lenet5);
    expect(variants.find((v) => v.id === 'lenet5-1998-distort')!.paperError).toBe(PAPER_ERRORS.lenet5Distorted);
    expect(variants[0].seedAccuracy).toBe(SEED_NOTEBOOK_ACCURACY);
  });
});

describe('reproductionMarkdown', () => {
  const [seed, , , , , , paper] = reproductionVariants({ seed: 10, paper: 20 });
  const outcomes: VariantOutcome[] = [
    {
      variant: seed,
      accuracies: [98.8, 98.9, 98.7],
      mean: 98.8,
      std: 0.1,
      ci95: [98.55, 99.05],
      epochs: 10,
      wallSeconds: 600,
      dir: 'variants/seed',
      curves: 'variants/seed/curves.svg',
      runSeconds: [120, 150, 180],
    },
    { variant: paper, accuracies: [98.9, 99.0, 98.8], mean: 98.9, std: 0.1, ci95: [98.65, 99.15], epochs: 20, wallSeconds: 1800, dir: 'variants/lenet5-1998' },
  ];

  it('puts our mean +/- std beside the paper and the seed notebook', () => {
    const md = reproductionMarkdown(outcomes, { quick: false, seeds: [0, 1, 2], backend: 'wasm', wallSeconds: 2400 });
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(3);
    const cells = (row: string): string[] =>
      row
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    expect(cells(rows[1])).toEqual([
      "seed's lenet5",
      'ReLU, avg pooling, full C3, softmax, 28x28, Adam 1e-3',
      '3',
      '10',
      '98.80 +/- 0.10',
      '1.20 +/- 0.10',
      '2.5',
      '',
      '1.23 (98.77%, one run)',
    ]);
    expect(cells(rows[2])).toEqual([
      'lenet5-1998 (SDLM)',
      "the paper's SDLM and learning-rate schedule",
      '3',
      '20',
      '98.90 +/- 0.10',
      '1.10 +/- 0.10',
      '',
      '0.95 (99.05%)',
      '',
    ]);
    expect(md).toContain('![test accuracy of every seed per variant](variant-spread.svg)');
    expect(md).toContain("![seed's lenet5](variants/seed/curves.svg)");
    expect(md).toContain('Seeds 0, 1, 2; backend wasm');
    expect(md).toContain("40.0 minutes in this invocation; the runs' own training times (each its epochs' time, resumed parts included) add up to 7.5 minutes");
    expect(md).not.toContain('Quick run');
  });

  it('says loudly that a quick run is not a reproduction', () => {
    const md = reproductionMarkdown(outcomes, { quick: true, seeds: [0, 1], backend: 'wasm', trainLimit: 1000, testLimit: 500, wallSeconds: 90 });
    expect(md).toContain('**Quick run**');
    expect(md).toContain('the first 1000 training images');
  });
});

describe('paperVariants', () => {
  it("are Fig. 9's rows under the paper's protocol: SDLM, its schedule, no validation part", () => {
    const variants = paperVariants(20);
    expect(variants.map((v) => [v.id, v.options.model, v.paperError])).toEqual([
      ['lenet1', 'lenet1', 1.7],
      ['lenet4', 'lenet4', 1.1],
      ['lenet5', 'lenet5-1998', 0.95],
      ['lenet5-distort', 'lenet5-1998', 0.8],
    ]);
    for (const v of variants) expect(v.options).toMatchObject({ optimizer: 'sdlm', schedule: 'paper', valFraction: 0, epochs: 20 });
  });

  it("report Fig. 5: our test and training error per pass beside the paper's", () => {
    const [, , lenet5] = paperVariants(2);
    const md = reproductionMarkdown(
      [
        {
          variant: lenet5!,
          accuracies: [97.5],
          mean: 97.5,
          std: Number.NaN,
          ci95: null,
          epochs: 2,
          wallSeconds: 60,
          dir: 'variants/lenet5',
          passes: { test: [3.1, 2.5], train: [6, 3.5] },
        },
      ],
      { quick: false, paper: true, seeds: [0], backend: 'wasm', wallSeconds: 60 },
    );
    expect(md).toContain('all 60,000 MNIST training images with no validation part');
    expect(md).toContain("![error per pass, ours beside the paper's](fig5.svg)");
    const rows = md.split('\n').filter((l) => /^\| +[12] \|/.test(l));
    expect(
      rows.map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      ),
    ).toEqual([
      ['1', '3.10', '2.50', '6.00', '4.80'],
      ['2', '2.50', '2.10', '3.50', '3.00'],
    ]);
  });
});
