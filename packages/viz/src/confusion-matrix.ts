import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** Options of {@link confusionMatrixSpec}. */
export interface ConfusionMatrixOptions {
  /** Default 'Confusion matrix (test set)'. */
  title?: string;
  /** Class names in index order; default '0'..'9'. */
  labels?: readonly string[];
  /** Size of one cell in pixels; default 34. */
  cellSize?: number;
}

/** A square matrix of non-negative counts; `what` names it in the error. */
function checkMatrix(matrix: readonly (readonly number[])[]): void {
  const n = matrix.length;
  if (n === 0) throw new RangeError('confusion matrix: expected at least one row, found none');
  matrix.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`confusion matrix: expected ${n} columns in row ${i}, found ${row.length}`);
  });
}

/**
 * Heatmap of a confusion matrix, `matrix[true][predicted]` = count: one cell per pair with its count
 * written in it. The colour is the fraction of the true class's row (so a rare class's errors show as
 * clearly as a frequent one's); the text is the raw count.
 */
export function confusionMatrixSpec(matrix: readonly (readonly number[])[], options: ConfusionMatrixOptions = {}): TopLevelSpec {
  checkMatrix(matrix);
  const n = matrix.length;
  const labels = options.labels ?? matrix.map((_, i) => String(i));
  if (labels.length !== n) throw new RangeError(`confusion matrix: expected ${n} labels, found ${labels.length}`);
  const size = (options.cellSize ?? 34) * n;
  const values = matrix.flatMap((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, p) => ({ actual: labels[t], predicted: labels[p], count, fraction: total > 0 ? count / total : 0 }));
  });
  const x = { field: 'predicted', type: 'ordinal', title: 'Predicted class', sort: labels, axis: { labelAngle: 0, orient: 'top', grid: false } };
  const y = { field: 'actual', type: 'ordinal', title: 'True class', sort: labels, axis: { grid: false } };
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Confusion matrix (test set)',
    width: size,
    height: size,
    data: { values },
    encoding: { x, y },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: { field: 'fraction', type: 'quantitative', title: 'Row fraction', scale: { type: 'sqrt', domain: [0, 1], range: ['#ffffff', '#08519c'] } },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.fraction > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
    config: FIGURE_CONFIG,
  });
}

/** {@link confusionMatrixSpec} rendered to SVG. */
export function confusionMatrix(matrix: readonly (readonly number[])[], options?: ConfusionMatrixOptions): Promise<string> {
  return renderSvg(confusionMatrixSpec(matrix, options));
}
