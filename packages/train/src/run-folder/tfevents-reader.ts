/**
 * The reader of TensorBoard event files (apart from the writer, tfevents.ts): TFRecord framing with both
 * CRCs checked, and the `tensorflow.Event` protobuf decoded. Used to verify what the writer wrote.
 */
import * as fs from 'node:fs';
import { maskedCrc32c } from './crc32c';
import { EVENT_FILE_VERSION, EventFileError, type ScalarEvent, type ScalarValue, type TfEvent } from './tfevents';

// ---------------------------------------------------------------- protobuf decoding

/** Reads protobuf fields of one message; unknown fields are skipped so files from other writers decode too. */
class ProtoReader {
  pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (message: string) => never,
  ) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.bytes.length) this.fail('truncated varint in protobuf');
      const b = this.bytes[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) this.fail('varint longer than 10 bytes in protobuf');
    }
  }

  take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) this.fail(`protobuf field of ${n} bytes runs past the end of the record`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads the next field: its number, wire type, and raw payload. */
  field(): { field: number; wireType: number; payload: Uint8Array; varint: bigint } {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    switch (wireType) {
      case 0:
        return { field, wireType, payload: new Uint8Array(0), varint: this.varint() };
      case 1:
        return { field, wireType, payload: this.take(8), varint: 0n };
      case 2:
        return { field, wireType, payload: this.take(Number(this.varint())), varint: 0n };
      case 5:
        return { field, wireType, payload: this.take(4), varint: 0n };
      default:
        return this.fail(`unsupported protobuf wire type ${wireType} (field ${field})`);
    }
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes a `tensorflow.Event`; `fail` reports malformed bytes. */
export function decodeEvent(bytes: Uint8Array, fail: (message: string) => never = defaultFail): TfEvent {
  const event: TfEvent = { wallTime: 0, step: 0, values: [] };
  const r = new ProtoReader(bytes, fail);
  while (!r.done) {
    const f = r.field();
    if (f.field === 1 && f.wireType === 1) event.wallTime = view(f.payload).getFloat64(0, true);
    else if (f.field === 2 && f.wireType === 0) event.step = Number(BigInt.asIntN(64, f.varint));
    else if (f.field === 3 && f.wireType === 2) event.fileVersion = new TextDecoder().decode(f.payload);
    else if (f.field === 5 && f.wireType === 2) event.values.push(...decodeSummary(f.payload, fail));
  }
  return event;
}

function decodeSummary(bytes: Uint8Array, fail: (message: string) => never): ScalarValue[] {
  const values: ScalarValue[] = [];
  const r = new ProtoReader(bytes, fail);
  while (!r.done) {
    const f = r.field();
    if (f.field !== 1 || f.wireType !== 2) continue;
    let tag = '';
    let value: number | undefined;
    const v = new ProtoReader(f.payload, fail);
    while (!v.done) {
      const g = v.field();
      if (g.field === 1 && g.wireType === 2) tag = new TextDecoder().decode(g.payload);
      else if (g.field === 2 && g.wireType === 5) value = view(g.payload).getFloat32(0, true);
    }
    if (value !== undefined) values.push({ tag, value });
  }
  return values;
}

function defaultFail(message: string): never {
  throw new Error(message);
}

/**
 * Reads every event of a TensorBoard event file, verifying both CRCs of every record.
 *
 * @throws EventFileError naming the file and offset on a CRC mismatch, a truncated record or a malformed protobuf.
 */
export function readEvents(file: string): TfEvent[] {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new EventFileError(file, 0, `cannot read event file: ${(error as Error).message}`);
  }
  const events: TfEvent[] = [];
  const dv = view(bytes);
  let offset = 0;
  while (offset < bytes.length) {
    const fail = (message: string): never => {
      throw new EventFileError(file, offset, message);
    };
    if (offset + 12 > bytes.length) fail(`truncated record header: ${bytes.length - offset} bytes left, expected at least 12`);
    const lengthBytes = bytes.subarray(offset, offset + 8);
    if (dv.getUint32(offset + 8, true) !== maskedCrc32c(lengthBytes)) fail('record length CRC-32C mismatch (corrupt file)');
    const length = Number(dv.getBigUint64(offset, true));
    if (offset + 12 + length + 4 > bytes.length) {
      fail(`truncated record: expected ${length} data bytes + 4 CRC bytes, found ${bytes.length - offset - 12}`);
    }
    const data = bytes.subarray(offset + 12, offset + 12 + length);
    if (dv.getUint32(offset + 12 + length, true) !== maskedCrc32c(data)) fail('record data CRC-32C mismatch (corrupt file)');
    events.push(decodeEvent(data, fail));
    offset += 12 + length + 4;
  }
  if (events.length > 0 && events[0].fileVersion === undefined) {
    throw new EventFileError(file, 0, `first event has no file_version, expected "${EVENT_FILE_VERSION}"`);
  }
  return events;
}

/** The scalars of an event file, in file order. */
export function readScalars(file: string): ScalarEvent[] {
  return readEvents(file).flatMap((e) => e.values.map((v) => ({ tag: v.tag, step: e.step, value: v.value, wallTime: e.wallTime })));
}
