import type { GrayImage } from '@lenet/data';
import { decode } from 'jpeg-js';
import { UsageError } from '../usage-error';
import { hasSignature } from './has-signature';
import { MAX_IMAGE_PIXELS, checkImageSize } from './image-size-limit';
import { rgbaToGray } from './rgba-to-gray';

/** A JPEG file starts with SOI (FF D8) and the next marker's FF. */
export const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Start-of-frame markers (C0-CF but DHT C4, JPG C8 and DAC CC): their segment holds the image size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * The width and height a JPEG declares in its frame header (SOF), found by walking the marker segments
 * that precede it; null when the file ends or the scan starts before one.
 */
export function jpegFrameSize(bytes: Uint8Array): { width: number; height: number } | null {
  let at = 2; // after SOI
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // start of scan or end of image: no frame header first
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) return null;
      return { height: (bytes[at + 5] << 8) | bytes[at + 6], width: (bytes[at + 7] << 8) | bytes[at + 8] };
    }
    at += 2 + length;
  }
  return null;
}

/**
 * Decodes a JPEG file, baseline or progressive (what jpeg-js reads: Huffman-coded, greyscale, YCbCr or
 * CMYK), to 8-bit grey (Rec. 601 luma).
 *
 * @throws UsageError naming `file` when it is not a JPEG, declares more than {@link MAX_IMAGE_PIXELS} pixels
 *   (checked in the frame header, before anything is decoded), or is truncated or corrupt.
 */
export function decodeJpeg(bytes: Uint8Array, file: string): GrayImage {
  if (!hasSignature(bytes, JPEG_SIGNATURE)) {
    throw new UsageError(`${file}: not a JPEG image (expected the JPEG signature FF D8 FF at the start of the file)`);
  }
  const size = jpegFrameSize(bytes);
  if (size === null) throw new UsageError(`${file}: not a readable JPEG image (no frame header before the image data: truncated or corrupt)`);
  checkImageSize(file, size.width, size.height);
  let image: { width: number; height: number; data: Uint8Array };
  try {
    // jpeg-js's own limits as a second guard; tolerantDecoding off so that a corrupt scan fails instead of decoding to noise.
    image = decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
  } catch (error) {
    throw new UsageError(`${file}: not a readable JPEG image (${(error as Error).message})`);
  }
  if (image.width * image.height === 0) throw new UsageError(`${file}: the image is empty (${image.width}x${image.height})`);
  return rgbaToGray(image.width, image.height, image.data);
}
