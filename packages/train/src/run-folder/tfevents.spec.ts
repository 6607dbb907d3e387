import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_FILE_VERSION, EventFileError, EventFileWriter, encodeRecord, listEventFiles } from './tfevents';
import { decodeEvent, readEvents, readScalars } from './tfevents-reader';

describe('TensorBoard event files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-tfevents-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes the seed's four tags over a few steps and epochs; returns what was written. */
  function writeSeedScalars(): Array<{ tag: string; value: number; step: number }> {
    const written: Array<{ tag: string; value: number; step: number }> = [];
    const writer = new EventFileWriter(dir, { wallTime: 1_700_000_000.25 });
    for (let step = 0; step < 6; step++) {
      for (const [tag, value] of [
        ['Loss/train', 2.3 / (step + 1)],
        ['Accuracy/train', 10 + step * 13.7],
      ] as const) {
        writer.writeScalar(tag, value, step, 1_700_000_001 + step);
        written.push({ tag, value, step });
      }
    }
    for (let epoch = 0; epoch < 2; epoch++) {
      writer.writeScalar('Loss/val', 0.31 - epoch * 0.1, epoch);
      writer.writeScalar('Accuracy/val', 91.234 + epoch, epoch);
      written.push({ tag: 'Loss/val', value: 0.31 - epoch * 0.1, step: epoch }, { tag: 'Accuracy/val', value: 91.234 + epoch, step: epoch });
    }
    writer.close();
    return written;
  }

  it("writes the seed's tags and decodes identical values (as float32)", () => {
    const written = writeSeedScalars();
    const files = listEventFiles(dir);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0])).toMatch(new RegExp(`^events\\.out\\.tfevents\\.1700000000\\.${os.hostname().replace(/[.]/g, '\\.')}\\.\\d+$`));
    const scalars = readScalars(files[0]);
    expect(scalars.map(({ tag, value, step }) => ({ tag, value, step }))).toEqual(written.map((w) => ({ ...w, value: Math.fround(w.value) })));
    expect(scalars[0].wallTime).toBe(1_700_000_001);
    const events = readEvents(files[0]);
    expect(events[0]).toEqual({ wallTime: 1_700_000_000.25, step: 0, fileVersion: EVENT_FILE_VERSION, values: [] });
    expect(events).toHaveLength(1 + written.length);
  });

  it("starts with the same record header as TensorFlow's own event files", () => {
    const writer = new EventFileWriter(dir);
    writer.close();
    const bytes = fs.readFileSync(writer.file);
    // length 24 (wall_time + file_version), masked CRC-32C a3 7f 4b 22: what every TF-written file starts with.
    expect([...bytes.subarray(0, 12)]).toEqual([0x18, 0, 0, 0, 0, 0, 0, 0, 0xa3, 0x7f, 0x4b, 0x22]);
    expect(bytes.length).toBe(12 + 24 + 4);
  });

  it('round-trips large and negative steps', () => {
    const writer = new EventFileWriter(dir);
    writer.writeScalar('x', 1, 2 ** 40 + 3);
    writer.writeScalar('x', 2, -5);
    writer.close();
    expect(readScalars(writer.file).map((s) => s.step)).toEqual([2 ** 40 + 3, -5]);
  });

  it('detects a corrupted data byte, naming the file', () => {
    writeSeedScalars();
    const [file] = listEventFiles(dir);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0x01; // inside the last record's data
    fs.writeFileSync(file, bytes);
    expect(() => readEvents(file)).toThrow(EventFileError);
    expect(() => readEvents(file)).toThrow(`${file}: record data CRC-32C mismatch`);
  });

  it('detects a corrupted length and a truncated file', () => {
    writeSeedScalars();
    const [file] = listEventFiles(dir);
    const good = fs.readFileSync(file);
    const badLength = Buffer.from(good);
    badLength[40 + 1] ^= 0x40; // second record's length field (the first record is 40 bytes)
    fs.writeFileSync(file, badLength);
    expect(() => readEvents(file)).toThrow(/record length CRC-32C mismatch \(corrupt file\) \(at byte 40\)/);
    fs.writeFileSync(file, good.subarray(0, good.length - 3));
    expect(() => readEvents(file)).toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')}: truncated record`));
    expect(() => readEvents(path.join(dir, 'missing'))).toThrow(/missing: cannot read event file/);
  });

  it('skips protobuf fields it does not know (files from other writers)', () => {
    // Event { wall_time: 1.5, step: 7, source_metadata-like unknown field 10 (varint 99), summary { value { tag "a" simple_value 0.5 } } }
    const tag = [0x0a, 0x01, 0x61];
    const simple = [0x15, 0, 0, 0, 0x3f];
    const value = [0x0a, tag.length + simple.length, ...tag, ...simple];
    const event = Uint8Array.from([0x09, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x10, 0x07, 0x50, 0x63, 0x2a, value.length, ...value]);
    expect(decodeEvent(event)).toEqual({ wallTime: 1.5, step: 7, values: [{ tag: 'a', value: 0.5 }] });
    const file = path.join(dir, 'events.out.tfevents.1.other');
    const first = encodeRecord(Uint8Array.from([0x1a, 0x0d, ...new TextEncoder().encode(EVENT_FILE_VERSION)]));
    fs.writeFileSync(file, Buffer.concat([first, encodeRecord(event)]));
    expect(readScalars(file)).toEqual([{ tag: 'a', step: 7, value: 0.5, wallTime: 1.5 }]);
  });

  it('takes a new name when two writers start in the same second', () => {
    const a = new EventFileWriter(dir, { wallTime: 5 });
    const b = new EventFileWriter(dir, { wallTime: 5 });
    a.close();
    b.close();
    expect(a.file).not.toBe(b.file);
    expect(listEventFiles(dir)).toEqual([a.file, b.file].sort());
    expect(() => a.writeScalar('x', 1, 1)).toThrow(/closed/);
  });
});
