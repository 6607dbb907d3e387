import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GrayImage } from '@lenet/data';
import { UsageError } from '../usage-error';
import { decodeImage } from './decode-image';
import { decodeJpeg, jpegFrameSize } from './decode-jpeg';
import { encodeJpeg } from './encode-jpeg.test-util';
import { MAX_IMAGE_PIXELS } from './image-size-limit';

/** A 40x30 test card: a dark bar on a light ground. */
const CARD: GrayImage = { width: 40, height: 30, data: Uint8Array.from({ length: 1200 }, (_, i) => (i % 40 >= 15 && i % 40 < 25 ? 20 : 230)) };

/**
 * MNIST test digit 0 (a 7) enlarged to 84x84 as blue ink on cream paper, saved as a progressive JPEG (SOF2)
 * by Pillow 9.4 (`Image.save(..., quality=90, progressive=True)`); jpeg-js can only write baseline ones.
 */
const PROGRESSIVE = path.join(__dirname, 'fixtures', 'mnist-test-0-progressive.jpg');

/** Offset of the first SOF0 (baseline frame header) marker. */
const sof0 = (bytes: Uint8Array): number => bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);

describe('decodeJpeg', () => {
  it('reads a baseline JPEG to grey, close to what was written', () => {
    const bytes = encodeJpeg(CARD);
    expect(jpegFrameSize(bytes)).toEqual({ width: 40, height: 30 });
    const img = decodeJpeg(bytes, 'card.jpg');
    expect([img.width, img.height]).toEqual([40, 30]);
    const maxError = Math.max(...Array.from(img.data, (v, i) => Math.abs(v - CARD.data[i]!)));
    expect(maxError).toBeLessThan(40); // lossy, at the bar's edges; far from the 210 between ink and ground
    expect(img.data[5 * 40 + 2]).toBeGreaterThan(200);
    expect(img.data[5 * 40 + 20]).toBeLessThan(50);
  });

  it('reads a progressive colour JPEG (Pillow) as luma: dark ink on light paper', () => {
    const bytes = new Uint8Array(fs.readFileSync(PROGRESSIVE));
    expect(bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc2)).toBeGreaterThan(0); // SOF2: progressive
    const img = decodeJpeg(bytes, 'seven.jpg');
    expect([img.width, img.height]).toEqual([84, 84]);
    expect(img.data[0]).toBeGreaterThan(220); // paper: luma of (245, 238, 220) is 237
    expect(Math.min(...img.data)).toBeLessThan(70); // ink: luma of (20, 40, 140) is 45
  });

  it('chooses the decoder by the first bytes, not the name', () => {
    expect(decodeImage(encodeJpeg(CARD), 'really-a-jpeg.png').width).toBe(40);
    expect(() => decodeImage(new TextEncoder().encode('GIF89a...'), 'x.jpg')).toThrow(
      'x.jpg: not a PNG or JPEG image (expected the PNG or JPEG signature at the start of the file)',
    );
  });

  it('refuses an image above MAX_IMAGE_PIXELS from its frame header, before decoding it', () => {
    const bytes = encodeJpeg(CARD);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const at = sof0(bytes);
    view.setUint16(at + 5, 8000); // SOF0 height and width, as an 8000x8000 photo declares them
    view.setUint16(at + 7, 8000);
    // The scan data is still that of 40x30 pixels: decoding it would fail with another message.
    expect(() => decodeJpeg(bytes, 'huge.jpg')).toThrow(
      `huge.jpg: the image is 8000x8000 (64000000 pixels); expected at most ${MAX_IMAGE_PIXELS} pixels (4096x4096)`,
    );
    expect(() => decodeImage(bytes, 'huge.jpg')).toThrow(UsageError);
  });

  it('refuses a truncated or corrupt JPEG, naming the file', () => {
    const bytes = encodeJpeg(CARD);
    expect(() => decodeJpeg(bytes.subarray(0, sof0(bytes) + 4), 'head.jpg')).toThrow(
      'head.jpg: not a readable JPEG image (no frame header before the image data: truncated or corrupt)',
    );
    expect(() => decodeJpeg(bytes.subarray(0, Math.floor(bytes.length * 0.7)), 'cut.jpg')).toThrow(/^cut\.jpg: not a readable JPEG image \(.+\)$/);
    const corrupt = Uint8Array.from(bytes);
    corrupt.fill(0xff, sof0(bytes) + 40, sof0(bytes) + 240); // the Huffman tables after the frame header
    expect(() => decodeJpeg(corrupt, 'bad.jpg')).toThrow(/^bad\.jpg: not a readable JPEG image \(.+\)$/);
    expect(() => decodeJpeg(new TextEncoder().encode('not a jpeg'), 'n.jpg')).toThrow(
      'n.jpg: not a JPEG image (expected the JPEG signature FF D8 FF at the start of the file)',
    );
  });
});
