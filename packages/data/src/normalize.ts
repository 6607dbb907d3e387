import { DataOptionError } from './errors';

/**
 * How pixel bytes 0..255 become network inputs:
 * - `seed`: (x/255 - 0.05) / 0.5, as the seed notebook (0 -> -0.1, 255 -> 1.9);
 * - `standard`: (x/255 - 0.1307) / 0.3081, the MNIST training mean and standard deviation;
 * - `paper`: LeCun et al. 1998, background (white) -0.1 and foreground (black) 1.175, linear in between,
 *   which gives the inputs roughly mean 0 and variance 1.
 */
export type NormalizationPreset = 'seed' | 'standard' | 'paper';

/** Every normalisation preset. */
export const NORMALIZATION_PRESETS: readonly NormalizationPreset[] = ['seed', 'standard', 'paper'];

/** Input layout of a model: pixel normalisation and side (32 = the 28 x 28 image padded by 2 on each side). */
export interface ImageLayout {
  normalization: NormalizationPreset;
  size: 28 | 32;
}

/** The affine map x -> x * scale + offset of each preset (x the byte value). */
const AFFINE: Readonly<Record<NormalizationPreset, { scale: number; offset: number }>> = {
  seed: { scale: 1 / 255 / 0.5, offset: -0.05 / 0.5 },
  standard: { scale: 1 / 255 / 0.3081, offset: -0.1307 / 0.3081 },
  paper: { scale: (1.175 - -0.1) / 255, offset: -0.1 },
};

const tables = new Map<NormalizationPreset, Float32Array>();

/** The 256-entry lookup table byte -> normalised value of a preset (shared, do not modify). */
export function normalizationTable(preset: NormalizationPreset): Float32Array {
  let table = tables.get(preset);
  if (!table) {
    const affine = AFFINE[preset];
    if (!affine) {
      throw new DataOptionError(`normalization: expected one of ${NORMALIZATION_PRESETS.join(', ')}, found ${String(preset)}`, 'normalization');
    }
    table = new Float32Array(256);
    for (let x = 0; x < 256; x++) table[x] = x * affine.scale + affine.offset;
    tables.set(preset, table);
  }
  return table;
}

/** The value of a background (0) pixel under a preset: what the 32 x 32 padding is filled with. */
export function backgroundValue(preset: NormalizationPreset): number {
  return normalizationTable(preset)[0]!;
}

/**
 * Writes one `side` x `side` image of bytes, normalised through `table`, centred into an `size` x `size`
 * slot of `out` whose border is the background value. Internal building block of normalisation and batching.
 */
export function normalizeImageInto(
  src: Uint8Array,
  srcOffset: number,
  side: number,
  table: Float32Array,
  out: Float32Array,
  outOffset: number,
  size: number,
): void {
  const pad = (size - side) >> 1;
  if (pad > 0) out.fill(table[0]!, outOffset, outOffset + size * size);
  for (let r = 0; r < side; r++) {
    const s = srcOffset + r * side;
    const o = outOffset + (r + pad) * size + pad;
    for (let c = 0; c < side; c++) out[o + c] = table[src[s + c]!]!;
  }
}

/**
 * Normalises `count` square greyscale images (bytes, image after image) into a Float32Array in NHWC layout
 * with C = 1: shape [count, size, size, 1]. The image side is `images.length / count` (28 for MNIST); a side
 * smaller than `layout.size` is centred and the border filled with the preset's background value.
 *
 * @param out optional buffer to write into (at least count*size*size long); the result is then `out`
 *   (or its prefix view when longer), so the caller owns the memory.
 */
export function normalizeImages(images: Uint8Array, count: number, layout: ImageLayout, out?: Float32Array): Float32Array {
  const table = normalizationTable(layout.normalization);
  const size = layout.size;
  if (!Number.isInteger(count) || count <= 0) {
    throw new DataOptionError(`count: expected an integer >= 1, found ${String(count)}`, 'count');
  }
  const side = Math.round(Math.sqrt(images.length / count));
  if (side * side * count !== images.length) {
    throw new DataOptionError(
      `images: wrong image size: expected ${count} square images, found ${images.length} bytes (${images.length / count} per image)`,
      'images',
    );
  }
  if (!(size === 28 || size === 32) || side > size || (size - side) % 2 !== 0) {
    throw new DataOptionError(`size: expected 28 or 32, at least the image side ${side} and of its parity, found ${String(size)}`, 'size');
  }
  const needed = count * size * size;
  let result: Float32Array;
  if (out) {
    if (out.length < needed) {
      throw new DataOptionError(`out: expected a buffer of at least ${needed} floats, found ${out.length}`, 'out');
    }
    result = out.length === needed ? out : out.subarray(0, needed);
  } else {
    result = new Float32Array(needed);
  }
  for (let i = 0; i < count; i++) normalizeImageInto(images, i * side * side, side, table, result, i * size * size, size);
  return result;
}
