import { ProgressBar } from './progress-bar';

function stream(isTTY: boolean): { write(s: string): void; isTTY: boolean; columns: number; text: string } {
  return {
    isTTY,
    columns: 100,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
}

describe('ProgressBar', () => {
  it('draws nothing when stderr is not a terminal (plain lines only)', () => {
    const s = stream(false);
    const bar = new ProgressBar(s);
    bar.update('Epoch 1/2', 5, 10, 0.5, 90);
    bar.clear();
    expect(s.text).toBe('');
  });

  it('redraws in place on a terminal, at most every 100 ms, and always at the end', () => {
    const s = stream(true);
    let t = 0;
    const bar = new ProgressBar(s, () => t);
    t = 1000;
    bar.update('Epoch 1/2', 1, 10, 0.5, 90);
    t = 1050;
    bar.update('Epoch 1/2', 2, 10, 0.4, 91); // too soon: skipped
    t = 1060;
    bar.update('Epoch 1/2', 10, 10, 0.3, 92); // last step: drawn
    const frames = s.text.split('\r').filter((f) => f !== '');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toContain('10/10 loss 0.3000 acc 92.00');
    bar.clear();
    expect(s.text.endsWith('\r\x1b[K')).toBe(true);
  });
});
