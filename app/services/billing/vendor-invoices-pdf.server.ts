/**
 * The PDF of a vendor invoice: checked (the bytes must start with the PDF signature "%PDF-", whatever
 * the file name or declared type say; at most MAX_PDF_BYTES) and kept in the blob store under the
 * client org, content-addressed by sha256.
 */
import type { Readable } from 'node:stream';
import { getBlobStore, type StoredBlob } from '#app/lib/blob-store.server';
import { AppError } from '#app/lib/errors';

export const MAX_PDF_BYTES = 10 * 1024 * 1024;
const SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export interface PdfInput {
  fileName: string;
  bytes: Uint8Array;
}

const pdfError = (message: string, key: string) => new AppError('UNPROCESSABLE', message, { issues: [{ path: ['pdf'], message: key }] });

export function checkPdf(pdf: PdfInput): void {
  if (pdf.bytes.byteLength > MAX_PDF_BYTES) throw pdfError(`The PDF is larger than ${MAX_PDF_BYTES / 1024 / 1024} MB`, 'reconciliation.error.pdfTooLarge');
  if (pdf.bytes.byteLength < SIGNATURE.length || SIGNATURE.some((b, i) => pdf.bytes[i] !== b)) {
    throw pdfError('The file is not a PDF (its content does not start with %PDF-)', 'reconciliation.error.notPdf');
  }
}

export async function storePdf(clientOrgId: string, pdf: PdfInput): Promise<StoredBlob> {
  checkPdf(pdf);
  const bytes = pdf.bytes;
  return getBlobStore().put(
    clientOrgId,
    (async function* () {
      yield bytes;
    })(),
    { maxBytes: MAX_PDF_BYTES },
  );
}

export function openPdf(storageKey: string): Readable {
  return getBlobStore().open(storageKey);
}

/** A name safe inside a Content-Disposition header: no quotes, separators or control characters. */
export function safePdfFileName(name: string): string {
  const base = name.replace(/[\\/]/g, '_').replace(/[^\w.\- ()]+/g, '_').trim().slice(0, 200) || 'invoice';
  return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}
