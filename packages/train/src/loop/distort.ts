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
/** PRNG stream of the paper protocol's fixed copies, and of the copy each pass shows. */
const COPY_STREAM = 0xc0b1;
const PICK_STREAM = 0x91c4;

/** Distorted copies of each original in the paper's training set (540,000 for MNIST's 60,000). */
export const PAPER_DISTORTED_COPIES = 9;

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0];

/** One random distortion as a `tf.image.transform` row (output pixel -> input pixel). */
function randomTransform(rng: () => number, side: number, ranges: DistortionRanges): number[] {
  const uniform = (r: number) => (2 * rng() - 1) * r;
  const c = (side - 1) / 2;
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
  return [a0, a1, c - (a0 * ux + a1 * uy), 0, b1, c - b1 * uy, 0, 0];
}

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
  const out = new Float32Array(count * 8);
  for (let i = 0; i < count; i++) out.set(randomTransform(rng, side, ranges), i * 8);
  return out;
}

/**
 * The paper's distorted training set (p. 13, Fig. 9): the originals plus {@link PAPER_DISTORTED_COPIES}
 * fixed distorted copies of each (60,000 + 540,000), and each pass shows one of the ten versions of each
 * training image, drawn uniformly: 20 passes of 60,000 patterns see each of the 600,000 about twice. Copy c
 * of image i is a pure function of (seed, i, c); the version a pass shows of (seed, epoch, i).
 */
export function paperDistortionTransforms(
  indices: Uint32Array,
  side: number,
  key: { seed: number; epoch: number },
  ranges: DistortionRanges = DEFAULT_DISTORTION,
): Float32Array {
  const out = new Float32Array(indices.length * 8);
  indices.forEach((index, i) => {
    const copy = Math.floor(createRng(deriveSeed(key.seed, PICK_STREAM, key.epoch, index))() * (PAPER_DISTORTED_COPIES + 1));
    out.set(paperCopyTransform(key.seed, index, copy, side, ranges), i * 8);
  });
  return out;
}

/**
 * Version `copy` of training image `index` in the paper's distorted set of a run seeded `seed` (0: the
 * original, 1-{@link PAPER_DISTORTED_COPIES}: its fixed distorted copies), as a `tf.image.transform` row.
 */
export function paperCopyTransform(seed: number, index: number, copy: number, side: number, ranges: DistortionRanges = DEFAULT_DISTORTION): number[] {
  return copy === 0 ? IDENTITY : randomTransform(createRng(deriveSeed(seed, COPY_STREAM, index, copy)), side, ranges);
}

/** Applies `tf.image.transform` rows to a batch [B, side, side, 1] (a new tensor; the input is not disposed). */
export function transformBatch(images: tf.Tensor4D, transforms: Float32Array, background: number): tf.Tensor4D {
  return tf.tidy(() => tf.image.transform(images, tf.tensor2d(transforms, [images.shape[0], 8]), 'bilinear', 'constant', background));
}

/** Distorts a batch [B, side, side, 1] (a new tensor; the input is not disposed). */
export function distortBatch(
  images: tf.Tensor4D,
  key: { seed: number; epoch: number; batch: number },
  background: number,
  ranges: DistortionRanges = DEFAULT_DISTORTION,
): tf.Tensor4D {
  const [count, side] = images.shape;
  return transformBatch(images, distortionTransforms(count, side, key, ranges), background);
}
