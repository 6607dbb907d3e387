import * as vega from 'vega';
import { compile } from 'vega-lite';
import { curvesSpec, type EpochRecord, type StepRecord } from '@lenet/viz';

/**
 * The training curves drawn live from the same vega-lite spec `@lenet/viz` renders to SVG for a run folder
 * (one spec, two renderers): here vega's View draws it into the page, redrawn at most once a second.
 */
export class CurvesView {
  private view: vega.View | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly container: HTMLElement) {}

  /** Schedules a redraw with the records so far (the arrays are read when it runs). */
  update(steps: readonly StepRecord[], epochs: readonly EpochRecord[], now = false): void {
    if (this.timer !== undefined && !now) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.draw(steps, epochs);
      },
      now ? 0 : 1000,
    );
  }

  private async draw(steps: readonly StepRecord[], epochs: readonly EpochRecord[]): Promise<void> {
    const spec = curvesSpec(steps, epochs, { panelWidth: 260, panelHeight: 140 });
    this.view?.finalize();
    this.view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'svg', container: this.container, hover: false });
    await this.view.runAsync();
  }
}
