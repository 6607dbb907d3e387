import { confusionMatrix } from './confusion-matrix';
import { countMarks, firstDifference, markGroups, parseSvg, textOf, texts } from './svg-tree.test-util';

const matrix = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 900 + t : (t * 3 + p) % 4)));

describe('confusionMatrix', () => {
  it('draws 100 cells, each with its count, under a title and axis titles', async () => {
    const svg = parseSvg(await confusionMatrix(matrix));
    expect(texts(svg, 'title-text')).toEqual(['Confusion matrix (test set)']);
    expect(texts(svg, 'axis-title').sort()).toEqual(['Predicted class', 'True class']);
    expect(countMarks(svg, 'rect')).toBe(100);
    const counts = markGroups(svg, 'text').flatMap((g) => g.children.map(textOf));
    expect(counts).toHaveLength(100);
    expect(counts).toContain('909');
    expect(counts.filter((c) => /^9\d\d$/.test(c))).toHaveLength(10);
  });

  it('is deterministic', async () => {
    expect(firstDifference(await confusionMatrix(matrix), await confusionMatrix(matrix))).toBe(-1);
  });

  it('rejects a matrix that is not square', () => {
    expect(() => confusionMatrix([[1, 2], [3]])).toThrow('expected 2 columns in row 1, found 1');
  });
});
