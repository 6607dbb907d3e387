import type { Box, FloatImage, GrayImage } from './gray-image';

/** MNIST's geometry: digits scaled into a 20x20 box, placed by centre of mass in a 28x28 field. */
export const MNIST_LAYOUT = { size: 28, box: 20 } as const;

/** A digit could not be found in the image (it is uniform). */
export class NoDigitError extends Error {
  override name = 'NoDigitError';
}

/** The median of the image's outermost rows and columns: its background level. */
export function borderMedian(img: GrayImage): number {
  const { width: w, height: h, data } = img;
  const values: number[] = [];
  for (let x = 0; x < w; x++) values.push(data[x], data[(h - 1) * w + x]);
  for (let y = 1; y < h - 1; y++) values.push(data[y * w], data[y * w + w - 1]);
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/**
 * Ink intensity in [0, 1], MNIST's polarity (white digit on black): the background level (border median)
 * maps to 0 and the strongest ink to 1. A light background is inverted first. Pixels on the background's
 * side of it are 0, so paper texture lighter than the background does not count as ink.
 */
export function inkImage(img: GrayImage): FloatImage {
  const bg = borderMedian(img);
  const invert = bg >= 128;
  const n = img.width * img.height;
  const ink = new Float32Array(n);
  let max = 0;
  const bgInk = invert ? 255 - bg : bg;
  for (let i = 0; i < n; i++) {
    const v = (invert ? 255 - img.data[i] : img.data[i]) - bgInk;
    ink[i] = v > 0 ? v : 0;
    if (ink[i] > max) max = ink[i];
  }
  if (max > 0) for (let i = 0; i < n; i++) ink[i] /= max;
  return { width: img.width, height: img.height, data: ink };
}

/** Smallest box holding every pixel above `threshold`; `undefined` when there is none. */
export function boundingBox(img: FloatImage, threshold: number): Box | undefined {
  let left = img.width;
  let top = img.height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x] > threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  return right < 0 ? undefined : { left, top, right: right + 1, bottom: bottom + 1 };
}

/**
 * Resamples `box` of `img` to `width` x `height` by area averaging: each output pixel is the mean of the
 * source area it covers, with fractional coverage at the edges (anti-aliased when shrinking, smooth
 * steps when enlarging).
 */
export function resampleArea(img: FloatImage, box: Box, width: number, height: number): FloatImage {
  const sx = (box.right - box.left) / width;
  const sy = (box.bottom - box.top) / height;
  const out = new Float32Array(width * height);
  for (let oy = 0; oy < height; oy++) {
    const y0 = box.top + oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < width; ox++) {
      const x0 = box.left + ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        if (wy <= 0) continue;
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          if (wx <= 0) continue;
          sum += img.data[y * img.width + x] * wx * wy;
        }
      }
      out[oy * width + ox] = sum / (sx * sy);
    }
  }
  return { width, height, data: out };
}

/** Centre of mass (x, y) of an image, pixel centres at integer coordinates. */
export function centreOfMass(img: FloatImage): { x: number; y: number } {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      m += v;
      mx += v * x;
      my += v * y;
    }
  }
  return m > 0 ? { x: mx / m, y: my / m } : { x: (img.width - 1) / 2, y: (img.height - 1) / 2 };
}

/**
 * Places `digit` in a `size` x `size` black field so that its centre of mass lands on the field's centre
 * (integer shift, clamped so the digit stays whole inside the field).
 */
export function placeByMass(digit: FloatImage, size: number): FloatImage {
  const c = centreOfMass(digit);
  // MNIST's digits have their centre of mass at about (14, 14) in pixel-index coordinates (measured on
  // the test set), i.e. size / 2, not the (size - 1) / 2 of the field's middle pixel centre.
  const centre = size / 2;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const dx = clamp(Math.round(centre - c.x), 0, size - digit.width);
  const dy = clamp(Math.round(centre - c.y), 0, size - digit.height);
  const out = new Float32Array(size * size);
  for (let y = 0; y < digit.height; y++) {
    for (let x = 0; x < digit.width; x++) out[(y + dy) * size + x + dx] = digit.data[y * digit.width + x];
  }
  return { width: size, height: size, data: out };
}

/** Options of {@link toMnist}. */
export interface ToMnistOptions {
  /** Ink level (0-1) a pixel must exceed to count towards the digit's bounding box; default 0.2. */
  threshold?: number;
}

/**
 * Turns a photo or drawing of one digit, any size and either polarity, into a 28x28 MNIST-style image
 * (0 = background, 255 = ink), the way MNIST was made: background found from the border and removed
 * (inverting dark-on-light), the digit's bounding box cropped, scaled to fit 20x20 keeping its aspect
 * ratio, and placed by centre of mass in 28x28.
 *
 * @throws NoDigitError when no pixel stands out from the background.
 */
export function toMnist(img: GrayImage, options: ToMnistOptions = {}): Uint8Array {
  const ink = inkImage(img);
  const box = boundingBox(ink, options.threshold ?? 0.2);
  if (box === undefined) throw new NoDigitError('no digit found: the image is uniform');
  const bw = box.right - box.left;
  const bh = box.bottom - box.top;
  const scale = MNIST_LAYOUT.box / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * scale));
  const h = Math.max(1, Math.round(bh * scale));
  const placed = placeByMass(resampleArea(ink, box, w, h), MNIST_LAYOUT.size);
  const out = new Uint8Array(placed.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, placed.data[i])) * 255);
  return out;
}
