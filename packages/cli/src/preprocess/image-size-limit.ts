import { UsageError } from '../usage-error';

/** The largest image `lenet predict` decodes: 16 megapixels (4096x4096), about 250 MB while it is decoded. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/**
 * Refuses an image whose header declares more than {@link MAX_IMAGE_PIXELS} pixels: the decoders call it
 * with the size from the header (PNG's IHDR, JPEG's SOF), before they allocate anything for the pixels.
 *
 * @throws UsageError naming `file`, its size and the limit.
 */
export function checkImageSize(file: string, width: number, height: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new UsageError(`${file}: the image is ${width}x${height} (${width * height} pixels); expected at most ${MAX_IMAGE_PIXELS} pixels (4096x4096)`);
  }
}
