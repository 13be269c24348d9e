/**
 * A pass-through in front of exceljs' streaming reader that walks the zip's local entries and inflates
 * them only to count the bytes they expand to. exceljs (via unzipper) inflates without any limit and
 * caches shared strings in memory, so a small "zip bomb" named .xlsx could exhaust memory or disk; the
 * guard fails once the total passes the cap, before exceljs receives the bytes that would exceed it.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createInflateRaw, type InflateRaw } from 'node:zlib';
import { FeedFileError, fileError } from './issues';

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

const LOCAL_FILE_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const DATA_DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const DEFLATE = 8;

type Phase =
  | { kind: 'record' }
  | { kind: 'data'; method: number; remaining: number | null; inflater: InflateRaw | null }
  | { kind: 'descriptor' }
  /** Central directory reached: nothing more is inflated. */
  | { kind: 'done' };

export class ZipInflateGuard extends Transform {
  uncompressedBytes = 0;
  failure: FeedFileError | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private phase: Phase = { kind: 'record' };
  private isFirstRecord = true;
  private readonly failureListeners: ((error: FeedFileError) => void)[] = [];

  constructor(private readonly maxUncompressedBytes: number = DEFAULT_MAX_UNCOMPRESSED_BYTES) {
    super();
  }

  /** Resolves never; rejects once the guard fails, to race against exceljs' own promises. */
  readonly failed: Promise<never> = new Promise((_, reject) => {
    this.failureListeners.push(reject);
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.inspect(chunk).then(
      () => (this.failure ? callback(this.failure) : callback(null, chunk)),
      (error: Error) => callback(error),
    );
  }

  override async _flush(callback: TransformCallback): Promise<void> {
    if (this.isFirstRecord) this.fail(notZip());
    if (this.phase.kind === 'data') await this.finishEntry(this.phase);
    callback(this.failure);
  }

  private fail(error: FeedFileError): void {
    if (this.failure) return;
    this.failure = error;
    this.failed.catch(() => undefined);
    for (const listener of this.failureListeners) listener(error);
  }

  private async inspect(chunk: Buffer): Promise<void> {
    this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.failure && this.phase.kind !== 'done') {
      const progressed = await this.step();
      if (!progressed) break;
    }
    if (this.phase.kind === 'done') this.pending = Buffer.alloc(0);
  }

  /** Consumes what it can of `pending`; false when more bytes are needed. */
  private async step(): Promise<boolean> {
    const phase = this.phase;
    switch (phase.kind) {
      case 'record':
        return this.readRecord();
      case 'descriptor':
        if (this.pending.length < 16) return false;
        this.pending = this.pending.subarray(16);
        this.phase = { kind: 'record' };
        return true;
      case 'data':
        return this.readData(phase);
      case 'done':
        return false;
    }
  }

  private readRecord(): boolean {
    if (this.pending.length < 4) return false;
    const signature = this.pending.readUInt32LE(0);
    if (this.isFirstRecord && signature !== LOCAL_FILE_HEADER) {
      this.fail(notZip());
      return false;
    }
    if (signature === DATA_DESCRIPTOR) {
      this.phase = { kind: 'descriptor' };
      return true;
    }
    if (signature !== LOCAL_FILE_HEADER) {
      this.phase = { kind: 'done' };
      return false;
    }
    if (this.pending.length < 30) return false;
    const flags = this.pending.readUInt16LE(6);
    const method = this.pending.readUInt16LE(8);
    let compressedSize = this.pending.readUInt32LE(18);
    const nameLength = this.pending.readUInt16LE(26);
    const extraLength = this.pending.readUInt16LE(28);
    const headerLength = 30 + nameLength + extraLength;
    if (this.pending.length < headerLength) return false;
    if (compressedSize === 0xffffffff) {
      compressedSize = readZip64CompressedSize(this.pending.subarray(30 + nameLength, headerLength)) ?? compressedSize;
    }
    this.isFirstRecord = false;
    this.pending = this.pending.subarray(headerLength);
    // Same rule as unzipper: with the "sizes follow" flag and no size, the data ends at a descriptor signature.
    const isSizeKnown = (flags & 0x08) === 0 || compressedSize > 0;
    const inflater = method === DEFLATE ? this.createCountingInflater() : null;
    this.phase = { kind: 'data', method, remaining: isSizeKnown ? compressedSize : null, inflater };
    return true;
  }

  private async readData(phase: Extract<Phase, { kind: 'data' }>): Promise<boolean> {
    if (phase.remaining !== null) {
      const take = Math.min(phase.remaining, this.pending.length);
      await this.feed(phase, this.pending.subarray(0, take));
      this.pending = this.pending.subarray(take);
      phase.remaining -= take;
      if (phase.remaining > 0) return false;
      await this.finishEntry(phase);
      this.phase = { kind: 'record' };
      return true;
    }
    const end = this.pending.indexOf(DATA_DESCRIPTOR_BYTES);
    if (end < 0) {
      // Keep 3 bytes back in case the signature is split across chunks.
      const take = Math.max(0, this.pending.length - 3);
      await this.feed(phase, this.pending.subarray(0, take));
      this.pending = this.pending.subarray(take);
      return false;
    }
    await this.feed(phase, this.pending.subarray(0, end));
    this.pending = this.pending.subarray(end);
    await this.finishEntry(phase);
    this.phase = { kind: 'descriptor' };
    return true;
  }

  private createCountingInflater(): InflateRaw {
    const inflater = createInflateRaw();
    inflater.on('data', (data: Buffer) => this.count(data.length, inflater));
    // A corrupt entry is unzipper's to report; the guard only counts.
    inflater.on('error', () => undefined);
    return inflater;
  }

  private count(bytes: number, inflater: InflateRaw | null): void {
    this.uncompressedBytes += bytes;
    if (this.uncompressedBytes > this.maxUncompressedBytes) {
      inflater?.destroy();
      this.fail(
        fileError(
          'xlsx_too_large',
          `The workbook expands to more than ${Math.round(this.maxUncompressedBytes / 1024 / 1024)} MB; ` +
            'split it into smaller files or send it as CSV.',
        ),
      );
    }
  }

  private feed(phase: Extract<Phase, { kind: 'data' }>, data: Buffer): Promise<void> {
    if (data.length === 0) return Promise.resolve();
    const inflater = phase.inflater;
    if (!inflater) {
      this.count(data.length, null);
      return Promise.resolve();
    }
    if (inflater.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        inflater.off('close', done);
        resolve();
      };
      inflater.once('close', done);
      inflater.write(data, () => done());
    });
  }

  private async finishEntry(phase: Extract<Phase, { kind: 'data' }>): Promise<void> {
    const inflater = phase.inflater;
    if (!inflater || inflater.destroyed) return;
    inflater.end();
    await finished(inflater).catch(() => undefined);
  }
}

function notZip(): FeedFileError {
  return fileError('xlsx_not_zip', 'The file is named .xlsx but is not an Excel workbook (it is not a zip file).');
}

function readZip64CompressedSize(extra: Buffer): number | null {
  for (let offset = 0; offset + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(offset);
    const size = extra.readUInt16LE(offset + 2);
    // Zip64 extra field: uncompressed size then compressed size, 8 bytes each.
    if (id === 0x0001 && size >= 16) return Number(extra.readBigUInt64LE(offset + 12));
    offset += 4 + size;
  }
  return null;
}
