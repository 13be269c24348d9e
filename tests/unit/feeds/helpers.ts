/** Fixture writing and reading helpers for the feed-reader tests. */
import { createReadStream, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { FeedReader, FeedRecord } from '#app/domain/feeds';

export const FIXTURE_DIR = new URL('../../fixtures/feeds/', import.meta.url).pathname;

/** Writes a small fixture file (kept in the repo as an example of the shape) and returns its path. */
export function writeFixture(name: string, bytes: Uint8Array | string): string {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const path = join(FIXTURE_DIR, name);
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  if (!existsSync(path) || !readFileSync(path).equals(data)) writeFileSync(path, data);
  return path;
}

/** Streams a file in small chunks so multi-byte characters and CRLF pairs get split across chunks. */
export function streamFile(path: string, chunkBytes = 7) {
  return createReadStream(path, { highWaterMark: chunkBytes });
}

export async function readAll(feed: FeedReader): Promise<FeedRecord[]> {
  const records: FeedRecord[] = [];
  for await (const record of feed.records) records.push(record);
  return records;
}

export function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  return bytes.swap16();
}

let big5Table: Map<string, number[]> | null = null;

/** Node has no Big5 encoder; invert the WHATWG Big5 decoder for the characters the fixtures use. */
export function encodeBig5(text: string): Buffer {
  if (!big5Table) {
    big5Table = new Map();
    const decoder = new TextDecoder('big5');
    // Standard Big5 (lead 0xA1..0xF9) first, so HKSCS duplicates do not win.
    const leads = [...range(0xa1, 0xf9), ...range(0x81, 0xa0), ...range(0xfa, 0xfe)];
    for (const lead of leads) {
      for (const trail of [...range(0x40, 0x7e), ...range(0xa1, 0xfe)]) {
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (char.length === 1 && char !== '\ufffd' && !big5Table.has(char)) big5Table.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = big5Table.get(char);
      if (!pair) throw new Error(`No Big5 code for ${char}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Write sizes after the data (general purpose flag bit 3), as streaming zip writers do. */
  hasDataDescriptor?: boolean;
}

/** A minimal zip writer (deflate), enough to build hostile workbooks the way an attacker would. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    const flags = entry.hasDataDescriptor ? 0x08 : 0;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(entry.hasDataDescriptor ? 0 : crc, 14);
    header.writeUInt32LE(entry.hasDataDescriptor ? 0 : compressed.length, 18);
    header.writeUInt32LE(entry.hasDataDescriptor ? 0 : entry.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    const local = [header, name, compressed];
    if (entry.hasDataDescriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed.length, 8);
      descriptor.writeUInt32LE(entry.data.length, 12);
      local.push(descriptor);
    }
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(flags, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(compressed.length, 20);
    record.writeUInt32LE(entry.data.length, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    for (const part of local) {
      parts.push(part);
      offset += part.length;
    }
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralBytes, end]);
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around a given worksheet XML. */
export function workbookEntries(sheetXml: Buffer, hasDataDescriptor = false): ZipEntry[] {
  const text = (s: string) => Buffer.from(s, 'utf8');
  return [
    {
      name: '[Content_Types].xml',
      data: text(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: text(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: text(
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
          '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: text(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, hasDataDescriptor },
  ];
}

export function inlineSheetXml(rows: string[][], padding = 0): Buffer {
  const rowXml = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">` +
        cells.map((cell, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${cell}</t></is></c>`).join('') +
        '</row>',
    )
    .join('');
  return Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${rowXml}`),
    Buffer.alloc(padding, 0x20),
    Buffer.from('</sheetData></worksheet>'),
  ]);
}
