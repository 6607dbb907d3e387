import type { TrainOptions } from '@lenet/train';

/** One configuration of the reproduction: the seed's model, the paper's, or a step between them. */
export interface Variant {
  id: string;
  /** What it is, for the table. */
  label: string;
  /** What changes from the row above. */
  change: string;
  options: TrainOptions;
  /** Published test error (percent) this row is compared with, if any. */
  paperError?: number;
  /** The seed notebook's test accuracy, where this row is its configuration. */
  seedAccuracy?: number;
}

/** The seed notebook's single run: 98.77% test accuracy. */
export const SEED_NOTEBOOK_ACCURACY = 98.77;

/** LeCun et al. 1998, Fig. 9: LeNet-5 0.95% test error; with distorted training data 0.8%. */
export const PAPER_ERRORS = { lenet5: 0.95, lenet5Distorted: 0.8 } as const;

/**
 * From the seed's modernised LeNet-5 to the published one, one change at a time, then distortions. The
 * ablation steps keep Adam (the seed's optimiser) so that only the architecture changes; the last
 * architecture row is the paper's model and training (SDLM, its schedule, 20 passes).
 */
export function reproductionVariants(epochs: { seed: number; paper: number }): Variant[] {
  const tanh = { activation: 'scaled-tanh' as const };
  const trainable = { ...tanh, subsampling: 'trainable' as const };
  const table = { ...trainable, c3: 'table' as const };
  const padded = { ...table, input: 32 as const, init: 'lecun98' as const };
  return [
    { id: 'seed', label: "seed's lenet5", change: 'ReLU, avg pooling, full C3, softmax, 28x28, Adam 1e-3', options: { model: 'lenet5', epochs: epochs.seed }, seedAccuracy: SEED_NOTEBOOK_ACCURACY },
    { id: 'scaled-tanh', label: '+ scaled tanh', change: 'activation 1.7159 tanh(2a/3)', options: { model: 'lenet5', modelOptions: tanh, epochs: epochs.seed } },
    { id: 'trainable-subsampling', label: '+ trainable subsampling', change: 'S2/S4: sum x coefficient + bias, squashed', options: { model: 'lenet5', modelOptions: trainable, epochs: epochs.seed } },
    { id: 'c3-table', label: '+ C3 table', change: "C3 reads the paper's Table I subsets", options: { model: 'lenet5', modelOptions: table, epochs: epochs.seed } },
    { id: 'input-32', label: '+ 32x32 input', change: "padded input, the paper's scaling and initialisation", options: { model: 'lenet5', modelOptions: padded, normalization: 'paper', epochs: epochs.seed } },
    { id: 'rbf-adam', label: '+ RBF output (= lenet5-1998, Adam)', change: 'fixed 7x12 RBF codes, MAP criterion', options: { model: 'lenet5-1998', epochs: epochs.seed } },
    { id: 'lenet5-1998', label: 'lenet5-1998 (SDLM)', change: "the paper's SDLM and learning-rate schedule", options: { model: 'lenet5-1998', optimizer: 'sdlm', schedule: 'paper', epochs: epochs.paper }, paperError: PAPER_ERRORS.lenet5 },
    { id: 'lenet5-1998-distort', label: 'lenet5-1998 (SDLM) + distortions', change: 'distorted training images', options: { model: 'lenet5-1998', optimizer: 'sdlm', schedule: 'paper', epochs: epochs.paper, distort: true }, paperError: PAPER_ERRORS.lenet5Distorted },
    { id: 'seed-distort', label: "seed's lenet5 + distortions", change: 'distorted training images', options: { model: 'lenet5', epochs: epochs.seed, distort: true } },
  ];
}
