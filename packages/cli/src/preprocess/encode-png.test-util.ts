import { PNG } from 'pngjs';
import type { GrayImage } from '@lenet/data';

/** Encodes a grey image as an 8-bit greyscale PNG (the tests write their input digits with it). */
export function encodePng(img: GrayImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0; i < img.data.length; i++) {
    png.data[4 * i] = png.data[4 * i + 1] = png.data[4 * i + 2] = img.data[i];
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}
