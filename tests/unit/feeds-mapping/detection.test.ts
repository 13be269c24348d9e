import { describe, expect, it } from 'vitest';
import { FEED_TEMPLATES, detectTemplate, resolveTemplate, templateFromCustomMapping, type CustomMapping } from '#app/domain/feeds/templates';
import { openFixture } from './helpers';

const detectedFor = async (name: string) => {
  const feed = await openFixture(name);
  const choice = detectTemplate(feed.header);
  return choice.ok ? choice.template.id : choice.issue.code;
};

describe('detectTemplate', () => {
  it.each([
    ['connect-intervals.csv', 'amazon-connect'],
    ['connect-queues.csv', 'amazon-connect'],
    ['genesys-intervals-15min.csv', 'genesys-cloud'],
    ['ctQueue_110126_0300.txt', 'nice-iex-ctqueue'],
    ['avaya-cms-split-daily.csv', 'avaya-cms'],
    ['uccx-csq-interval.csv', 'cisco-uccx-csq'],
    ['canonical-intervals-errors.csv', 'canonical-intervals'],
    ['contacts-rebuild.csv', 'canonical-contacts'],
  ])('%s is %s', async (name, id) => {
    expect(await detectedFor(name)).toBe(id);
  });

  it('answers unknown_template for any other CSV, listing the known templates', async () => {
    const feed = await openFixture('random-signups.csv');
    const choice = detectTemplate(feed.header);
    expect(choice.ok).toBe(false);
    if (!choice.ok) {
      expect(choice.issue.code).toBe('unknown_template');
      for (const template of FEED_TEMPLATES) expect(choice.issue.message).toContain(template.label);
    }
  });

  it('lets an explicit template id override detection, and names an unknown id', async () => {
    const feed = await openFixture('connect-intervals.csv');
    const forced = resolveTemplate(feed.header, 'genesys-cloud');
    expect(forced.ok && forced.template.id).toBe('genesys-cloud');
    const unknown = resolveTemplate(feed.header, 'five9');
    expect(unknown.ok ? null : unknown.issue.code).toBe('template_not_found');
  });

  it('detects a saved custom mapping among the templates', async () => {
    const mapping: CustomMapping = {
      columns: { queue: { column: 'Warteschlange' }, offered: { column: 'Angeboten' } },
      timestampColumn: 'Periode',
      timestampFormat: 'dmy',
      intervalMinutes: 15,
      defaults: { channel: 'voice' },
    };
    const feed = await openFixture('custom-semicolon-layout.csv');
    const choice = detectTemplate(feed.header, [...FEED_TEMPLATES, templateFromCustomMapping(mapping, 'custom-unit-7')]);
    expect(choice.ok && choice.template.id).toBe('custom-unit-7');
  });
});
