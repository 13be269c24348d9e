/**
 * The template registry: the canonical formats and the platform templates of FEEDS.md, detection by
 * header, and the explicit override (`?template=<id>` in the API, the template picker in the UI).
 */
import { canonicalContactsTemplate } from '../canonical/contacts';
import { canonicalIntervalsTemplate } from '../canonical/intervals';
import type { MappingIssue } from '../canonical/issues';
import { amazonConnectTemplate } from './amazon-connect';
import { avayaCmsTemplate } from './avaya-cms';
import { ciscoUccxTemplate } from './cisco-uccx';
import { genesysCloudTemplate } from './genesys-cloud';
import { niceIexTemplate } from './nice-iex';
import type { FeedTemplate } from './template';

export * from './template';
export * from './custom-mapping';
export { parseReportDateTime } from './interval-mapping';
export { amazonConnectTemplate, avayaCmsTemplate, ciscoUccxTemplate, genesysCloudTemplate, niceIexTemplate };

export const FEED_TEMPLATES: readonly FeedTemplate[] = [
  canonicalIntervalsTemplate,
  canonicalContactsTemplate,
  amazonConnectTemplate,
  genesysCloudTemplate,
  niceIexTemplate,
  avayaCmsTemplate,
  ciscoUccxTemplate,
];

/** Below this share of its signature a template is not offered as the detected one. */
export const MIN_DETECTION_SCORE = 0.5;

/** Every known column name, for the sniffer to find a header line after a preamble. */
export function knownTemplateColumns(templates: readonly FeedTemplate[] = FEED_TEMPLATES): string[] {
  return [...new Set(templates.flatMap((template) => template.knownColumns))];
}

export type TemplateChoice =
  | { ok: true; template: FeedTemplate; score: number }
  | { ok: false; issue: MappingIssue };

export function detectTemplate(header: readonly string[], templates: readonly FeedTemplate[] = FEED_TEMPLATES): TemplateChoice {
  let best: { template: FeedTemplate; score: number } | null = null;
  for (const template of templates) {
    const score = template.detect(header);
    if (score > (best?.score ?? 0)) best = { template, score };
  }
  if (best && best.score >= MIN_DETECTION_SCORE) return { ok: true, ...best };
  return {
    ok: false,
    issue: {
      code: 'unknown_template',
      message:
        `The header does not match a known layout (${templates.map((t) => t.label).join('; ')}). ` +
        'Choose a template or save a custom column mapping for this layout.',
    },
  };
}

/** An explicit template id overrides detection; otherwise the header decides. */
export function resolveTemplate(
  header: readonly string[],
  templateId?: string,
  templates: readonly FeedTemplate[] = FEED_TEMPLATES,
): TemplateChoice {
  if (templateId === undefined) return detectTemplate(header, templates);
  const template = templates.find((t) => t.id === templateId);
  if (template) return { ok: true, template, score: template.detect(header) };
  return {
    ok: false,
    issue: {
      code: 'template_not_found',
      value: templateId,
      message: `There is no template "${templateId}"; known templates: ${templates.map((t) => t.id).join(', ')}.`,
    },
  };
}
