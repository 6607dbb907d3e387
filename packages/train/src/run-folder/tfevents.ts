/**
 * TensorBoard event files, written and read by hand: TFRecord framing around `tensorflow.Event`
 * protobufs whose summaries hold scalar (`simple_value`) values. No TensorFlow or protobuf library.
 *
 * TFRecord record: uint64 length (LE) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked
 * CRC-32C of data. Event fields used: wall_time (1, double), step (2, int64), file_version (3, string),
 * summary (5, Summary). Summary.value (1, repeated Value); Value.tag (1, string), Value.simple_value (2, float).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { maskedCrc32c } from './crc32c';
import { fsyncDirSync } from './atomic-write';

/** The `file_version` of the first event in every file: TensorBoard checks it. */
export const EVENT_FILE_VERSION = 'brain.Event:2';

/** A scalar summary value. */
export interface ScalarValue {
  tag: string;
  /** Stored as float32 (`simple_value`), so reads return `Math.fround` of what was written. */
  value: number;
}

/** One decoded event. */
export interface TfEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  /** The scalar values of its summary (values of other kinds are skipped). */
  values: ScalarValue[];
}

/** A scalar with its step and time, as TensorBoard plots it. */
export interface ScalarEvent {
  tag: string;
  step: number;
  value: number;
  wallTime: number;
}

/** A malformed or corrupt event file; the message names the file and the byte offset. */
export class EventFileError extends Error {
  override name = 'EventFileError';
  constructor(
    readonly file: string,
    readonly offset: number,
    message: string,
  ) {
    super(`${file}: ${message} (at byte ${offset})`);
  }
}

// ---------------------------------------------------------------- protobuf encoding

/** Growable byte buffer for protobuf encoding. */
class ProtoWriter {
  private bytes: number[] = [];

  varint(value: bigint): this {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(BigInt((field << 3) | wireType));
  }

  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.tag(field, 1).bytes.push(...b);
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.tag(field, 5).bytes.push(...b);
    return this;
  }

  int64(field: number, value: number): this {
    return this.tag(field, 0).varint(BigInt(Math.trunc(value)));
  }

  lengthDelimited(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(BigInt(data.length)).bytes.push(...data);
    return this;
  }

  string(field: number, value: string): this {
    return this.lengthDelimited(field, new TextEncoder().encode(value));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Encodes a `tensorflow.Event` with scalar summary values. */
export function encodeEvent(event: TfEvent): Uint8Array {
  const w = new ProtoWriter().double(1, event.wallTime);
  // proto3 leaves fields at their default out, as TensorFlow does: the first record is then byte-for-byte TF's.
  if (event.step !== 0) w.int64(2, event.step);
  if (event.fileVersion !== undefined) w.string(3, event.fileVersion);
  if (event.values.length > 0) {
    const summary = new ProtoWriter();
    for (const v of event.values) summary.lengthDelimited(1, new ProtoWriter().string(1, v.tag).float(2, v.value).finish());
    w.lengthDelimited(5, summary.finish());
  }
  return w.finish();
}

/** Frames `data` as one TFRecord. */
export function encodeRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

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

/** Options of {@link EventFileWriter}. */
export interface EventFileWriterOptions {
  /** Seconds since the epoch for the file name and the first event; default now. */
  wallTime?: number;
}

/**
 * Appends events to a new `events.out.tfevents.<secs>.<hostname>.<pid>[.<n>]` file in `dir`. Each
 * record is one write() call, so a killed process leaves only whole records behind.
 */
export class EventFileWriter {
  /** The event file's path. */
  readonly file: string;
  private fd: number | undefined;

  constructor(dir: string, options: EventFileWriterOptions = {}) {
    fs.mkdirSync(dir, { recursive: true });
    const wallTime = options.wallTime ?? Date.now() / 1000;
    const base = `events.out.tfevents.${Math.floor(wallTime)}.${os.hostname()}.${process.pid}`;
    let file = path.join(dir, base);
    // 'wx' fails when the name exists (two writers in the same second): take the next suffix.
    for (let n = 1; ; n++) {
      try {
        this.fd = fs.openSync(file, 'wx');
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        file = path.join(dir, `${base}.${n}`);
      }
    }
    this.file = file;
    this.writeEvent({ wallTime, step: 0, fileVersion: EVENT_FILE_VERSION, values: [] });
    fsyncDirSync(dir);
  }

  /** Appends one event. */
  writeEvent(event: TfEvent): void {
    if (this.fd === undefined) throw new Error(`${this.file}: event file writer is closed`);
    const record = encodeRecord(encodeEvent(event));
    let offset = 0;
    while (offset < record.length) offset += fs.writeSync(this.fd, record, offset, record.length - offset);
  }

  /** Appends a scalar summary (`wallTime` defaults to now). */
  writeScalar(tag: string, value: number, step: number, wallTime = Date.now() / 1000): void {
    this.writeEvent({ wallTime, step, values: [{ tag, value }] });
  }

  /** Flushes to disk. */
  flush(): void {
    if (this.fd !== undefined) fs.fsyncSync(this.fd);
  }

  /** Flushes and closes; later writes throw. */
  close(): void {
    if (this.fd === undefined) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The event files in `dir` (name contains `tfevents`), sorted by name as TensorBoard reads them. */
export function listEventFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.startsWith('events.out.tfevents.'))
    .sort()
    .map((n) => path.join(dir, n));
}
