/**
 * The paper's estimate of the Hessian diagonal for SDLM (LeCun et al. 1998, Appendix C, eqs. 23-27): a
 * backward pass of second derivatives ("bbprop") in the Gauss-Newton approximation, batched.
 *
 * Per pattern, with a the weighted sum of a unit, x its inputs and f its squashing function:
 * - d2E/da^2 = f'(a)^2 d2E/dy^2 (the f'' term dropped, eq. 27);
 * - a weight's second derivative is d2E/da^2 x^2 (eq. 25), summed over the connections that share it;
 * - an input's is the sum over the units it feeds of (weight)^2 d2E/da^2 (eq. 27).
 * Every one of these is linear in the second derivatives, so each linear op y = L(x, w) + b is handled by
 * the gradients of the same op on squared tensors: the weight rule is the weight-gradient of L(x^2, w) with
 * d2E/da^2 as the output gradient, the input rule the input-gradient of L(x, w^2). One forward and one such
 * pass over B patterns, divided by B, is exactly the mean of the B per-pattern estimates (eq. 24).
 *
 * Where bbprop starts (the choices the paper leaves open, documented in the README):
 * - rbf head: y_D = sum_j (x_j - w_Dj)^2 has d2y_D/dx_j^2 = 2 for every F6 unit whatever the class; the MAP
 *   term gets the same curvature as the plain criterion (as LeCun's own code does: its own Gauss-Newton
 *   term can be negative).
 * - softmax head with cross-entropy: d2E/dz_i^2 = p_i (1 - p_i) on the logits (the Gauss-Newton diagonal).
 * - tanh head with squared error: d2E/dy_i^2 = 2 on every output, then the layer's f'(a)^2.
 * Subsampling (a = c * window sum + b): the window sum is the coefficient's input, so h(c) sums
 * (window sum)^2 d2E/da^2 (LeCun's code) and each of the four inputs receives c^2 d2E/da^2.
 */
import * as tf from '@tensorflow/tfjs';
import { SCALED_TANH_A, SCALED_TANH_S, ScaledTanhActivation, headOf, scaledTanh } from '@lenet/model';

/** What a layer's forward pass leaves for its bbprop. */
export interface LayerPass {
  /** The layer's output, as the model computes it. */
  output: tf.Tensor;
  /**
   * Back-propagates `d2y` (d2E/dy^2 of every output, per pattern): the curvature summed over the batch of
   * each of the layer's trainable weights (in `trainableWeights` order), and d2E/dx^2 of its input unless
   * `needInput` is false.
   */
  backward(d2y: tf.Tensor, needInput: boolean): { h: tf.Tensor[]; d2x: tf.Tensor | null };
}

/** A model layer bbprop does not know. */
export class CurvatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CurvatureError';
  }
}

type Op = (x: tf.Tensor, params: tf.Tensor[]) => tf.Tensor;

/** d2E/dw^2 of every parameter of y = op(x, params) (summed over the batch): weight-gradients of op(x^2, params). */
function paramCurvature(op: Op, x: tf.Tensor, params: tf.Tensor[], d2a: tf.Tensor): tf.Tensor[] {
  const xx = tf.square(x);
  return tf.grads((...ps: tf.Tensor[]) => tf.sum(tf.mul(op(xx, ps), d2a)))(params);
}

/** d2E/dx^2 of the input of y = op(x, params): the input-gradient of op(x, params^2). */
function inputCurvature(op: Op, x: tf.Tensor, params: tf.Tensor[], d2a: tf.Tensor): tf.Tensor {
  const squared = params.map((p) => tf.square(p));
  return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(op(input, squared), d2a)))(x);
}

/** f(a) and f'(a)^2 (from f(a), as the forward pass has it) of an activation, by our or TF.js's name. */
function activationOf(name: string): { f: (a: tf.Tensor) => tf.Tensor; slopeSquared: (y: tf.Tensor, a: tf.Tensor) => tf.Tensor } {
  const A = SCALED_TANH_A;
  const S = SCALED_TANH_S;
  switch (name) {
    case 'scaled-tanh':
    case 'scaledTanh':
      // f = A tanh(S a): f' = S (A - f^2 / A).
      return { f: (a) => scaledTanh(a), slopeSquared: (y) => tf.square(tf.mul(tf.sub(A, tf.div(tf.square(y), A)), S)) };
    case 'tanh':
    case 'fastTanh':
      return { f: (a) => scaledTanh(a, 1, 1), slopeSquared: (y) => tf.square(tf.sub(1, tf.square(y))) };
    case 'sigmoid':
      return { f: (a) => tf.sigmoid(a), slopeSquared: (y) => tf.square(tf.mul(y, tf.sub(1, y))) };
    case 'relu':
      return { f: (a) => tf.relu(a), slopeSquared: (_y, a) => tf.cast(tf.greater(a, 0), 'float32') };
    case 'linear':
      return { f: (a) => a, slopeSquared: (y) => tf.onesLike(y) };
    default:
      throw new CurvatureError(`bbprop: no second derivative for activation '${name}'`);
  }
}

/** A layer made of one linear op (weights `params`) and an activation. */
function linearLayer(op: Op, x: tf.Tensor, params: tf.Tensor[], activation: string): LayerPass {
  const { f, slopeSquared } = activationOf(activation);
  const a = op(x, params);
  const output = f(a);
  return {
    output,
    backward: (d2y, needInput) => {
      const d2a = tf.mul(slopeSquared(output, a), d2y);
      return { h: paramCurvature(op, x, params, d2a), d2x: needInput ? inputCurvature(op, x, params, d2a) : null };
    },
  };
}

function weightsOf(layer: tf.layers.Layer): tf.Tensor[] {
  return layer.trainableWeights.map((w) => w.read());
}

function conv(padding: 'same' | 'valid'): Op {
  return (x, [kernel, bias]) => {
    const y = tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, padding);
    return bias === undefined ? y : tf.add(y, bias);
  };
}

function stockConv(layer: tf.layers.Layer, x: tf.Tensor): LayerPass {
  const config = layer.getConfig();
  const strides = config['strides'] as number[];
  const dilation = config['dilationRate'] as number[];
  if (strides.some((s) => s !== 1) || dilation.some((d) => d !== 1) || config['dataFormat'] !== 'channelsLast') {
    throw new CurvatureError(`bbprop: ${layer.name}: expected a stride-1, undilated, channels-last convolution`);
  }
  return linearLayer(conv(config['padding'] as 'same' | 'valid'), x, weightsOf(layer), config['activation'] as string);
}

/** One layer's forward pass, keeping what its bbprop needs. */
export function forwardLayer(layer: tf.layers.Layer, x: tf.Tensor): LayerPass {
  const custom = layer as unknown as { activation: string; padding: 'same' | 'valid' };
  switch (layer.getClassName()) {
    case 'ImageConv2D':
      return linearLayer(conv(custom.padding), x, weightsOf(layer), custom.activation);
    case 'Conv2D':
      return stockConv(layer, x);
    case 'TableConv2D': {
      // Each parameter lands in one slot of the dense kernel: the dense kernel of the squared parameters is
      // the square of the dense kernel.
      const table = layer as unknown as { scatterKernel(kernel: tf.Tensor): tf.Tensor4D };
      const op: Op = (input, [kernel, bias]) => tf.add(tf.conv2d(input as tf.Tensor4D, table.scatterKernel(kernel!), 1, 'valid'), bias!);
      return linearLayer(op, x, weightsOf(layer), custom.activation);
    }
    case 'TrainableSubsampling': {
      // Two linear stages: s = window sum (fixed weights 1; with mapsPerInput > 1 over repeated input
      // maps, whose second derivatives the gradient adds up), a = c s + b (one c and b per map).
      const sub = layer as unknown as { spread(x: tf.Tensor4D): tf.Tensor4D };
      const windowSum = (input: tf.Tensor) => tf.mul(tf.avgPool(sub.spread(input as tf.Tensor4D), 2, 2, 'valid'), 4);
      const s = windowSum(x);
      const inner = linearLayer((input, [c, b]) => tf.add(tf.mul(input, c!), b!), s, weightsOf(layer), custom.activation);
      return {
        output: inner.output,
        backward: (d2y, needInput) => {
          const { h, d2x: d2s } = inner.backward(d2y, needInput);
          return { h, d2x: needInput ? inputCurvature((input) => windowSum(input), x, [], d2s!) : null };
        },
      };
    }
    case 'Dense': {
      const activation = layer.getConfig()['activation'] as string;
      const op: Op = (input, [kernel, bias]) => {
        const y = tf.matMul(input as tf.Tensor2D, kernel as tf.Tensor2D);
        return bias === undefined ? y : tf.add(y, bias);
      };
      if (activation !== 'softmax') return linearLayer(op, x, weightsOf(layer), activation);
      // The loss's start: cross-entropy on softmax has d2E/dz_i^2 = p_i (1 - p_i) on the logits z.
      const params = weightsOf(layer);
      const output = tf.softmax(op(x, params));
      return {
        output,
        backward: (_d2y, needInput) => {
          const d2a = tf.mul(output, tf.sub(1, output));
          return { h: paramCurvature(op, x, params, d2a), d2x: needInput ? inputCurvature(op, x, params, d2a) : null };
        },
      };
    }
    case 'AveragePooling2D':
    case 'MaxPooling2D': {
      const config = layer.getConfig();
      const pool = config['poolSize'] as [number, number];
      const strides = config['strides'] as [number, number];
      const padding = config['padding'] as 'same' | 'valid';
      // Average: weights 1/n; max: weight 1 on the winner. inputCurvature squares no weight here, so the
      // average's op carries its 1/n once more (1/n^2 in all).
      const op: Op =
        layer.getClassName() === 'AveragePooling2D'
          ? (input) => tf.div(tf.avgPool(input as tf.Tensor4D, pool, strides, padding), pool[0] * pool[1])
          : (input) => tf.maxPool(input as tf.Tensor4D, pool, strides, padding);
      const output =
        layer.getClassName() === 'AveragePooling2D'
          ? tf.avgPool(x as tf.Tensor4D, pool, strides, padding)
          : tf.maxPool(x as tf.Tensor4D, pool, strides, padding);
      return { output, backward: (d2y, needInput) => ({ h: [], d2x: needInput ? inputCurvature(op, x, [], d2y) : null }) };
    }
    case 'CenteredResize': {
      // A fixed linear resampling of the image: only ever the first layer, so nothing is back-propagated.
      const output = layer.apply(x) as tf.Tensor;
      return {
        output,
        backward: (_d2y, needInput) => {
          if (needInput) throw new CurvatureError(`bbprop: ${layer.name} (CenteredResize) must be the model's first layer`);
          return { h: [], d2x: null };
        },
      };
    }
    case 'Flatten':
      return { output: tf.reshape(x, [x.shape[0]!, -1]), backward: (d2y, needInput) => ({ h: [], d2x: needInput ? tf.reshape(d2y, x.shape) : null }) };
    case 'RbfOutput': {
      // y_D = sum_j (x_j - w_Dj)^2: d2y_D/dx_j^2 = 2 for every unit j, whichever class D is the pattern's.
      const output = layer.apply(x) as tf.Tensor;
      return { output, backward: (_d2y, needInput) => ({ h: [], d2x: needInput ? tf.fill(x.shape, 2) : null }) };
    }
    default:
      throw new CurvatureError(`bbprop: layer '${layer.name}' (${layer.getClassName()}) has no second-derivative rule`);
  }
}

/**
 * The paper's h_kk of every trainable variable of `model` (by variable name): bbprop over the patterns
 * `images` ([B, side, side, 1], normalised as for training), the per-pattern values averaged (eq. 24),
 * each parameter's summed over the connections that share it. The model must be a chain of the layers
 * {@link forwardLayer} knows, ending in the rbf head or a dense (softmax or tanh) layer.
 */
export function estimateCurvature(model: tf.LayersModel, images: tf.Tensor4D): Map<string, tf.Tensor> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const last = layers[layers.length - 1];
  // Only these heads have a starting rule: any other last layer would get a silently zero curvature.
  const denseActivation = last?.getClassName() === 'Dense' ? last.getConfig()['activation'] : undefined;
  const headOk = last?.getClassName() === 'RbfOutput' || denseActivation === 'softmax' || denseActivation === ScaledTanhActivation.className;
  if (!headOk) {
    throw new CurvatureError(`bbprop: expected the model to end in RbfOutput or a softmax or scaled-tanh Dense layer, found ${last?.getClassName()}`);
  }
  const head = headOf(model);
  const count = images.shape[0];
  const values = tf.tidy(() => {
    const passes: LayerPass[] = [];
    let x: tf.Tensor = images;
    for (const layer of layers) {
      const pass = forwardLayer(layer, x);
      passes.push(pass);
      x = pass.output;
    }
    const h: tf.Tensor[][] = [];
    // The rbf and softmax heads start bbprop themselves; the tanh head's squared error has d2E/dy^2 = 2.
    let d2: tf.Tensor = head === 'tanh' ? tf.fill(x.shape, 2) : tf.zerosLike(x);
    for (let i = passes.length - 1; i >= 0; i--) {
      const needInput = layers.slice(0, i).some((l) => l.trainableWeights.length > 0);
      const { h: layerH, d2x } = passes[i]!.backward(d2, needInput);
      h[i] = layerH.map((t) => tf.div(t, count));
      if (d2x === null) break;
      d2 = d2x;
    }
    return h.flat();
  });
  const names = layers.filter((l) => l.trainableWeights.length > 0).flatMap((l) => l.trainableWeights.map((w) => (w.read() as tf.Variable).name));
  return new Map(names.map((name, i) => [name, values[i]!]));
}
