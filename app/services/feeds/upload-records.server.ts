/** Writes of an upload's own records that several steps share. */
import type { Tx } from '#db/client';
import { feedUploadIssues } from '#db/schema/index';
import type { FeedIssueDto } from './dto.server';
import type { UnitFeedContext } from './unit-context.server';

/** Cells are cut to this length: the report names the problem, it does not carry the file. */
const MAX_CELL_CHARS = 500;
const clip = (text: string | null) => (text === null ? null : text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text);

export async function storeIssues(tx: Tx, unit: UnitFeedContext, uploadId: string, issues: readonly FeedIssueDto[]): Promise<void> {
  const rows = issues.map((issue, seq) => ({
    clientOrgId: unit.clientOrgId,
    uploadId,
    seq,
    vendorOrgId: unit.vendorOrgId,
    line: issue.line,
    column: clip(issue.column),
    value: clip(issue.value),
    code: issue.code,
    message: clip(issue.message)!,
    severity: issue.severity,
  }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(feedUploadIssues).values(rows.slice(i, i + 500));
}
