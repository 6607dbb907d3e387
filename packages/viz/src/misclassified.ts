import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** One wrongly classified digit: its 28x28 pixels (row-major, 0 = background, 255 = ink), true and predicted class. */
export interface MisclassifiedItem {
  pixels: Uint8Array;
  label: number;
  predicted: number;
}

/** Options of {@link misclassifiedSpec}. */
export interface MisclassifiedOptions {
  /** Default 'Misclassified test digits'. */
  title?: string;
  /** Digits per row; default 8. */
  columns?: number;
  /** Side of an image (rows = columns) in pixels of the source; default 28. */
  size?: number;
  /** Pixels drawn per source pixel; default 3. */
  scale?: number;
}

/**
 * A grid of digits with "true T, pred P" above each (the facet header). Every digit is a facet cell with a black background
 * and one rect mark per non-zero pixel (grey level = pixel value): pure SVG, no embedded bitmap. The digits
 * appear in the order given.
 */
export function misclassifiedSpec(items: readonly MisclassifiedItem[], options: MisclassifiedOptions = {}): TopLevelSpec {
  const size = options.size ?? 28;
  const scale = options.scale ?? 3;
  const values: Array<Record<string, number | string>> = [];
  items.forEach((item, index) => {
    if (item.pixels.length !== size * size) {
      throw new RangeError(`misclassified item ${index}: expected ${size * size} pixels (${size}x${size}), found ${item.pixels.length}`);
    }
    const caption = `true ${item.label}, pred ${item.predicted}`;
    // The facet key sorts in input order; the header shows only the caption after the '|'.
    const cell = `${String(index).padStart(5, '0')}|${caption}`;
    let drawn = false;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const v = item.pixels[r * size + c];
        if (v === 0) continue;
        values.push({ cell, r, c, v });
        drawn = true;
      }
    }
    // An all-background image still needs a row so that its cell (and caption) exists.
    if (!drawn) values.push({ cell, r: 0, c: 0, v: 0 });
  });
  const axis = Array.from({ length: size }, (_, i) => i);
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Misclassified test digits',
    data: { values },
    columns: options.columns ?? 8,
    facet: {
      field: 'cell',
      type: 'ordinal',
      title: null,
      header: { labelExpr: "split(datum.value, '|')[1]", labelFontSize: 10, labelPadding: 4 },
    },
    spec: {
      width: size * scale,
      height: size * scale,
      // No aria-label per pixel: it would triple the file size.
      mark: { type: 'rect', aria: false },
      encoding: {
        x: { field: 'c', type: 'ordinal', scale: { domain: axis, paddingInner: 0, paddingOuter: 0 }, axis: null },
        y: { field: 'r', type: 'ordinal', scale: { domain: axis, paddingInner: 0, paddingOuter: 0 }, axis: null },
        color: { field: 'v', type: 'quantitative', scale: { domain: [0, 255], range: ['black', 'white'] }, legend: null },
      },
    },
    config: { ...FIGURE_CONFIG, view: { fill: 'black', stroke: null }, facet: { spacing: 16 } },
  });
}

/** {@link misclassifiedSpec} rendered to SVG. */
export function misclassified(items: readonly MisclassifiedItem[], options?: MisclassifiedOptions): Promise<string> {
  return renderSvg(misclassifiedSpec(items, options));
}
