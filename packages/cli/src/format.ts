/**
 * The seed notebook's per-epoch line: `Epoch [1/10], Train Loss: 0.1034, Train Acc: 96.88, Val Loss: 0.1400, Val Acc: 95.41`;
 * `held: 'Test'` for runs without a validation part (the paper's protocol scores each pass on the test set).
 */
export function epochLine(
  epoch: number,
  epochs: number,
  trainLoss: number,
  trainAccuracy: number,
  valLoss: number,
  valAccuracy: number,
  held: 'Val' | 'Test' = 'Val',
): string {
  return `Epoch [${epoch}/${epochs}], Train Loss: ${fixed(trainLoss, 4)}, Train Acc: ${fixed(trainAccuracy, 2)}, ${held} Loss: ${fixed(valLoss, 4)}, ${held} Acc: ${fixed(valAccuracy, 2)}`;
}

/** The held-out figures of an epoch record: the validation part's, or the test set's when there is none. */
export function heldOut(r: { valLoss: number; valAccuracy: number; testLoss?: number; testAccuracy?: number }): {
  held: 'Val' | 'Test';
  loss: number;
  accuracy: number;
} {
  return r.testAccuracy === undefined
    ? { held: 'Val', loss: r.valLoss, accuracy: r.valAccuracy }
    : { held: 'Test', loss: r.testLoss ?? Number.NaN, accuracy: r.testAccuracy };
}

/** The seed notebook's test line: `Test Loss: 0.0384, Test Accuracy: 98.77%`. */
export function testLine(loss: number, accuracy: number): string {
  return `Test Loss: ${fixed(loss, 4)}, Test Accuracy: ${fixed(accuracy, 2)}%`;
}

/** Python's `f'{v:.Nf}'`; non-finite values as Python prints them (nan, inf). */
export function fixed(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return v.toFixed(digits);
}

/** A Markdown table (also readable as plain text): header row, separator, rows; columns padded. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: ReadonlyArray<'left' | 'right'>): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (s: string, i: number): string => (align?.[i] === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (align?.[i] === 'right' ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}
