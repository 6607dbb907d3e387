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
 * [k, k, in, out] kernel by one gather (zeros where the table has no connection; its gradient is the gather
 * back) and runs one conv2d: one fast wasm kernel instead of one conv per output map (benchmarked, see
 * README). A 0/1 scatter matmul did the same but cost connections x in x out multiply-adds per k x k tap:
 * 27M a call for LeNet-4's F5, more than the network itself.
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
  /** Per dense (input, output) slot: the connection it reads, or `connections` (a zero) when unconnected. */
  private slotSource = new Int32Array(0);
  /** Per connection: its dense slot, input * out + output. */
  private connectionSlot = new Int32Array(0);

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
    this.slotSource = new Int32Array(inputMaps * out).fill(this.connections);
    this.connectionSlot = new Int32Array(this.connections);
    let c = 0;
    for (const [o, row] of this.table.entries()) {
      for (const i of row) {
        this.slotSource[i * out + o] = c;
        this.connectionSlot[c++] = i * out + o;
      }
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

  /**
   * A [k, k, connections] tensor (the kernel, or its square for bbprop) scattered into the dense
   * [k, k, in, out] layout, zero where the table has no connection. Differentiable: each connection has
   * exactly one slot, so the gradient is the dense gradient gathered back at those slots.
   */
  scatterKernel(kernel: tf.Tensor): tf.Tensor4D {
    const k = this.kernelSize;
    const slots = this.inputMaps * this.filters;
    const scatter = tf.customGrad((connected) => {
      const x = connected as tf.Tensor3D;
      const padded = tf.concat([x, tf.zeros([k, k, 1])], 2);
      const value = tf.reshape(tf.gather(padded, tf.tensor1d(this.slotSource, 'int32'), 2), [k, k, this.inputMaps, this.filters]);
      const gradFunc = (dy: tf.Tensor) => tf.gather(tf.reshape(dy, [k, k, slots]), tf.tensor1d(this.connectionSlot, 'int32'), 2);
      return { value, gradFunc };
    });
    return tf.tidy(() => scatter(kernel)) as tf.Tensor4D;
  }

  /** The dense [k, k, in, out] kernel, zero where the table has no connection. */
  denseKernel(): tf.Tensor4D {
    return this.scatterKernel(this.kernel!.read());
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
