import type { GrayImage } from '@lenet/data';

/**
 * 8-bit RGBA pixels (PNG and JPEG decoders' output) to 8-bit grey (Rec. 601 luma). Transparent pixels are
 * composited over the background the opaque pixels suggest: a drawing of dark ink on a transparent canvas
 * gets white behind it, light ink gets black, so the strokes stay visible (opaque images are plain luma).
 */
export function rgbaToGray(width: number, height: number, rgba: ArrayLike<number>): GrayImage {
  const n = width * height;
  const luma = new Float32Array(n);
  const alpha = new Float32Array(n);
  let opaqueSum = 0;
  let opaqueWeight = 0;
  for (let i = 0; i < n; i++) {
    const a = rgba[4 * i + 3] / 255;
    luma[i] = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
    alpha[i] = a;
    opaqueSum += luma[i] * a;
    opaqueWeight += a;
  }
  // Behind transparent pixels: the opposite of the visible strokes' brightness.
  const behind = opaqueWeight > 0 && opaqueSum / opaqueWeight > 127.5 ? 0 : 255;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(luma[i] * alpha[i] + behind * (1 - alpha[i]));
  return { width, height, data: out };
}
