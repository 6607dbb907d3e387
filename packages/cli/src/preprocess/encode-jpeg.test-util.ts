import { encode } from 'jpeg-js';
import type { GrayImage } from '@lenet/data';

/** Encodes a grey image as a baseline JPEG (jpeg-js writes baseline, 4:4:4, YCbCr); the tests write their input digits with it. */
export function encodeJpeg(img: GrayImage, quality = 95): Uint8Array {
  const rgba = new Uint8Array(img.width * img.height * 4);
  img.data.forEach((v, i) => rgba.set([v, v, v, 255], 4 * i));
  return encode({ width: img.width, height: img.height, data: rgba }, quality).data;
}
