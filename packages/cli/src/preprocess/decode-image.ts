import type { GrayImage } from '@lenet/data';
import { UsageError } from '../usage-error';
import { hasSignature } from './has-signature';
import { JPEG_SIGNATURE, decodeJpeg } from './decode-jpeg';
import { PNG_SIGNATURE, decodePng } from './decode-png';

/**
 * Decodes a PNG or JPEG file to 8-bit grey, choosing the format by the file's first bytes (its signature),
 * not by its name.
 *
 * @throws UsageError naming `file` when it is neither, or as {@link decodePng} and {@link decodeJpeg} do.
 */
export function decodeImage(bytes: Uint8Array, file: string): GrayImage {
  if (hasSignature(bytes, PNG_SIGNATURE)) return decodePng(bytes, file);
  if (hasSignature(bytes, JPEG_SIGNATURE)) return decodeJpeg(bytes, file);
  throw new UsageError(`${file}: not a PNG or JPEG image (expected the PNG or JPEG signature at the start of the file)`);
}
