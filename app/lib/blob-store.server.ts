/**
 * Where the original bytes of uploads are kept (issue 4: "each upload keeps the original bytes").
 * Content-addressed by sha256 under the client org, so the same file sent twice is stored once. The
 * filesystem store serves one node; an object store (S3, GCS, Azure Blob) implements the same interface.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { getEnv } from './env.server';

export interface StoredBlob {
  key: string;
  sha256: string;
  byteSize: number;
}

export interface BlobStore {
  /**
   * Streams `body` into the store while hashing it. `maxBytes` stops the write with BlobTooLargeError;
   * `onBytes` reports progress. Nothing is left behind when it fails.
   */
  put(scope: string, body: AsyncIterable<Uint8Array>, options?: { maxBytes?: number; onBytes?: (total: number) => void }): Promise<StoredBlob>;
  /** The stored bytes as a stream. */
  open(key: string): Readable;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes.`);
    this.name = 'BlobTooLargeError';
  }
}

const SAFE_SCOPE = /^[A-Za-z0-9_-]+$/;

export class FileBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(scope: string, body: AsyncIterable<Uint8Array>, options: { maxBytes?: number; onBytes?: (total: number) => void } = {}): Promise<StoredBlob> {
    if (!SAFE_SCOPE.test(scope)) throw new Error(`unsafe blob scope ${scope}`);
    const dir = path.join(this.root, scope);
    await fs.promises.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.incoming-${randomUUID()}`);
    const hash = createHash('sha256');
    const out = fs.createWriteStream(temp);
    let byteSize = 0;
    try {
      for await (const chunk of body) {
        byteSize += chunk.byteLength;
        if (options.maxBytes !== undefined && byteSize > options.maxBytes) throw new BlobTooLargeError(options.maxBytes);
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        options.onBytes?.(byteSize);
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const sha256 = hash.digest('hex');
      const key = `${scope}/${sha256}`;
      // Same content, same name: a rename over an identical file is harmless.
      await fs.promises.rename(temp, path.join(this.root, key));
      return { key, sha256, byteSize };
    } catch (error) {
      out.destroy();
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  }

  open(key: string): Readable {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error('blob key outside the store');
    return fs.createReadStream(full, { highWaterMark: 256 * 1024 });
  }
}

let defaultStore: BlobStore | undefined;

/** UPLOADS_DIR, else <DATA_DIR>/uploads. */
export function getBlobStore(): BlobStore {
  defaultStore ??= new FileBlobStore(path.resolve(process.env.UPLOADS_DIR || path.join(getEnv().DATA_DIR, 'uploads')));
  return defaultStore;
}

/** For tests and the benchmark. */
export function setBlobStore(store: BlobStore | undefined): void {
  defaultStore = store;
}

/** A Web ReadableStream, a Node stream or an async iterable of bytes, as an async iterable. */
export function bytesOf(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  return Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
}
