/**
 * Byte-to-text decoding for uploaded report files. FEEDS.md: vendors send UTF-8 with or without a BOM,
 * UTF-16 from Excel's "Unicode text" (often little-endian without a BOM), and Big5 from Traditional-Chinese
 * Windows. Detection looks at the first bytes only, then decodes as a stream so a large file is never held
 * whole in memory.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { fileError } from './issues';

export const FEED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'big5'] as const;
export type FeedEncoding = (typeof FEED_ENCODINGS)[number];

export interface DetectedEncoding {
  encoding: FeedEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  how: 'bom' | 'nul-pattern' | 'strict-utf8' | 'big5-fallback' | 'override';
}

/** Bytes decoded into one string (the reads are 256 KiB). */
const DECODE_SLICE_BYTES = 32 * 1024;

/** How many leading bytes are examined before the encoding is decided. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

function hasPrefix(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function isStrictlyDecodable(bytes: Uint8Array, encoding: FeedEncoding, isComplete: boolean): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of a partial sample.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !isComplete });
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16 text without a BOM (Excel "Unicode text" saved by some versions) shows NUL bytes in every other
 * position for ASCII characters. Chinese queue names have no NUL, so a share of a quarter of the pairs is
 * enough when the other position is (almost) never NUL.
 */
function detectUtf16ByNulPattern(bytes: Uint8Array): FeedEncoding | null {
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 2) return null;
  let nulAtEven = 0;
  let nulAtOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) nulAtEven++;
    if (bytes[2 * i + 1] === 0) nulAtOdd++;
  }
  const tolerance = pairs * 0.02;
  if (nulAtOdd >= pairs * 0.25 && nulAtEven <= tolerance) return 'utf-16le';
  if (nulAtEven >= pairs * 0.25 && nulAtOdd <= tolerance) return 'utf-16be';
  return null;
}

/**
 * Detects the encoding from the first bytes of a file. `isComplete` says the sample is the whole file
 * (so a truncated character at its end is an error, not a cut).
 */
export function detectEncoding(sample: Uint8Array, isComplete = false): DetectedEncoding {
  if (hasPrefix(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomLength: 3, how: 'bom' };
  if (hasPrefix(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2, how: 'bom' };
  if (hasPrefix(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2, how: 'bom' };
  const utf16 = detectUtf16ByNulPattern(sample);
  if (utf16) return { encoding: utf16, bomLength: 0, how: 'nul-pattern' };
  if (isStrictlyDecodable(sample, 'utf-8', isComplete)) return { encoding: 'utf-8', bomLength: 0, how: 'strict-utf8' };
  // Big5 is the only legacy encoding FEEDS.md names; bytes that are neither are rejected, not guessed.
  if (isStrictlyDecodable(sample, 'big5', isComplete)) return { encoding: 'big5', bomLength: 0, how: 'big5-fallback' };
  throw fileError(
    'encoding_undetected',
    'The file is not UTF-8, UTF-16 or Big5 text. Save it as CSV UTF-8 (or Unicode text) and upload it again.',
  );
}

export interface DecodeOptions {
  /** Skip detection: the uploader said which encoding the file uses. */
  encoding?: FeedEncoding;
  sampleBytes?: number;
}

/**
 * A Transform from bytes to decoded string chunks. It buffers the first `sampleBytes` (64 KiB) to decide
 * the encoding, then decodes chunk by chunk. Bytes invalid in the chosen encoding stop the stream with
 * 'encoding_invalid' rather than being replaced by U+FFFD, so no value is silently corrupted.
 */
export class FeedTextDecoder extends Transform {
  detected: DetectedEncoding | null = null;
  private decoder: TextDecoder | null = null;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private readonly sampleBytes: number;
  private readonly override: FeedEncoding | undefined;
  private decodedBytes = 0;

  constructor(options: DecodeOptions = {}) {
    // Each pushed string is one item: a string-mode readable would join whatever is buffered on read.
    super({ readableObjectMode: true, decodeStrings: true });
    this.override = options.encoding;
    this.sampleBytes = options.sampleBytes ?? ENCODING_SAMPLE_BYTES;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.decoder) {
        this.decodeChunk(chunk, false);
      } else {
        this.pending.push(chunk);
        this.pendingLength += chunk.length;
        if (this.pendingLength >= this.sampleBytes) this.startDecoding(false);
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.decoder) this.startDecoding(true);
      this.decodeChunk(new Uint8Array(0), true);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private startDecoding(isComplete: boolean): void {
    const sample = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.detected = this.override
      ? { encoding: this.override, bomLength: bomLengthFor(this.override, sample), how: 'override' }
      : detectEncoding(sample, isComplete);
    this.decoder = new TextDecoder(this.detected.encoding, { fatal: true, ignoreBOM: true });
    this.decodeChunk(sample.subarray(this.detected.bomLength), false);
    this.decodedBytes += this.detected.bomLength;
  }

  private decodeChunk(bytes: Uint8Array, isLast: boolean): void {
    if (!this.decoder || !this.detected) return;
    // Slices of a read, each its own string (the readable side is in object mode, so they are not joined
    // again): the text being split is then small, and one still in use at a young collection is a small
    // promotion, not a whole read. The streaming decoder carries a character cut between slices over.
    let at = 0;
    do {
      const end = Math.min(at + DECODE_SLICE_BYTES, bytes.length);
      let text: string;
      try {
        text = this.decoder.decode(bytes.subarray(at, end), { stream: !(isLast && end === bytes.length) });
      } catch {
        throw fileError(
          'encoding_invalid',
          `The file is not valid ${this.detected.encoding} text after about byte ${this.decodedBytes}. ` +
            'It may mix encodings; save it again as CSV UTF-8.',
        );
      }
      if (text.length > 0) this.push(text);
      at = end;
    } while (at < bytes.length);
    this.decodedBytes += bytes.length;
  }
}

function bomLengthFor(encoding: FeedEncoding, sample: Uint8Array): number {
  if (encoding === 'utf-8' && hasPrefix(sample, [0xef, 0xbb, 0xbf])) return 3;
  if (encoding === 'utf-16le' && hasPrefix(sample, [0xff, 0xfe])) return 2;
  if (encoding === 'utf-16be' && hasPrefix(sample, [0xfe, 0xff])) return 2;
  return 0;
}
