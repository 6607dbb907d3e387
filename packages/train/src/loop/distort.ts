/**
 * Seeded random affine distortions of training batches (the paper's "distorted" training set: horizontal
 * and vertical translation, scaling, squeezing, horizontal shearing), applied on the backend with
 * `tf.image.transform` (bilinear, the border filled with the normalised background value).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '@lenet/data';

/** The ranges each distortion is drawn from, uniformly and independently per image. */
export interface DistortionRanges {
  /** Translation in pixels, each axis: [-t, t]. */
  translate: number;
  /** Isotropic scale: [1 - s, 1 + s]. */
  scale: number;
  /** Squeeze: x scaled by q and y by 1/q, q in [1 - q, 1 + q]. */
  squeeze: number;
  /** Horizontal shear: x += k (y - centre), k in [-k, k]. */
  shear: number;
}

/** Default ranges: +/-2 px, +/-10% scale, +/-10% squeeze, shear +/-0.2 (about +/-11 degrees). */
export const DEFAULT_DISTORTION: Readonly<DistortionRanges> = { translate: 2, scale: 0.1, squeeze: 0.1, shear: 0.2 };

/** PRNG stream id of the distortions (distinct from the data's shuffle and split streams). */
const DISTORT_STREAM = 0xd157;

/**
 * The `tf.image.transform` rows (8 numbers per image: output pixel -> input pixel) of `count` random
 * distortions of `side` x `side` images. A pure function of (seed, epoch, batch): a resumed run draws the
 * same distortions.
 */
export function distortionTransforms(
  count: number,
  side: number,
  key: { seed: number; epoch: number; batch: number },
  ranges: DistortionRanges = DEFAULT_DISTORTION,
): Float32Array {
  const rng = createRng(deriveSeed(key.seed, DISTORT_STREAM, key.epoch, key.batch));
  const uniform = (r: number) => (2 * rng() - 1) * r;
  const c = (side - 1) / 2;
  const out = new Float32Array(count * 8);
  for (let i = 0; i < count; i++) {
    const tx = uniform(ranges.translate);
    const ty = uniform(ranges.translate);
    const s = 1 + uniform(ranges.scale);
    const q = 1 + uniform(ranges.squeeze);
    const k = uniform(ranges.shear);
    // Forward map p_out = c + A (p_in - c) + t with A = [[s q, k], [0, s / q]]; the transform op wants its
    // inverse, p_in = c + A^-1 (p_out - c - t).
    const sx = s * q;
    const sy = s / q;
    const a0 = 1 / sx;
    const a1 = -k / (sx * sy);
    const b1 = 1 / sy;
    const ux = c + tx;
    const uy = c + ty;
    out.set([a0, a1, c - (a0 * ux + a1 * uy), 0, b1, c - b1 * uy, 0, 0], i * 8);
  }
  return out;
}

/** Distorts a batch [B, side, side, 1] (a new tensor; the input is not disposed). */
export function distortBatch(
  images: tf.Tensor4D,
  key: { seed: number; epoch: number; batch: number },
  background: number,
  ranges: DistortionRanges = DEFAULT_DISTORTION,
): tf.Tensor4D {
  const [count, side] = images.shape;
  return tf.tidy(() => {
    const transforms = tf.tensor2d(distortionTransforms(count, side, key, ranges), [count, 8]);
    return tf.image.transform(images, transforms, 'bilinear', 'constant', background);
  });
}
