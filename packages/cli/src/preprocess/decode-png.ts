import { PNG } from 'pngjs';
import { UsageError } from '../usage-error';
import type { GrayImage } from '@lenet/data';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The largest image `decodePng` accepts: 16 megapixels (4096x4096), about 250 MB while it is decoded. */
export const MAX_PNG_PIXELS = 4096 * 4096;

/**
 * Decodes a PNG file (any colour type and bit depth pngjs reads) to 8-bit grey (Rec. 601 luma).
 * Transparent pixels are composited over the background the opaque pixels suggest: a drawing of dark
 * ink on a transparent canvas gets white behind it, light ink gets black, so the strokes stay visible.
 *
 * @throws UsageError naming `file` when it is not a PNG, declares more than {@link MAX_PNG_PIXELS} pixels
 *   (checked in the header, before anything is decoded) or cannot be decoded.
 */
export function decodePng(bytes: Uint8Array, file: string): GrayImage {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new UsageError(`${file}: not a PNG image (expected the PNG signature at the start of the file)`);
  }
  // IHDR is the first chunk: width and height are the big-endian words at bytes 16 and 20.
  if (bytes.length >= 24) {
    const header = new DataView(bytes.buffer, bytes.byteOffset, 24);
    const [w, h] = [header.getUint32(16), header.getUint32(20)];
    if (w * h > MAX_PNG_PIXELS) {
      throw new UsageError(`${file}: the image is ${w}x${h} (${w * h} pixels); expected at most ${MAX_PNG_PIXELS} pixels (4096x4096)`);
    }
  }
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    throw new UsageError(`${file}: not a readable PNG image (${(error as Error).message})`);
  }
  const { width, height, data } = png;
  const n = width * height;
  if (n === 0) throw new UsageError(`${file}: the image is empty (${width}x${height})`);
  const luma = new Float32Array(n);
  const alpha = new Float32Array(n);
  let opaqueSum = 0;
  let opaqueWeight = 0;
  for (let i = 0; i < n; i++) {
    const r = data[4 * i];
    const g = data[4 * i + 1];
    const b = data[4 * i + 2];
    const a = data[4 * i + 3] / 255;
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
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
