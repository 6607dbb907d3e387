import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** Options of {@link filtersSpec}. */
export interface FiltersOptions {
  /** Default 'Learned C1 kernels'. */
  title?: string;
  /** Pixels per kernel weight; default 14. */
  scale?: number;
}

/**
 * The kernels of a convolution layer, TF.js layout `[kh, kw, in, out]` (HWIO): one heatmap per output
 * map (columns) and input map (rows), one rect per weight. Diverging colours with white at 0 and a
 * symmetric domain, so the sign and relative strength of the weights are comparable across kernels.
 */
export function filtersSpec(weights: Float32Array, shape: readonly [number, number, number, number], options: FiltersOptions = {}): TopLevelSpec {
  const [kh, kw, cin, cout] = shape;
  if (shape.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError(`filters: expected a shape of 4 positive integers, found [${shape.join(', ')}]`);
  if (weights.length !== kh * kw * cin * cout) {
    throw new RangeError(`filters: expected ${kh * kw * cin * cout} weights for shape [${shape.join(', ')}], found ${weights.length}`);
  }
  let maxAbs = 0;
  for (const w of weights) if (Number.isFinite(w)) maxAbs = Math.max(maxAbs, Math.abs(w));
  if (maxAbs === 0) maxAbs = 1;
  const values: Array<Record<string, number | string>> = [];
  for (let o = 0; o < cout; o++) {
    for (let i = 0; i < cin; i++) {
      for (let r = 0; r < kh; r++) {
        for (let c = 0; c < kw; c++) {
          const w = weights[((r * kw + c) * cin + i) * cout + o];
          values.push({ kernel: `map ${o}`, channel: `input ${i}`, o, i, r, c, w: Number.isFinite(w) ? w : 0 });
        }
      }
    }
  }
  const scale = options.scale ?? 14;
  const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);
  const kernels = range(cout).map((o) => `map ${o}`);
  const channels = range(cin).map((i) => `input ${i}`);
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Learned C1 kernels',
    data: { values },
    facet: {
      column: { field: 'kernel', type: 'ordinal', sort: kernels, title: 'Output feature map' },
      ...(cin > 1 ? { row: { field: 'channel', type: 'ordinal', sort: channels, title: 'Input feature map' } } : {}),
    },
    spec: {
      width: kw * scale,
      height: kh * scale,
      // No aria-label per pixel: it would triple the file size.
      mark: { type: 'rect', aria: false },
      encoding: {
        x: { field: 'c', type: 'ordinal', scale: { domain: range(kw), paddingInner: 0, paddingOuter: 0 }, axis: null },
        y: { field: 'r', type: 'ordinal', scale: { domain: range(kh), paddingInner: 0, paddingOuter: 0 }, axis: null },
        color: { field: 'w', type: 'quantitative', title: 'Weight', scale: { scheme: 'redblue', domain: [-maxAbs, maxAbs], reverse: true } },
      },
    },
    config: { ...FIGURE_CONFIG, facet: { spacing: 8 } },
  });
}

/** {@link filtersSpec} rendered to SVG. */
export function filters(weights: Float32Array, shape: readonly [number, number, number, number], options?: FiltersOptions): Promise<string> {
  return renderSvg(filtersSpec(weights, shape, options));
}
