import { epochLine, fixed, markdownTable, testLine } from './format';

describe('the seed notebook line formats', () => {
  it('prints the epoch line exactly as the seed does', () => {
    expect(epochLine(1, 10, 0.10341, 96.875, 0.14, 95.4083)).toBe('Epoch [1/10], Train Loss: 0.1034, Train Acc: 96.88, Val Loss: 0.1400, Val Acc: 95.41');
    expect(epochLine(2, 10, 0.0188, 100, 0.0732, 97.65)).toBe('Epoch [2/10], Train Loss: 0.0188, Train Acc: 100.00, Val Loss: 0.0732, Val Acc: 97.65');
  });

  it('prints the test line exactly as the seed does', () => {
    expect(testLine(0.03841, 98.77)).toBe('Test Loss: 0.0384, Test Accuracy: 98.77%');
  });

  it("writes non-finite values as Python's f-strings do", () => {
    expect(fixed(NaN, 4)).toBe('nan');
    expect(fixed(null, 4)).toBe('nan');
    expect(fixed(Infinity, 2)).toBe('inf');
    expect(fixed(-Infinity, 2)).toBe('-inf');
  });
});

describe('markdownTable', () => {
  it('pads columns and marks right alignment', () => {
    expect(
      markdownTable(
        ['a', 'value'],
        [
          ['x', '1.5'],
          ['long', '10.25'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['| a    | value |', '|------|------:|', '| x    |   1.5 |', '| long | 10.25 |'].join('\n'));
  });
});
