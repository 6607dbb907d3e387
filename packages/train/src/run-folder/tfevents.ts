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
import { fsyncDirSync } from '@lenet/files';

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
    this.tag(field, 2)
      .varint(BigInt(data.length))
      .bytes.push(...data);
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
