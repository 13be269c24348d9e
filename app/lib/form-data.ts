/**
 * Nested form fields for plain HTML forms, so row editors work without JavaScript:
 * `slas[2].target`, `rateLines[0].tiers[1].rate`, and `unitIds[]` (or a name listed as an array name)
 * for a list of checkboxes. Errors travel back the other way: an issue path ['slas', 2, 'target']
 * becomes the field name `slas[2].target`.
 */
export type FormPath = (string | number)[];

/** A service's validation issue: the path into the input and an i18n message key. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}
/** Message keys by field name (`slas[2].target`). */
export type FieldErrors = Record<string, string>;

const SEGMENT = /([^.[\]]+)|\[(\d*)\]/g;
const APPEND = '[]';

/** `slas[2].target` → ['slas', 2, 'target']; `unitIds[]` → ['unitIds', '[]'] (append). */
export function parseFieldName(name: string): FormPath {
  const path: FormPath = [];
  for (const match of name.matchAll(SEGMENT)) {
    if (match[1] !== undefined) path.push(match[1]);
    else path.push(match[2] === '' ? APPEND : Number(match[2]));
  }
  return path;
}

/** ['slas', 2, 'target'] → `slas[2].target`: the inverse of parseFieldName, for error paths. */
export function fieldNameOf(path: readonly (string | number)[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

// Names like "__proto__" must never reach an object as a key.
const isSafeKey = (key: string) => key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
// An index from a hostile form must not allocate a giant array.
const MAX_INDEX = 999;

type Container = Record<string, unknown> | unknown[];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * FormData (or URLSearchParams) → nested objects and arrays of strings. Files are ignored. Arrays keep
 * the posted indexes, so an error on row 2 is still about row 2; indexes never posted stay holes
 * (`rowsOf` skips them, `indexedRowsOf` keeps the index). A repeated plain name keeps its last value,
 * unless it is one of `arrayNames` (checkbox groups) or ends in `[]`: then all values, in order.
 */
export function parseNestedForm(form: FormData | URLSearchParams, arrayNames: readonly string[] = []): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    const path = parseFieldName(name);
    if (path.length === 1 && arrayNames.includes(name)) path.push(APPEND);
    if (!path.length || typeof path[0] !== 'string' || path[0] === APPEND) continue;
    if (path.some((p) => (typeof p === 'string' ? !isSafeKey(p) : p > MAX_INDEX))) continue;
    assign(root, path, value);
  }
  for (const name of arrayNames) root[name] ??= [];
  return root;
}

function assign(root: Record<string, unknown>, path: FormPath, value: string) {
  let node: Container = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    const wantsArray = typeof next === 'number' || next === APPEND;
    if (Array.isArray(node)) {
      if (typeof key === 'string' && key !== APPEND) return;
      const index = key === APPEND ? node.length : (key as number);
      if (next === undefined) {
        node[index] = value;
        return;
      }
      if (!(wantsArray ? Array.isArray(node[index]) : isRecord(node[index]))) node[index] = wantsArray ? [] : {};
      node = node[index] as Container;
    } else {
      if (typeof key !== 'string' || key === APPEND) return;
      if (next === undefined) {
        node[key] = value;
        return;
      }
      if (!(wantsArray ? Array.isArray(node[key]) : isRecord(node[key]))) node[key] = wantsArray ? [] : {};
      node = node[key] as Container;
    }
  }
}

/** The posted rows of a list, holes skipped (a list of strings for a checkbox group). */
export function rowsOf<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((v) => v !== undefined && v !== null) as T[]) : [];
}

/** The posted rows of a list with the index each was posted under, so errors can point back at them. */
export function indexedRowsOf(value: unknown): { row: Record<string, unknown>; index: number }[] {
  if (!Array.isArray(value)) return [];
  const rows: { row: Record<string, unknown>; index: number }[] = [];
  value.forEach((row, index) => {
    if (isRecord(row)) rows.push({ row, index });
  });
  return rows;
}

/** A posted string ('' when missing or not a string). */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Whether nothing was typed: every string blank, ignoring the given keys (selects that always post a default). */
export function isBlankRow(value: unknown, ignoredKeys: readonly string[] = []): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every((v) => isBlankRow(v));
  if (isRecord(value)) return Object.entries(value).every(([key, v]) => ignoredKeys.includes(key) || isBlankRow(v));
  return false;
}

/** Issues → the first message of each field, keyed by field name. */
export function fieldErrorsFromIssues(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = fieldNameOf(issue.path);
    errors[name] ??= issue.message;
  }
  return errors;
}

/** The error of a field, or for a group name (`rateLines[0].tiers`) the first error of any field under it. */
export function errorUnder(errors: FieldErrors | undefined, name: string): string | undefined {
  if (!errors) return undefined;
  if (errors[name]) return errors[name];
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`) || k.startsWith(`${name}[`));
  return key ? errors[key] : undefined;
}
