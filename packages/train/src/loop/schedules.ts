/**
 * Learning-rate schedules: pure functions of the global step, so that a resumed run needs nothing saved
 * to know its learning rate.
 */
import { checkTrainOption } from './option-ranges';
import { TrainOptionError } from './train-option-error';

/** The schedules `train` accepts. */
export type ScheduleName = 'constant' | 'step' | 'one-cycle' | 'paper';
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['constant', 'step', 'one-cycle', 'paper'];

/** What a schedule needs to know about the run. */
export interface ScheduleOptions {
  /** The base (constant, step, paper: first pass) or peak (one-cycle) learning rate. */
  learningRate: number;
  epochs: number;
  stepsPerEpoch: number;
  /** step: epochs between decays. Default ceil(epochs / 3) (three decays at most over the run). */
  stepSize?: number;
  /** step: factor of each decay. Default 0.1. */
  gamma?: number;
}

/**
 * The paper's global learning rate per pass (p. 10): 0.0005 for 2 passes, 0.0002 for 3, 0.0001 for 3,
 * 0.00005 for 4, then 0.00001; as multiples of the first value.
 */
export const PAPER_SCHEDULE: ReadonlyArray<{ passes: number; rate: number }> = [
  { passes: 2, rate: 0.0005 },
  { passes: 3, rate: 0.0002 },
  { passes: 3, rate: 0.0001 },
  { passes: 4, rate: 0.00005 },
  { passes: Infinity, rate: 0.00001 },
];

/** One-cycle (PyTorch OneCycleLR defaults): share of warm-up, initial and final divisors. */
export const ONE_CYCLE = { pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 } as const;

/** The paper's factor for pass `epoch` (0-based), relative to its first rate. */
export function paperFactor(epoch: number): number {
  let start = 0;
  for (const { passes, rate } of PAPER_SCHEDULE) {
    if (epoch < start + passes) return rate / PAPER_SCHEDULE[0]!.rate;
    start += passes;
  }
  return PAPER_SCHEDULE[PAPER_SCHEDULE.length - 1]!.rate / PAPER_SCHEDULE[0]!.rate;
}

function cosine(from: number, to: number, t: number): number {
  return to + ((from - to) * (1 + Math.cos(Math.PI * t))) / 2;
}

/**
 * The learning rate at each global step (0-based) of a run:
 * - constant: `learningRate`.
 * - step: `learningRate * gamma^floor(epoch / stepSize)`.
 * - one-cycle: cosine warm-up from `learningRate / 25` to `learningRate` over the first 30% of the steps,
 *   then cosine annealing to `learningRate / 25 / 1e4` (PyTorch's OneCycleLR defaults, learning rate only).
 * - paper: `learningRate` x the paper's per-pass factors (1, 1, 0.4 x3, 0.2 x3, 0.1 x4, then 0.02); with
 *   `learningRate = 0.0005` these are the paper's values.
 */
export function createSchedule(name: ScheduleName, options: ScheduleOptions): (step: number) => number {
  const { epochs, stepsPerEpoch } = options;
  const lr = checkTrainOption('learningRate', options.learningRate);
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
    throw new TrainOptionError('stepsPerEpoch', `expected an integer >= 1, found ${stepsPerEpoch}`);
  }
  const epochOf = (step: number) => Math.floor(step / stepsPerEpoch);
  switch (name) {
    case 'constant':
      return () => lr;
    case 'step': {
      const stepSize = options.stepSize ?? Math.max(1, Math.ceil(epochs / 3));
      const gamma = options.gamma ?? 0.1;
      if (!Number.isInteger(stepSize) || stepSize < 1) throw new TrainOptionError('stepSize', `expected an integer >= 1, found ${stepSize}`);
      if (!(gamma > 0 && gamma <= 1)) throw new TrainOptionError('gamma', `expected a number in (0, 1], found ${gamma}`);
      return (step) => lr * gamma ** Math.floor(epochOf(step) / stepSize);
    }
    case 'one-cycle': {
      const total = Math.max(1, epochs * stepsPerEpoch);
      const initial = lr / ONE_CYCLE.divFactor;
      const final = initial / ONE_CYCLE.finalDivFactor;
      const warm = Math.max(1, Math.round(ONE_CYCLE.pctStart * total) - 1);
      const last = total - 1;
      return (step) => {
        if (step <= warm) return cosine(initial, lr, step / warm);
        return cosine(lr, final, Math.min(1, (step - warm) / Math.max(1, last - warm)));
      };
    }
    case 'paper':
      return (step) => lr * paperFactor(epochOf(step));
    default:
      throw new TrainOptionError('schedule', `expected one of ${SCHEDULE_NAMES.join(', ')}, found '${String(name)}'`);
  }
}
