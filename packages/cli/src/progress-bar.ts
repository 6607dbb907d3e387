/** Stream the bar draws on (stderr). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * A one-line progress bar for the steps of an epoch, redrawn in place with `\r` on a terminal at most
 * every 100 ms. On anything else (a pipe, a file, CI) it draws nothing: the per-epoch lines are the log.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the bar draws at all (the stream is a terminal). */
  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows `done` of `total` steps of `label`, with the latest loss and accuracy. */
  update(label: string, done: number, total: number, loss: number, accuracy: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (done !== total && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 60));
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(frac * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    this.stream.write(`\r${label} [${bar}] ${done}/${total} loss ${loss.toFixed(4)} acc ${accuracy.toFixed(2)}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the bar so that a normal line can be printed. */
  clear(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
