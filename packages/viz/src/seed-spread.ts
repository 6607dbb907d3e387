import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg';
import { FIGURE_CONFIG, PRIMARY, SECONDARY, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** One group of runs: the test accuracy (percent) of each seed, their mean and an interval around it. */
export interface SpreadGroup {
  name: string;
  accuracies: readonly number[];
  mean: number;
  ci: readonly [number, number];
}

/** Options of {@link seedSpreadSpec} and {@link variantSpreadSpec}. */
export interface SeedSpreadOptions {
  /** Default 'Test accuracy over seeds'. */
  title?: string;
  /** Title of the accuracy axis; default 'Test accuracy (%)'. */
  axisTitle?: string;
  /** Label of the interval in the subtitle; default 'interval'. */
  intervalName?: string;
  /** Reference values drawn as labelled vertical rules (e.g. the paper's and the seed's accuracy). */
  references?: ReadonlyArray<{ name: string; accuracy: number }>;
}

/**
 * Several groups (e.g. model variants), one row each: a dot per seed, a thick tick at the mean, and a rule
 * for the interval. Optional reference rules across all rows.
 */
export function variantSpreadSpec(groups: readonly SpreadGroup[], options: SeedSpreadOptions = {}): TopLevelSpec {
  if (groups.length === 0) throw new RangeError('seed spread: expected at least one group, found none');
  const names = groups.map((g) => g.name);
  const dots = groups.flatMap((g) => g.accuracies.map((accuracy, seed) => ({ name: g.name, seed, accuracy })));
  const stats = groups.map((g) => ({ name: g.name, mean: g.mean, lo: g.ci[0], hi: g.ci[1] }));
  const all = [...dots.map((d) => d.accuracy), ...stats.flatMap((s) => [s.lo, s.hi]), ...(options.references ?? []).map((r) => r.accuracy)].filter(
    Number.isFinite,
  );
  const pad = Math.max(0.05, (Math.max(...all) - Math.min(...all)) * 0.1);
  // Accuracies live in [0, 100]: a wide interval (two seeds give a t-interval with 1 df) is clipped there.
  const domain = [Math.max(0, Math.min(...all) - pad), Math.min(100, Math.max(...all) + pad)];
  const x = { type: 'quantitative', title: options.axisTitle ?? 'Test accuracy (%)', scale: { domain, zero: false, clamp: true } };
  const y = { field: 'name', type: 'nominal', title: null, sort: names, axis: { labelLimit: 320 } };
  const layers: unknown[] = [
    { data: { values: stats }, mark: { type: 'rule', color: '#888', strokeWidth: 2 }, encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' }, y } },
    { data: { values: stats }, mark: { type: 'tick', color: SECONDARY, thickness: 3, size: 18 }, encoding: { x: { ...x, field: 'mean' }, y } },
    {
      data: { values: dots },
      mark: { type: 'circle', color: PRIMARY, opacity: 0.75, size: 50 },
      encoding: { x: { ...x, field: 'accuracy' }, y, tooltip: [{ field: 'seed' }, { field: 'accuracy', format: '.2f' }] },
    },
  ];
  if (options.references && options.references.length > 0) {
    // Labels stacked above the plot, one line each, so that close references (98.77, 99.05) stay readable.
    const refs = options.references.map((r, i) => ({
      ref: `${r.name} ${r.accuracy.toFixed(2)}%`,
      accuracy: r.accuracy,
      offset: -6 - 12 * (options.references!.length - 1 - i),
    }));
    layers.push(
      { data: { values: refs }, mark: { type: 'rule', strokeDash: [4, 3], color: '#2ca02c' }, encoding: { x: { ...x, field: 'accuracy' } } },
      // One text layer per reference, each at its own height (a y encoding would clash with the rows' scale).
      ...refs.map((r) => ({
        data: { values: [r] },
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#2ca02c', y: r.offset },
        encoding: { x: { ...x, field: 'accuracy' }, text: { field: 'ref' } },
      })),
    );
  }
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: options.title ?? 'Test accuracy over seeds',
      subtitle: `dots: one per seed; red tick: mean; grey rule: ${options.intervalName ?? 'interval'}`,
    },
    width: 420,
    height: { step: 32 },
    layer: layers,
    config: FIGURE_CONFIG,
  });
}

/** One group: dots for the seeds' test accuracies, the mean and the interval `ci` = [low, high]. */
export function seedSpreadSpec(
  accuracies: readonly number[],
  mean: number,
  ci: readonly [number, number],
  options: SeedSpreadOptions & { name?: string } = {},
): TopLevelSpec {
  return variantSpreadSpec([{ name: options.name ?? 'runs', accuracies, mean, ci }], options);
}

/** {@link seedSpreadSpec} rendered to SVG. */
export function seedSpread(
  accuracies: readonly number[],
  mean: number,
  ci: readonly [number, number],
  options?: SeedSpreadOptions & { name?: string },
): Promise<string> {
  return renderSvg(seedSpreadSpec(accuracies, mean, ci, options));
}

/** {@link variantSpreadSpec} rendered to SVG. */
export function variantSpread(groups: readonly SpreadGroup[], options?: SeedSpreadOptions): Promise<string> {
  return renderSvg(variantSpreadSpec(groups, options));
}
