import { filters } from './filters';
import { countMarks, parseSvg, texts } from './svg-tree.test-util';

describe('filters', () => {
  it('draws one rect per weight of the six C1 kernels, with a title per output map', async () => {
    const w = Float32Array.from({ length: 5 * 5 * 1 * 6 }, (_, i) => Math.sin(i));
    const svg = parseSvg(await filters(w, [5, 5, 1, 6]));
    // Header title, one header per kernel, then the figure title.
    expect(texts(svg, 'title-text')).toEqual(['Output feature map', 'map 0', 'map 1', 'map 2', 'map 3', 'map 4', 'map 5', 'Learned C1 kernels']);
    expect(countMarks(svg, 'rect')).toBe(150);
  });

  it('reads the HWIO layout: weight [r, c, i, o] lands in kernel o', async () => {
    // Only kernel 2, row 1, column 3 is non-zero.
    const w = new Float32Array(5 * 5 * 6);
    w[(1 * 5 + 3) * 6 + 2] = 1;
    const svg = await filters(w, [5, 5, 1, 6]);
    const fills = [...svg.matchAll(/fill="(#[0-9a-f]{6}|rgb\([^)]*\))"/g)].map((m) => m[1]);
    expect(new Set(fills).size).toBeGreaterThan(1);
  });

  it('adds a row per input map when the layer has several', async () => {
    const svg = parseSvg(await filters(new Float32Array(3 * 3 * 2 * 4), [3, 3, 2, 4]));
    expect(countMarks(svg, 'rect')).toBe(72);
    expect(texts(svg, 'title-text')).toEqual(expect.arrayContaining(['Input feature map', 'input 0', 'input 1', 'map 3']));
  });

  it('rejects weights that do not match the shape', () => {
    expect(() => filters(new Float32Array(10), [5, 5, 1, 6])).toThrow('expected 150 weights for shape [5, 5, 1, 6], found 10');
  });
});
