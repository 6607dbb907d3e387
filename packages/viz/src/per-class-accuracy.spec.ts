import { perClassAccuracy } from './per-class-accuracy';
import { countMarks, firstDifference, parseSvg, texts } from './svg-tree.test-util';

const values = [99.1, 99.5, 98.2, 98.9, 98.7, 97.9, 98.8, 98.1, 97.5, 96.9];

describe('perClassAccuracy', () => {
  it('draws one bar per class with its value and a mean rule', async () => {
    const svg = parseSvg(await perClassAccuracy(values));
    expect(texts(svg, 'title-text')).toEqual(['Accuracy per class (test set)']);
    expect(texts(svg, 'axis-title')).toEqual(expect.arrayContaining(['Class', 'Accuracy (%, axis from 90)']));
    expect(countMarks(svg, 'rect')).toBe(10);
    expect(texts(svg, 'mark')).toEqual(values.map((v) => v.toFixed(1)));
    expect(countMarks(svg, 'rule')).toBe(1);
  });

  it('is deterministic', async () => {
    expect(firstDifference(await perClassAccuracy(values), await perClassAccuracy(values))).toBe(-1);
  });

  it('rejects labels of the wrong length', () => {
    expect(() => perClassAccuracy(values, { labels: ['a'] })).toThrow('expected 10 labels, found 1');
  });
});
