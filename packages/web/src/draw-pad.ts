import type { GrayImage } from '@lenet/data';

/** A canvas to draw a digit on with mouse, pen or touch (pointer events): black ink on white. */
export class DrawPad {
  /** Strokes drawn since the last clear; the page stamps each classification with it (tests wait on it). */
  strokes = 0;
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | undefined;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly onChange: () => void,
    /** Brush diameter as a share of the canvas width: MNIST's strokes are ~2.5 of its 28 pixels (~1/11). */
    private readonly brush = 1 / 14,
  ) {
    this.ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    canvas.style.touchAction = 'none'; // a finger draws instead of scrolling the page
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', () => this.up());
    canvas.addEventListener('pointercancel', () => this.up());
    this.clear();
  }

  /** Wipes the canvas to white. */
  clear(): void {
    this.ctx.fillStyle = '#fff';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.strokes = 0;
    this.canvas.dataset.strokes = '0';
    this.last = undefined;
  }

  /** Whether anything has been drawn since the last clear. */
  get empty(): boolean {
    return this.strokes === 0;
  }

  /** The drawing as greyscale bytes (luminance), the input of `toMnist`. */
  gray(): GrayImage {
    const { width, height } = this.canvas;
    const rgba = this.ctx.getImageData(0, 0, width, height).data;
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!);
    return { width, height, data };
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * this.canvas.width) / r.width, y: ((e.clientY - r.top) * this.canvas.height) / r.height };
  }

  private down(e: PointerEvent): void {
    try {
      this.canvas.setPointerCapture(e.pointerId); // keeps the stroke when the pointer leaves the canvas
    } catch {
      // a pointer that is not active (a synthetic event) cannot be captured; the stroke works without
    }
    this.last = this.point(e);
    this.line(this.last, this.last);
  }

  private move(e: PointerEvent): void {
    if (!this.last) return;
    const p = this.point(e);
    this.line(this.last, p);
    this.last = p;
  }

  private up(): void {
    if (!this.last) return;
    this.last = undefined;
    this.strokes++;
    this.canvas.dataset.strokes = String(this.strokes);
    this.onChange();
  }

  private line(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const c = this.ctx;
    c.strokeStyle = '#000';
    c.lineWidth = this.brush * this.canvas.width;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(a.x, a.y);
    c.lineTo(b.x, b.y);
    c.stroke();
    this.onChange();
  }
}
