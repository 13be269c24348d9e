/** What the upload form shows, as plain JSON: the same whether it came from the page action or the script's request. */
export interface FeedFormValues {
  unitId: string;
  kind: string;
  templateId: string;
}

export interface FeedIssueView {
  line: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface FeedPreviewView {
  template: { id: string; label: string; kind: 'intervals' | 'contacts' } | null;
  rows: Array<{
    line: number;
    queue: string;
    channel: string;
    at: string;
    intervalMinutes: number | null;
    thresholdS: number | null;
    values: Record<string, number | string | boolean | null>;
  }>;
  period: { start: string | null; end: string | null };
  issues: FeedIssueView[];
  unknownQueues: string[];
  isThresholdMismatch: boolean;
}

/** The answer of /app/feeds/upload-file to the page's script. */
export type FeedFormResponse =
  | { type: 'invalid'; values: FeedFormValues; fieldErrors: Record<string, string>; formError: string | null }
  | { type: 'preview'; values: FeedFormValues; preview: FeedPreviewView }
  | { type: 'committed'; location: string };

export interface UploadUnitOption {
  id: string;
  label: string;
}

export interface TemplateOption {
  id: string;
  label: string;
  kind: 'intervals' | 'contacts';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
