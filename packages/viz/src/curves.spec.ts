import { curves, curvesSpec } from './curves';
import type { EpochRecord, StepRecord } from './records';
import { countMarks, firstDifference, parseSvg, texts } from './svg-tree.test-util';

const steps: StepRecord[] = Array.from({ length: 120 }, (_, i) => ({
  kind: 'step',
  step: i,
  epoch: Math.floor(i / 40),
  loss: 2 * Math.exp(-i / 30) + ((i * 7919) % 13) / 100,
  accuracy: 100 - 80 * Math.exp(-i / 30) - ((i * 104729) % 7),
}));
const epochs: EpochRecord[] = [1, 2, 3].map((epoch) => ({
  kind: 'epoch',
  epoch,
  trainLoss: 0.3 / epoch,
  trainAccuracy: 90 + epoch,
  valLoss: 0.4 / epoch,
  valAccuracy: 89 + epoch,
}));

describe('curves', () => {
  it("draws the seed's four panels with titles and labelled axes", async () => {
    const svg = parseSvg(await curves(steps, epochs));
    // Vega writes the panels' titles first, the figure's last.
    expect(texts(svg, 'title-text')).toEqual([
      'Train Loss Over Time',
      'Validation Loss Over Time',
      'Train Accuracy Over Time',
      'Validation Accuracy Over Time',
      'Training curves',
    ]);
    expect(texts(svg, 'axis-title').sort()).toEqual(
      ['Epoch', 'Epoch', 'Step', 'Step', 'Train Accuracy (%)', 'Train Loss', 'Validation Accuracy (%)', 'Validation Loss'].sort(),
    );
    // Per-step panels: raw + rolling mean lines; per-epoch panels: one line with a point per epoch.
    expect(countMarks(svg, 'line')).toBe(6);
    expect(countMarks(svg, 'symbol')).toBe(2 * epochs.length);
  });

  it("shows the test set per epoch for runs without a validation part (the paper's protocol)", async () => {
    const paper: EpochRecord[] = epochs.map((e) => ({ ...e, valLoss: null, valAccuracy: null, testLoss: 0.5 / e.epoch, testAccuracy: 88 + e.epoch }));
    const svg = parseSvg(await curves(steps, paper));
    expect(texts(svg, 'title-text')).toEqual([
      'Train Loss Over Time',
      'Test Loss Over Time',
      'Train Accuracy Over Time',
      'Test Accuracy Over Time',
      'Training curves',
    ]);
    expect(countMarks(svg, 'symbol')).toBe(2 * epochs.length);
  });

  it('is deterministic: two renders are byte-identical', async () => {
    const [a, b] = await Promise.all([curves(steps, epochs), curves(steps, epochs)]);
    expect(firstDifference(a, b)).toBe(-1);
    expect(firstDifference(await curves(steps, epochs), a)).toBe(-1);
  });

  it('leaves out non-finite values (a diverged run reads back null losses)', () => {
    const spec = curvesSpec([...steps, { step: 120, epoch: 3, loss: null, accuracy: 10 }], epochs) as unknown as {
      concat: Array<{ data: { values: unknown[] } }>;
    };
    expect(spec.concat[0].data.values).toHaveLength(120);
    expect(spec.concat[2].data.values).toHaveLength(121);
  });

  it('keeps the figure of a 20-pass run at batch 16 (75,000 steps) small', async () => {
    const long: StepRecord[] = Array.from({ length: 75_000 }, (_, i) => ({
      kind: 'step',
      step: i,
      epoch: Math.floor(i / 3750),
      loss: 1 / (1 + i / 1000),
      accuracy: 100 - 50 / (1 + i / 1000),
    }));
    const svg = await curves(long, epochs);
    // Drawn whole it was 4 MB; thinned to at most 1,000 points a panel it stays under 200 kB.
    expect(svg.length).toBeLessThan(200_000);
    expect(countMarks(parseSvg(svg), 'line')).toBe(6);
  });

  it('renders with no records at all (an empty run)', async () => {
    const svg = parseSvg(await curves([], []));
    expect(texts(svg, 'title-text')).toContain('Training curves');
  });
});
