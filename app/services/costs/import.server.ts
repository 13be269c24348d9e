/**
 * Importing in-house cost months from a CSV or XLSX file (issue 6): one row per unit and month with the
 * columns of IMPORT_HEADER. Every row is checked first; a file with any error changes nothing and reports
 * each problem with its row, column, value and reason. A file without errors is written in one
 * transaction (months already entered are replaced, which the preview says).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { deliveryUnits, inHouseCosts } from '#db/schema/index';
import { IMPORT_COLUMNS, IN_HOUSE_FIELDS, validateInHouseEntry, type InHouseField } from '#app/domain/costs/entry';
import { inHouseBreakdown } from '#app/domain/costs/in-house';
import { FeedFileError, normaliseColumnName, openCsvFeed, openXlsxFeed, type CsvFeed, type FeedReader } from '#app/domain/feeds/index';
import { buildCsv, type ExportTable } from '#app/domain/export/csv';
import { buildXlsx } from '#app/lib/table-export';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { auditValues, loadCostUnit, upsertInHouseMonth, type CostUnit } from './unit-costs.server';

export const IMPORT_HEADER = ['unit', ...IN_HOUSE_FIELDS.map((f) => IMPORT_COLUMNS[f])];
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5_000;

export interface ImportIssue {
  /** Row of the file (1-based line of a CSV, worksheet row of an XLSX); null for the file as a whole. */
  row: number | null;
  column: string | null;
  value: string | null;
  /** An i18n key of the costs messages. */
  reason: string;
  /** The file reader's own explanation, for file-level problems. */
  detail?: string;
}

export interface ImportRowPreview {
  row: number;
  unitId: string;
  unitName: string;
  month: string;
  totalMinor: string;
  /** A month already entered that the import replaces. */
  replaces: boolean;
}

export interface ImportResult {
  fileName: string;
  format: 'csv' | 'xlsx' | null;
  currency: string;
  minorDigits: number;
  rows: ImportRowPreview[];
  issues: ImportIssue[];
  /** True only for a commit that wrote the rows. */
  committed: boolean;
}

export interface ImportInput {
  fileName: string;
  bytes: Uint8Array;
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function openReader(input: ImportInput): Promise<FeedReader> {
  const knownColumns = IMPORT_HEADER;
  return isZip(input.bytes) ? openXlsxFeed(chunks(input.bytes), { knownColumns, maxRows: MAX_IMPORT_ROWS + 100 }) : openCsvFeed(chunks(input.bytes), { knownColumns });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ParsedFile {
  format: 'csv' | 'xlsx' | null;
  rows: (ImportRowPreview & { values: ReturnType<typeof validateInHouseEntry> & { ok: true } })[];
  issues: ImportIssue[];
}

/** Reads and checks the whole file against the program's in-house units; writes nothing. */
async function parseFile(ctx: ServiceCtx, tx: Parameters<Parameters<typeof inTenant>[1]>[0], page: CostUnit, input: ImportInput): Promise<ParsedFile> {
  const issues: ImportIssue[] = [];
  const result: ParsedFile = { format: null, rows: [], issues };
  if (input.bytes.byteLength === 0) return { ...result, issues: [{ row: null, column: null, value: null, reason: 'costs.import.error.empty' }] };
  if (input.bytes.byteLength > MAX_IMPORT_BYTES) return { ...result, issues: [{ row: null, column: null, value: null, reason: 'costs.import.error.tooLarge' }] };

  const units = await tx
    .select({ id: deliveryUnits.id, name: deliveryUnits.name, kind: deliveryUnits.kind })
    .from(deliveryUnits)
    .where(and(eq(deliveryUnits.clientOrgId, ctx.orgId), eq(deliveryUnits.programId, page.programId)));
  const existing = await tx
    .select({ unitId: inHouseCosts.unitId, month: inHouseCosts.month })
    .from(inHouseCosts)
    .where(inArray(inHouseCosts.unitId, units.length ? units.map((u) => u.id) : [page.id]));
  const existingKeys = new Set(existing.map((e) => `${e.unitId}|${e.month}`));

  let reader: FeedReader;
  try {
    reader = await openReader(input);
  } catch (error) {
    if (error instanceof FeedFileError) return { ...result, issues: [{ row: error.issue.line ?? null, column: error.issue.column ?? null, value: null, reason: 'costs.import.error.file', detail: error.message }] };
    throw error;
  }
  result.format = reader.format;
  const byColumn = new Map(reader.header.map((name) => [normaliseColumnName(name).replace(/\s+/g, '_'), name]));
  for (const name of reader.header) {
    if (!IMPORT_HEADER.includes(normaliseColumnName(name).replace(/\s+/g, '_'))) issues.push({ row: reader.headerLine, column: name, value: null, reason: 'costs.import.error.unknownColumn' });
  }
  for (const column of IMPORT_HEADER) {
    if (!byColumn.has(column)) issues.push({ row: reader.headerLine, column, value: null, reason: 'costs.import.error.missingColumn' });
  }
  if (issues.length > 0) return result;

  // A semicolon file written with decimal commas ("1.234,50"): read its numbers the way it wrote them.
  // In a comma-delimited file a quoted "61,500" is a thousands separator, never a decimal comma.
  const layout = reader.format === 'csv' ? (reader as CsvFeed).layout : null;
  const decimalComma = layout !== null && layout.decimalSeparator === ',' && layout.delimiter !== ',';
  const decimal = (text: string) => (decimalComma ? text.replace(/[.\s]/g, '').replace(',', '.') : text);
  const seen = new Map<string, number>();
  let count = 0;
  try {
    for await (const record of reader.records) {
      if (++count > MAX_IMPORT_ROWS) {
        issues.push({ row: record.line, column: null, value: null, reason: 'costs.import.error.tooManyRows' });
        break;
      }
      const cell = (column: string) => record.values[byColumn.get(column)!] ?? '';
      const unitText = cell('unit').trim();
      const matches = UUID.test(unitText) ? units.filter((u) => u.id.toLowerCase() === unitText.toLowerCase()) : units.filter((u) => u.name.trim().toLowerCase() === unitText.toLowerCase());
      let unit: (typeof units)[number] | undefined;
      if (!unitText) issues.push({ row: record.line, column: 'unit', value: unitText, reason: 'costs.error.required' });
      else if (matches.length === 0) issues.push({ row: record.line, column: 'unit', value: unitText, reason: 'costs.import.error.unknownUnit' });
      else if (matches[0]!.kind !== 'in_house') issues.push({ row: record.line, column: 'unit', value: unitText, reason: 'costs.import.error.notInHouse' });
      else unit = matches[0];

      const raw = Object.fromEntries(IN_HOUSE_FIELDS.map((f) => [f, f === 'month' ? cell('month') : decimal(cell(IMPORT_COLUMNS[f]))])) as Record<InHouseField, string>;
      const checked = validateInHouseEntry(raw, page.minorDigits);
      if (!checked.ok) {
        for (const [field, reason] of Object.entries(checked.errors) as [InHouseField, string][]) issues.push({ row: record.line, column: IMPORT_COLUMNS[field], value: raw[field], reason });
        continue;
      }
      if (!unit) continue;
      const key = `${unit.id}|${checked.values.month}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.push({ row: record.line, column: 'month', value: raw.month, reason: 'costs.import.error.duplicateRow', detail: String(earlier) });
        continue;
      }
      seen.set(key, record.line);
      const total = inHouseBreakdown(checked.values).totalMinor;
      result.rows.push({ row: record.line, unitId: unit.id, unitName: unit.name, month: checked.values.month, totalMinor: total.toString(), replaces: existingKeys.has(key), values: checked });
    }
  } catch (error) {
    if (error instanceof FeedFileError) issues.push({ row: error.issue.line ?? null, column: error.issue.column ?? null, value: null, reason: 'costs.import.error.file', detail: error.message });
    else throw error;
  }
  for (const issue of reader.issues.issues) issues.push({ row: issue.line ?? null, column: issue.column ?? null, value: issue.value ?? null, reason: 'costs.import.error.file', detail: issue.message });
  if (issues.length === 0 && result.rows.length === 0) issues.push({ row: null, column: null, value: null, reason: 'costs.import.error.noRows' });
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return result;
}

function toResult(page: CostUnit, input: ImportInput, parsed: ParsedFile, committed: boolean): ImportResult {
  return {
    fileName: input.fileName,
    format: parsed.format,
    currency: page.currency,
    minorDigits: page.minorDigits,
    rows: parsed.rows.map(({ values: _values, ...row }) => row),
    issues: parsed.issues,
    committed,
  };
}

/** Checks the file and shows what a commit would write; nothing is stored. */
export async function previewCostImport(ctx: ServiceCtx, unitId: string, input: ImportInput): Promise<ImportResult> {
  assertCan(ctx, 'write:costs');
  return inTenant(ctx, async (tx) => {
    const page = await loadCostUnit(tx, ctx, unitId);
    return toResult(page, input, await parseFile(ctx, tx, page, input), false);
  });
}

/** All or nothing: with any issue nothing is written; otherwise every row, in one transaction. */
export async function commitCostImport(ctx: ServiceCtx, unitId: string, input: ImportInput): Promise<ImportResult> {
  assertCan(ctx, 'write:costs');
  return inTenant(ctx, async (tx) => {
    const page = await loadCostUnit(tx, ctx, unitId);
    const parsed = await parseFile(ctx, tx, page, input);
    if (parsed.issues.length > 0) return toResult(page, input, parsed, false);
    const source = input.fileName.slice(0, 200) || 'import';
    for (const row of parsed.rows) {
      await upsertInHouseMonth(tx, ctx, { ...page, id: row.unitId }, row.values.values, source);
    }
    await recordAudit(tx, ctx, {
      action: 'costs.in_house.import',
      objectType: 'delivery_unit',
      objectId: page.id,
      details: { fileName: input.fileName, rows: parsed.rows.map((r) => ({ unitId: r.unitId, replaces: r.replaces, ...auditValues(r.values.values) })) },
    });
    return toResult(page, input, parsed, true);
  });
}

/** The template: the header, then one row per in-house unit of the program for the last six months, to fill in. */
export async function costImportTemplate(ctx: ServiceCtx, unitId: string, format: 'csv' | 'xlsx', months: string[]): Promise<{ fileName: string; contentType: string; body: Uint8Array<ArrayBuffer> | string }> {
  assertCan(ctx, 'read:costs');
  return inTenant(ctx, async (tx) => {
    const page = await loadCostUnit(tx, ctx, unitId);
    const units = page.kind === 'in_house' ? [page.name] : [];
    const table: ExportTable = { columns: IMPORT_HEADER, rows: units.flatMap((name) => months.map((month) => [name, month, ...IN_HOUSE_FIELDS.slice(1).map(() => null)])) };
    const base = `in-house-costs-template`;
    if (format === 'csv') return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: buildCsv(table) };
    return { fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await buildXlsx(table, 'In-house costs') };
  });
}
