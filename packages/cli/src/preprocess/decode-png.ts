import { PNG } from 'pngjs';
import type { GrayImage } from '@lenet/data';
import { UsageError } from '../usage-error';
import { hasSignature } from './has-signature';
import { checkImageSize } from './image-size-limit';
import { rgbaToGray } from './rgba-to-gray';

/** A PNG file starts with these 8 bytes. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes a PNG file (any colour type and bit depth pngjs reads) to 8-bit grey ({@link rgbaToGray}:
 * Rec. 601 luma, transparent pixels over the background the strokes suggest).
 *
 * @throws UsageError naming `file` when it is not a PNG, declares more than `MAX_IMAGE_PIXELS` pixels
 *   (checked in the header, before anything is decoded) or cannot be decoded.
 */
export function decodePng(bytes: Uint8Array, file: string): GrayImage {
  if (!hasSignature(bytes, PNG_SIGNATURE)) {
    throw new UsageError(`${file}: not a PNG image (expected the PNG signature at the start of the file)`);
  }
  // IHDR is the first chunk: width and height are the big-endian words at bytes 16 and 20.
  if (bytes.length >= 24) {
    const header = new DataView(bytes.buffer, bytes.byteOffset, 24);
    checkImageSize(file, header.getUint32(16), header.getUint32(20));
  }
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    throw new UsageError(`${file}: not a readable PNG image (${(error as Error).message})`);
  }
  const { width, height, data } = png;
  if (width * height === 0) throw new UsageError(`${file}: the image is empty (${width}x${height})`);
  return rgbaToGray(width, height, data);
}
