import type { Activation } from './layer-activations';

/** Writes values into a w x h canvas as grey levels, `lo` black and `hi` white. */
function paint(canvas: HTMLCanvasElement, values: ArrayLike<number>, w: number, h: number, lo: number, hi: number, stride = 1, offset = 0): void {
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  const span = hi - lo || 1;
  for (let i = 0; i < w * h; i++) {
    const g = Math.round(Math.min(1, Math.max(0, (values[i * stride + offset]! - lo) / span)) * 255);
    img.data.set([g, g, g, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
}

function range(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return [lo, hi];
}

/** The canvases of a container, made or reused so that there are `count` of them. */
function canvases(container: HTMLElement, count: number, cssWidth: number): HTMLCanvasElement[] {
  while (container.children.length > count) container.lastElementChild!.remove();
  while (container.children.length < count) container.append(document.createElement('canvas'));
  const list = [...container.children] as HTMLCanvasElement[];
  for (const c of list) c.style.width = `${cssWidth}px`;
  return list;
}

/** A convolution or subsampling layer: one small grey image per map ([h, w, c]), one shared grey scale. */
export function showMaps(container: HTMLElement, act: Activation, cssWidth: number): void {
  const [h, w, c] = act.shape as [number, number, number];
  const [lo, hi] = range(act.data);
  canvases(container, c, cssWidth).forEach((canvas, k) => paint(canvas, act.data, w, h, lo, hi, c, k));
}

/** A layer of units (C5's 120, F6's 84) as one grey image of `cols` x `rows`. */
export function showUnits(container: HTMLElement, values: ArrayLike<number>, cols: number, rows: number, cssWidth: number, scale?: [number, number]): void {
  const [lo, hi] = scale ?? range(values);
  paint(canvases(container, 1, cssWidth)[0]!, values, cols, rows, lo, hi);
}
