import { passErrors, passErrorsSpec } from './pass-errors';
import { countMarks, parseSvg, texts } from './svg-tree.test-util';

const series = [
  { name: 'ours, test', points: [1, 2, 3].map((pass) => ({ pass, error: 3 / pass })) },
  {
    name: 'paper, test',
    points: [
      { pass: 1, error: 2.5 },
      { pass: 2, error: 2.1 },
    ],
    dashed: true,
  },
];

describe('passErrors', () => {
  it('draws one line with points per series, error against pass (Fig. 5 of the paper)', async () => {
    const svg = parseSvg(await passErrors(series, { title: 'Fig. 5' }));
    expect(texts(svg, 'title-text')).toEqual(['Fig. 5']);
    expect(texts(svg, 'axis-title').sort()).toEqual(['Error rate (%)', 'Training pass']);
    expect(countMarks(svg, 'line')).toBe(2);
    expect(countMarks(svg, 'symbol')).toBe(5);
  });

  it('leaves out non-finite points and refuses an empty figure', () => {
    const spec = passErrorsSpec([
      {
        name: 'a',
        points: [
          { pass: 1, error: Number.NaN },
          { pass: 2, error: 1 },
        ],
      },
    ]) as unknown as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(1);
    expect(() => passErrorsSpec([])).toThrow('expected at least one series');
  });
});
