import { misclassified } from './misclassified';
import type { MisclassifiedItem } from './misclassified';
import { countMarks, firstDifference, parseSvg, texts } from './svg-tree.test-util';

/** A vertical bar of ink at column 8 + k, 18 rows tall, plus one grey pixel: 19 non-zero pixels. */
function digit(k: number): Uint8Array {
  const p = new Uint8Array(28 * 28);
  for (let r = 5; r < 23; r++) p[r * 28 + 8 + k] = 255;
  p[27 * 28] = 100;
  return p;
}

const items: MisclassifiedItem[] = Array.from({ length: 11 }, (_, k) => ({ pixels: digit(k), label: k % 10, predicted: (k + 3) % 10 }));

describe('misclassified', () => {
  it('draws every digit with its non-zero pixels and a "true/pred" caption, in the order given', async () => {
    const svg = parseSvg(await misclassified(items));
    // Vega writes the cell headers first, the figure title last.
    expect(texts(svg, 'title-text')).toEqual([...items.map((d) => `true ${d.label}, pred ${d.predicted}`), 'Misclassified test digits']);
    expect(countMarks(svg, 'rect')).toBe(11 * 19);
  });

  it('keeps a cell for an all-background image', async () => {
    const svg = parseSvg(await misclassified([{ pixels: new Uint8Array(784), label: 1, predicted: 7 }]));
    expect(texts(svg, 'title-text')).toEqual(['true 1, pred 7', 'Misclassified test digits']);
  });

  it('is deterministic', async () => {
    expect(firstDifference(await misclassified(items), await misclassified(items))).toBe(-1);
  });

  it('rejects an image of the wrong size, naming the item', () => {
    expect(() => misclassified([{ pixels: new Uint8Array(10), label: 1, predicted: 2 }])).toThrow(
      'misclassified item 0: expected 784 pixels (28x28), found 10',
    );
  });
});
