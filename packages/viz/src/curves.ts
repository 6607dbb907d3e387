import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord, StepRecord } from './records';
import { isFiniteNumber } from './records';
import { renderSvg } from './render-svg';
import type { StepPoint } from './step-series';
import { stepSeries } from './step-series';
import { FIGURE_CONFIG, PRIMARY, SECONDARY, VEGA_LITE_SCHEMA, topLevel } from './theme';

/** Options of {@link curvesSpec}. */
export interface CurvesOptions {
  /** Figure title; default 'Training curves'. */
  title?: string;
  /** Width and height of each of the four panels in pixels; default 320 x 200. */
  panelWidth?: number;
  panelHeight?: number;
}

interface Panel {
  title: string;
  xTitle: string;
  yTitle: string;
  x: string;
  values: Array<Record<string, number>>;
  /** The rolling mean drawn over the raw line (per-step panels only). */
  smoothed?: Array<Record<string, number>>;
  color: string;
}

/** Raw points per per-step panel: about two per pixel column of a default-width panel. */
const MAX_STEP_POINTS = 1000;

function panelSpec(p: Panel, width: number, height: number): Record<string, unknown> {
  // Whole numbers only: with few epochs vega would put ticks at 1.5 (printed "2" by the integer format).
  const xs = p.values.map((v) => v[p.x]);
  const ticks = p.values.length > 0 && p.values.length <= 20 && p.x === 'epoch' ? { values: xs } : { tickMinStep: 1 };
  const x = { field: p.x, type: 'quantitative', title: p.xTitle, axis: { ...ticks, format: 'd' } };
  const y = { field: 'value', type: 'quantitative', title: p.yTitle, scale: { zero: false } };
  const smooth = p.smoothed !== undefined;
  const raw = {
    mark: { type: 'line', color: p.color, strokeWidth: 1, opacity: smooth ? 0.35 : 1, point: !smooth },
    encoding: { x, y },
  };
  const layers: unknown[] = [raw];
  if (smooth && p.values.length > 2) {
    // The seed plots raw per-step values; a rolling mean on top makes the trend readable.
    layers.push({ data: { values: p.smoothed }, mark: { type: 'line', color: p.color, strokeWidth: 2 }, encoding: { x, y } });
  }
  return { title: p.title, width, height, data: { values: p.values }, layer: layers };
}

/**
 * The seed's 2x2 figure: train loss and accuracy per step (raw and a rolling mean), validation loss and
 * accuracy per epoch. Panels in the seed's order: Train Loss | Validation Loss / Train Accuracy |
 * Validation Accuracy, each titled "<label> Over Time". Records with non-finite values are left out.
 */
export function curvesSpec(steps: readonly StepRecord[], epochs: readonly EpochRecord[], options: CurvesOptions = {}): TopLevelSpec {
  const width = options.panelWidth ?? 320;
  const height = options.panelHeight ?? 200;
  const stepValues = (key: 'loss' | 'accuracy'): Pick<Panel, 'values' | 'smoothed'> => {
    const points: StepPoint[] = steps.filter((s) => isFiniteNumber(s[key])).map((s) => ({ step: s.step, value: s[key] as number }));
    const series = stepSeries(points, MAX_STEP_POINTS);
    return { values: series.raw, smoothed: series.smoothed };
  };
  const epochValues = (key: 'valLoss' | 'valAccuracy' | 'testLoss' | 'testAccuracy'): Array<Record<string, number>> =>
    epochs.filter((e) => isFiniteNumber(e[key])).map((e) => ({ epoch: e.epoch, value: e[key] as number }));
  // Without a validation part (the paper's protocol) the per-epoch panels show the test set.
  const test = epochs.some((e) => isFiniteNumber(e.testAccuracy));
  const held = test ? 'Test' : 'Validation';
  const panels: Panel[] = [
    { title: 'Train Loss Over Time', xTitle: 'Step', yTitle: 'Train Loss', x: 'step', ...stepValues('loss'), color: PRIMARY },
    {
      title: `${held} Loss Over Time`,
      xTitle: 'Epoch',
      yTitle: `${held} Loss`,
      x: 'epoch',
      values: epochValues(test ? 'testLoss' : 'valLoss'),
      color: SECONDARY,
    },
    {
      title: 'Train Accuracy Over Time',
      xTitle: 'Step',
      yTitle: 'Train Accuracy (%)',
      x: 'step',
      ...stepValues('accuracy'),
      color: PRIMARY,
    },
    {
      title: `${held} Accuracy Over Time`,
      xTitle: 'Epoch',
      yTitle: `${held} Accuracy (%)`,
      x: 'epoch',
      values: epochValues(test ? 'testAccuracy' : 'valAccuracy'),
      color: SECONDARY,
    },
  ];
  return topLevel({
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Training curves',
    columns: 2,
    concat: panels.map((p) => panelSpec(p, width, height)),
    config: FIGURE_CONFIG,
  });
}

/** {@link curvesSpec} rendered to SVG. */
export function curves(steps: readonly StepRecord[], epochs: readonly EpochRecord[], options?: CurvesOptions): Promise<string> {
  return renderSvg(curvesSpec(steps, epochs, options));
}
