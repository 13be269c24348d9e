/** Header-level issues shared by the canonical formats and the templates. */
import type { MappingIssueCollector } from './issues';

const quoteList = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/** Reports missing required columns; true when none is missing. */
export function requireColumns(issues: MappingIssueCollector, missing: readonly string[]): boolean {
  if (missing.length === 0) return true;
  issues.add({
    code: 'columns_missing',
    columns: [...missing],
    message: `The header lacks the required column${missing.length > 1 ? 's' : ''} ${quoteList(missing)}.`,
  });
  return false;
}

/** Canonical formats reject unknown columns: a misspelt component would otherwise be dropped silently. */
export function rejectUnknownColumns(issues: MappingIssueCollector, unknown: readonly string[]): boolean {
  if (unknown.length === 0) return true;
  issues.add({
    code: 'columns_unknown',
    columns: [...unknown],
    message: `The header has column${unknown.length > 1 ? 's' : ''} this format does not know: ${quoteList(unknown)}.`,
  });
  return false;
}

/** Platform exports carry many metrics the portal does not store; listing them helps the preview. */
export function noteIgnoredColumns(issues: MappingIssueCollector, ignored: readonly string[]): void {
  if (ignored.length === 0) return;
  issues.add({
    code: 'columns_ignored',
    severity: 'warning',
    columns: [...ignored],
    message: `These columns are not imported: ${quoteList(ignored)}.`,
  });
}
