import { PNG } from 'pngjs';
import { UsageError } from '../usage-error';
import { decodePng } from './decode-png';
import { MAX_IMAGE_PIXELS } from './image-size-limit';
import { encodePng } from './encode-png.test-util';

describe('decodePng', () => {
  it('round-trips a greyscale image', () => {
    const data = Uint8Array.from({ length: 6 * 4 }, (_, i) => i * 10);
    expect(decodePng(encodePng({ width: 6, height: 4, data }), 'a.png')).toEqual({ width: 6, height: 4, data });
  });

  it('converts colour to luma and puts transparent pixels behind dark strokes on white', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([255, 0, 0, 255, /* transparent: */ 0, 0, 0, 0]);
    const img = decodePng(PNG.sync.write(png), 'c.png');
    expect(img.data[0]).toBe(76); // 0.299 * 255
    expect(img.data[1]).toBe(255); // the opaque pixel is dark, so the background behind is white
  });

  it('rejects a file that is not a PNG, naming it', () => {
    expect(() => decodePng(new TextEncoder().encode('hello, not an image'), 'notes.png')).toThrow(UsageError);
    expect(() => decodePng(new TextEncoder().encode('hello, not an image'), 'notes.png')).toThrow('notes.png: not a PNG image');
  });

  it('rejects a truncated PNG', () => {
    const bytes = encodePng({ width: 8, height: 8, data: new Uint8Array(64) });
    expect(() => decodePng(bytes.subarray(0, 40), 'cut.png')).toThrow(/cut\.png: not a readable PNG image/);
  });

  it('refuses an image above MAX_IMAGE_PIXELS from its header, before decoding it', () => {
    const bytes = encodePng({ width: 8, height: 8, data: new Uint8Array(64) });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    view.setUint32(16, 8000); // IHDR width and height, as an 8000x8000 photo would declare them
    view.setUint32(20, 8000);
    expect(() => decodePng(bytes, 'huge.png')).toThrow(`huge.png: the image is 8000x8000 (64000000 pixels); expected at most ${MAX_IMAGE_PIXELS} pixels`);
    view.setUint32(16, 4096); // at the limit the header passes; pngjs then rejects the corrupted chunk (CRC)
    view.setUint32(20, 4096);
    expect(() => decodePng(bytes, 'edge.png')).toThrow(/edge\.png: not a readable PNG image/);
  });
});
