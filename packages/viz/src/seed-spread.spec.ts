import { seedSpread, seedSpreadSpec, variantSpread } from './seed-spread';
import { countMarks, firstDifference, parseSvg, texts } from './svg-tree.test-util';

describe('seedSpread', () => {
  it('draws a dot per seed, the mean and the interval', async () => {
    const svg = parseSvg(await seedSpread([98.7, 98.9, 98.8, 98.6], 98.75, [98.6, 98.9]));
    expect(texts(svg, 'title-text')).toEqual(['Test accuracy over seeds']);
    expect(texts(svg, 'axis-title')).toContain('Test accuracy (%)');
    expect(countMarks(svg, 'symbol')).toBe(4);
    expect(countMarks(svg, 'rect')).toBe(1); // the mean's tick
    expect(countMarks(svg, 'rule')).toBe(1); // the interval
  });

  it('draws one row per variant and labelled reference rules', async () => {
    const svg = parseSvg(
      await variantSpread(
        [
          { name: 'lenet5', accuracies: [98.7, 98.9], mean: 98.8, ci: [98.6, 99] },
          { name: 'lenet5-1998', accuracies: [98.1, 98.5, 98.3], mean: 98.3, ci: [98, 98.6] },
        ],
        {
          references: [
            { name: 'paper', accuracy: 99.05 },
            { name: 'seed', accuracy: 98.77 },
          ],
        },
      ),
    );
    expect(countMarks(svg, 'symbol')).toBe(5);
    expect(countMarks(svg, 'rule')).toBe(4);
    expect(texts(svg, 'mark')).toEqual(['paper 99.05%', 'seed 98.77%']);
    expect(texts(svg, 'axis-label')).toEqual(expect.arrayContaining(['lenet5', 'lenet5-1998']));
  });

  it('is deterministic', async () => {
    expect(firstDifference(await seedSpread([1, 2], 1.5, [1, 2]), await seedSpread([1, 2], 1.5, [1, 2]))).toBe(-1);
  });

  it('keeps the accuracy axis inside [0, 100] when an interval is wider (two seeds)', () => {
    const spec = seedSpreadSpec([37.4, 61], 49.2, [-100.7, 199.1]) as unknown as { layer: Array<{ encoding: { x: { scale: { domain: number[] } } } }> };
    const [lo, hi] = spec.layer[0].encoding.x.scale.domain;
    expect(lo).toBe(0);
    expect(hi).toBe(100);
  });
});
