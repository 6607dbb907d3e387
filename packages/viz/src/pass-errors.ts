import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** One curve of {@link passErrorsSpec}: error (percent) after each pass (1-based). */
export interface PassErrorSeries {
  name: string;
  points: ReadonlyArray<{ pass: number; error: number }>;
  /** Dashed (e.g. published figures read off a plot) instead of solid. */
  dashed?: boolean;
}

/** Options of {@link passErrorsSpec}. */
export interface PassErrorsOptions {
  /** Default 'Error rate per pass'. */
  title?: string;
  subtitle?: string;
}

/**
 * The paper's Fig. 5 layout: error rate (%) against training passes, one line with points per series
 * (e.g. our test and training error beside the paper's), on a log-free linear axis. Non-finite points are
 * left out.
 */
export function passErrorsSpec(series: readonly PassErrorSeries[], options: PassErrorsOptions = {}): TopLevelSpec {
  if (series.length === 0) throw new RangeError('pass errors: expected at least one series, found none');
  const values = series.flatMap((s) =>
    s.points.filter((p) => Number.isFinite(p.error)).map((p) => ({ series: s.name, pass: p.pass, error: p.error, dashed: s.dashed === true })),
  );
  const names = series.map((s) => s.name);
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? 'Error rate per pass', ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }) },
    width: 420,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'pass', type: 'quantitative', title: 'Training pass', axis: { tickMinStep: 1 } },
      y: { field: 'error', type: 'quantitative', title: 'Error rate (%)', scale: { zero: true } },
      color: { field: 'series', type: 'nominal', title: null, sort: names },
      strokeDash: {
        field: 'dashed',
        type: 'nominal',
        legend: null,
        scale: {
          domain: [false, true],
          range: [
            [1, 0],
            [5, 3],
          ],
        },
      },
    },
    config: FIGURE_CONFIG,
  });
}

/** {@link passErrorsSpec} rendered to SVG. */
export function passErrors(series: readonly PassErrorSeries[], options?: PassErrorsOptions): Promise<string> {
  return renderSvg(passErrorsSpec(series, options));
}
