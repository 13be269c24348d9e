/**
 * Issues of the mapping layer (records to rows). They extend the reader's FeedIssue with codes of their
 * own and a severity, and share the reader's issue limit so one report covers the whole file.
 */
import type { ConsistencyRule } from '../../kpi/components';
import {
  DEFAULT_ISSUE_LIMIT,
  LimitedIssueCollector,
  limitReachedIssue,
  type FeedIssue,
  type FeedIssueCode,
  type FeedIssueCollector,
} from '../issues';

export const MAPPING_ISSUE_CODES = [
  // header level
  'columns_missing',
  'columns_unknown',
  'columns_ignored',
  'unknown_template',
  'template_not_found',
  'mapping_invalid',
  'interval_minutes_required',
  'interval_start_required',
  // row level
  'value_missing',
  'channel_invalid',
  'interval_minutes_invalid',
  'interval_misaligned',
  'duplicate_interval',
  'threshold_invalid',
  'threshold_missing',
  'boolean_invalid',
  'score_out_of_range',
  'answered_and_abandoned',
  'answered_before_queued',
  'abandoned_before_queued',
  'duplicate_contact',
] as const;
export type MappingIssueCode = (typeof MAPPING_ISSUE_CODES)[number];

export type IssueCode = FeedIssueCode | MappingIssueCode | ConsistencyRule;

export interface MappingIssue extends Omit<FeedIssue, 'code'> {
  code: IssueCode;
  /** Every column involved when there are several (consistency rules name the part and the whole). */
  columns?: string[];
  /** A warning is shown with the preview but does not reject the file. */
  severity?: 'error' | 'warning';
}

export const isError = (issue: MappingIssue) => issue.severity !== 'warning';

/**
 * Collects mapping issues. Given the reader's collector, the limit counts both, so a file stops being read
 * after `limit` problems of any layer (FeedIssueCollector's rule).
 */
export class MappingIssueCollector extends LimitedIssueCollector<MappingIssue> {
  constructor(
    private readonly readerIssues?: FeedIssueCollector,
    limit: number = DEFAULT_ISSUE_LIMIT,
  ) {
    super(limit, limitReachedIssue);
  }

  override get count(): number {
    return super.count + (this.readerIssues?.issues.length ?? 0);
  }

  override get isFull(): boolean {
    return super.isFull || (this.readerIssues?.isFull ?? false);
  }

  /** Reader and mapping issues together: header-level ones first, then by line. */
  all(): MappingIssue[] {
    const combined: MappingIssue[] = [...(this.readerIssues?.issues ?? []), ...this.issues];
    return combined
      .map((issue, index) => ({ issue, index }))
      .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index)
      .map(({ issue }) => issue);
  }

  get hasErrors(): boolean {
    return this.all().some(isError);
  }
}
