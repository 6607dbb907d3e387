import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model-options';
import { nhwcChannels, singleInputShape } from './input-shape';
import { lecunRange, lecunUniform, type Init } from './lecun-uniform';
import { applyActivation } from './scaled-tanh';

import type { LayerArgs } from './layer-args';

/** Options of the table-connected convolution (C3). */
export interface TableConv2DArgs extends LayerArgs {
  /** table[o] = the input maps that output map o reads (Table I for C3). */
  table: readonly (readonly number[])[];
  kernelSize?: number;
  activation?: Activation | 'linear';
  /** lecun98: uniform +/-2.4/fan-in, fan-in = 25 x (maps read) per output map; default: Glorot uniform as for the full conv. */
  init?: Init;
  seed?: number;
}

/**
 * A 'valid', stride-1 convolution in which output map o only reads the input maps table[o]. Only the connected
 * kernels are parameters (kernel: [k, k, connections], bias: [outputs]). The call scatters them into a dense
 * [k, k, in, out] kernel with one small matmul by a fixed 0/1 matrix (zeros where the table has no
 * connection) and runs one conv2d: one fast wasm kernel instead of one conv per output map (benchmarked, see README).
 */
export class TableConv2D extends tf.layers.Layer {
  static readonly className = 'TableConv2D';
  readonly table: number[][];
  readonly kernelSize: number;
  readonly activation: Activation | 'linear';
  readonly init: Init;
  readonly seed: number;
  readonly connections: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private inputMaps = 0;
  private scatter = new Float32Array(0);

  constructor(args: TableConv2DArgs) {
    super(args);
    if (!Array.isArray(args.table) || args.table.length === 0) {
      throw new Error(`${this.name}: expected a non-empty connection table, found ${JSON.stringify(args.table)}`);
    }
    this.table = args.table.map((row) => [...row]);
    this.kernelSize = args.kernelSize ?? 5;
    this.activation = args.activation ?? 'linear';
    this.init = args.init ?? 'default';
    this.seed = args.seed ?? 0;
    this.connections = this.table.reduce((n, row) => n + row.length, 0);
  }

  get filters(): number {
    return this.table.length;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const inputMaps = nhwcChannels(this.name, inputShape);
    for (const [o, row] of this.table.entries()) {
      for (const i of row) {
        if (!Number.isInteger(i) || i < 0 || i >= inputMaps) {
          throw new Error(`${this.name}: table[${o}] reads map ${i}, expected 0..${inputMaps - 1}`);
        }
      }
    }
    this.inputMaps = inputMaps;
    const out = this.filters;
    this.scatter = new Float32Array(this.connections * inputMaps * out);
    let c = 0;
    for (const [o, row] of this.table.entries()) {
      for (const i of row) this.scatter[c++ * inputMaps * out + i * out + o] = 1;
    }
    const k = this.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, this.connections], 'float32', tf.initializers.zeros());
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    tf.tidy(() => {
      if (this.init !== 'default') {
        const init = this.init;
        // One range per output map: its fan-in is k*k times the number of maps it reads.
        const ranges = this.table.flatMap((row) => row.map(() => lecunRange(init, k * k * row.length) / 2.4));
        const unit = lecunUniform([k, k, this.connections], 1, this.seed); // uniform +/-2.4
        this.kernel!.write(tf.mul(unit, tf.tensor1d(ranges)));
        this.bias!.write(tf.mul(lecunUniform([this.filters], 1, this.seed + 1), tf.tensor1d(this.table.map((r) => lecunRange(init, k * k * r.length) / 2.4))));
      } else {
        const limit = Math.sqrt(6 / (k * k * (inputMaps + this.filters)));
        this.kernel!.write(tf.randomUniform([k, k, this.connections], -limit, limit, 'float32', this.seed));
      }
    });
    this.built = true;
  }

  /** [connections, in * out] 0/1: row c (output o reading input i) has its 1 at column i * out + o. */
  scatterMatrix(): tf.Tensor2D {
    return tf.tensor2d(this.scatter, [this.connections, this.inputMaps * this.filters]);
  }

  /** The dense [k, k, in, out] kernel, zero where the table has no connection. */
  denseKernel(): tf.Tensor4D {
    return tf.tidy(() => {
      const k = this.kernelSize;
      const flat = tf.reshape(this.kernel!.read(), [k * k, this.connections]);
      return tf.reshape(tf.matMul(flat, this.scatterMatrix()), [k, k, this.inputMaps, this.filters]) as tf.Tensor4D;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = tf.conv2d(x, this.denseKernel(), 1, 'valid');
      return applyActivation(this.activation, tf.add(y, this.bias!.read()));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = singleInputShape(inputShape);
    const shrink = (n: number | null) => (n == null ? null : n - this.kernelSize + 1);
    return [s[0], shrink(s[1]), shrink(s[2]), this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      table: this.table,
      kernelSize: this.kernelSize,
      activation: this.activation,
      init: this.init,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(TableConv2D);
