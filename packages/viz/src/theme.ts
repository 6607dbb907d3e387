import type { Config, TopLevelSpec } from 'vega-lite';

/** Shared look of every figure: one font, no view border, titles anchored left. */
export const FIGURE_CONFIG: Config = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: null },
  title: { fontSize: 15, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  header: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
};

/** The vega-lite schema the specs declare. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Number of classes in every figure (digits 0-9). */
export const NUM_CLASSES = 10;

/** The colour of the series of one figure. */
export const PRIMARY = '#1f77b4';
export const SECONDARY = '#d62728';

/**
 * Types a hand-built spec object as a vega-lite TopLevelSpec. The specs are assembled from plain objects
 * (vega-lite's deep generic types reject many valid partial layers); vega-lite checks them when compiling,
 * and every spec is rendered in the tests.
 */
export function topLevel(spec: Record<string, unknown>): TopLevelSpec {
  return spec as unknown as TopLevelSpec;
}
