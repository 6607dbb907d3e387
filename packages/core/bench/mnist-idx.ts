import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The MNIST training images (uint8, N*28*28) and labels from the IDX files (16- and 8-byte headers). */
export function readMnistTrain(dir: string): { images: Uint8Array; labels: Uint8Array; count: number } {
  const images = readFileSync(join(dir, 'train-images-idx3-ubyte'));
  const labels = readFileSync(join(dir, 'train-labels-idx1-ubyte'));
  if (images.readUInt32BE(0) !== 0x803 || labels.readUInt32BE(0) !== 0x801) throw new Error(`${dir}: not MNIST IDX files`);
  const count = images.readUInt32BE(4);
  return { images: images.subarray(16), labels: labels.subarray(8), count };
}
