import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg';
import { FIGURE_CONFIG, PRIMARY, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** Options of {@link perClassAccuracySpec}. */
export interface PerClassAccuracyOptions {
  /** Default 'Accuracy per class (test set)'. */
  title?: string;
  /** Class names in index order; default '0'..'n-1'. */
  labels?: readonly string[];
}

/**
 * One bar per class, the class's accuracy in percent, with its value written above it, and a dashed rule
 * at the mean over classes. The y axis starts at the lowest bar minus a margin (not 0), because every class
 * is usually in the high nineties; the axis says so with its title.
 */
export function perClassAccuracySpec(values: readonly number[], options: PerClassAccuracyOptions = {}): TopLevelSpec {
  if (values.length === 0) throw new RangeError('per-class accuracy: expected at least one value, found none');
  const labels = options.labels ?? values.map((_, i) => String(i));
  if (labels.length !== values.length) throw new RangeError(`per-class accuracy: expected ${values.length} labels, found ${labels.length}`);
  const finite = values.filter((v) => Number.isFinite(v));
  const low = finite.length > 0 ? Math.min(...finite) : 0;
  const floor = Math.max(0, Math.floor((low - 2) / 5) * 5);
  const mean = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
  const data = values.map((v, i) => ({ label: labels[i], accuracy: Number.isFinite(v) ? v : 0 }));
  const x = { field: 'label', type: 'ordinal', title: 'Class', sort: labels, axis: { labelAngle: 0 } };
  const y = { field: 'accuracy', type: 'quantitative', title: `Accuracy (%, axis from ${floor})`, scale: { domain: [floor, 100], clamp: true } };
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Accuracy per class (test set)',
    width: 36 * values.length,
    height: 220,
    layer: [
      {
        data: { values: data },
        mark: { type: 'bar', color: PRIMARY },
        encoding: { x, y },
      },
      {
        data: { values: data },
        mark: { type: 'text', dy: -6, fontSize: 9 },
        encoding: { x, y, text: { field: 'accuracy', type: 'quantitative', format: '.1f' } },
      },
      {
        data: { values: [{ mean }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
        encoding: { y: { field: 'mean', type: 'quantitative' } },
      },
    ],
    config: FIGURE_CONFIG,
  });
}

/** {@link perClassAccuracySpec} rendered to SVG. */
export function perClassAccuracy(values: readonly number[], options?: PerClassAccuracyOptions): Promise<string> {
  return renderSvg(perClassAccuracySpec(values, options));
}
