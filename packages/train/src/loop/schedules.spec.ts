import { createSchedule, paperFactor, PAPER_SCHEDULE } from './schedules';
import { TrainOptionError } from './train-option-error';

describe('createSchedule', () => {
  const base = { learningRate: 1e-3, epochs: 10, stepsPerEpoch: 100 };

  it('constant: the same rate at every step', () => {
    const lr = createSchedule('constant', base);
    expect([0, 1, 999].map(lr)).toEqual([1e-3, 1e-3, 1e-3]);
  });

  it('step: decays by gamma every stepSize epochs (default ceil(epochs / 3), 0.1)', () => {
    const lr = createSchedule('step', base);
    expect(lr(0)).toBe(1e-3);
    expect(lr(399)).toBe(1e-3); // epoch 3
    expect(lr(400)).toBeCloseTo(1e-4, 12); // epoch 4
    expect(lr(800)).toBeCloseTo(1e-5, 12); // epoch 8
    const custom = createSchedule('step', { ...base, stepSize: 2, gamma: 0.5 });
    expect([0, 199, 200, 400, 999].map(custom)).toEqual([1e-3, 1e-3, 5e-4, 2.5e-4, 6.25e-5]);
  });

  it('one-cycle: warms up from lr/25 to lr over 30% of the steps, then anneals to lr/25/1e4', () => {
    const lr = createSchedule('one-cycle', base);
    const total = 1000;
    expect(lr(0)).toBeCloseTo(1e-3 / 25, 12);
    const values = Array.from({ length: total }, (_, s) => lr(s));
    const peak = values.indexOf(Math.max(...values));
    expect(peak).toBe(299);
    expect(values[peak]).toBeCloseTo(1e-3, 12);
    expect(lr(total - 1)).toBeCloseTo(1e-3 / 25 / 1e4, 14);
    for (let s = 1; s <= peak; s++) expect(values[s]!).toBeGreaterThan(values[s - 1]!);
    for (let s = peak + 1; s < total; s++) expect(values[s]!).toBeLessThan(values[s - 1]!);
  });

  it("paper: the paper's per-pass rates 0.0005 x2, 0.0002 x3, 0.0001 x3, 0.00005 x4, then 0.00001", () => {
    const lr = createSchedule('paper', { learningRate: 0.0005, epochs: 20, stepsPerEpoch: 10 });
    const perPass = Array.from({ length: 20 }, (_, e) => lr(e * 10 + 9));
    const expected = [5e-4, 5e-4, 2e-4, 2e-4, 2e-4, 1e-4, 1e-4, 1e-4, 5e-5, 5e-5, 5e-5, 5e-5, ...new Array(8).fill(1e-5)];
    perPass.forEach((v, e) => expect(v).toBeCloseTo(expected[e]!, 12));
    expect(PAPER_SCHEDULE.map((p) => p.rate)).toEqual([0.0005, 0.0002, 0.0001, 0.00005, 0.00001]);
    expect(paperFactor(100)).toBeCloseTo(0.02, 12);
  });

  it('paper: scales with the learning rate given', () => {
    const lr = createSchedule('paper', { learningRate: 0.05, epochs: 20, stepsPerEpoch: 1 });
    expect(lr(0)).toBeCloseTo(0.05, 12);
    expect(lr(2)).toBeCloseTo(0.02, 12);
  });

  it('refuses bad options with the option named', () => {
    expect(() => createSchedule('constant', { ...base, learningRate: -1 })).toThrow(TrainOptionError);
    expect(() => createSchedule('constant', { ...base, learningRate: -1 })).toThrow(/learningRate: expected a number greater than 0 and at most 10, found -1/);
    expect(() => createSchedule('step', { ...base, gamma: 2 })).toThrow(/gamma/);
    expect(() => createSchedule('cosine' as never, base)).toThrow(/schedule: expected one of constant, step, one-cycle, paper, found 'cosine'/);
  });
});
