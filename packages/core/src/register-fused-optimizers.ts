import * as tf from '@tensorflow/tfjs';
import type { VariableGradients } from './optimizers/apply-fused';
import { fusedAdam } from './optimizers/fused-adam';
import { fusedMomentum, fusedSgd } from './optimizers/fused-momentum';
import { fusedRmsProp } from './optimizers/fused-rmsprop';

/** A fused step: true when it ran, false when the stock code must run (not wasm, shared data, ...). */
type Fused<O> = (optimizer: O, gradients: VariableGradients) => boolean;

interface OptimizerClass<O> {
  prototype: O & { applyGradients(gradients: VariableGradients): void };
}

let registered = false;

function fuse<O>(cls: OptimizerClass<O>, fused: Fused<O>): void {
  const stock = cls.prototype.applyGradients;
  // Own property check: MomentumOptimizer extends SGDOptimizer and has its own applyGradients.
  if (!Object.prototype.hasOwnProperty.call(cls.prototype, 'applyGradients')) throw new Error('@lenet/core: unexpected TF.js optimizer layout');
  cls.prototype.applyGradients = function applyGradients(this: O & { applyGradients: typeof stock }, gradients: VariableGradients): void {
    if (!fused(this, gradients)) stock.call(this, gradients);
  };
}

/**
 * Makes TF.js's own Adam, SGD, momentum and RMSProp optimizers update each variable in one pass over the wasm
 * heap when the wasm backend is active (idempotent). Users keep calling `tf.train.adam(...)`; the arithmetic,
 * slots, names, `getWeights`/`setWeights` and checkpoints are the stock ones, bit for bit. On other backends,
 * or when a variable's data is shared with another tensor, the stock code runs unchanged.
 */
export function registerFusedOptimizers(): void {
  if (registered) return;
  fuse(tf.AdamOptimizer, fusedAdam);
  fuse(tf.SGDOptimizer, fusedSgd);
  fuse(tf.MomentumOptimizer, fusedMomentum);
  fuse(tf.RMSPropOptimizer, fusedRmsProp);
  registered = true;
}
