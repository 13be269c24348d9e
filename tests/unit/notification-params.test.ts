import { describe, expect, it } from 'vitest';
import { notificationParams } from '../../app/components/notifications/params';
import { translate } from '../../app/i18n/index';

describe('notification parameters in the reader’s language', () => {
  it('an SLA breach names the KPI and formats value and target in its unit', () => {
    const params = { kpi: 'service_level', month: '2026-09', value: 0.8378745015496616, target: 0.8, forecast: null };
    const en = translate('en', 'sla.notification.breach', notificationParams('en', 'sla.notification.breach', params));
    expect(en).toBe('Service level missed its target (80%) in 2026-09: the month ended at 83.7875%.');
    const zh = translate('zh-TW', 'sla.notification.breach', notificationParams('zh-TW', 'sla.notification.breach', params));
    expect(zh).toContain(translate('zh-TW', 'contractsUi.kpi.service_level'));
    expect(zh).not.toContain('service_level');
    expect(zh).not.toContain('0.837');
    const asa = notificationParams('en', 'sla.notification.atRisk', { kpi: 'asa', month: '2026-09', value: 41.25, target: 30 });
    expect(asa).toMatchObject({ value: '41.25 s', target: '30 s' });
  });

  it('a dispute shows its span in UTC, marked, and its decision in words', () => {
    const params = { unitName: 'Taipei', status: 'approved', spanStart: '2026-09-16T05:00:00.000Z', spanEnd: '2026-09-16T09:00:00.000Z' };
    const en = notificationParams('en', 'sla.notification.disputeDecided', params);
    expect(en.spanStart).toBe('Sep 16, 2026, 5:00 AM UTC');
    expect(en.status).toBe('Approved');
    const zh = notificationParams('zh-TW', 'sla.notification.disputeDecided', params);
    expect(zh.status).toBe(translate('zh-TW', 'sla.disputes.status.approved'));
    expect(String(zh.spanEnd)).toMatch(/2026.*UTC$/);
  });

  it('leaves other parameters as they are and turns missing ones into empty text', () => {
    expect(notificationParams('en', 'feeds.notification.lateFeed', { unitName: 'Desk', firstDay: '2026-09-01', lastDay: '2026-09-01', deadline: 'not an instant', extra: null })).toEqual({
      unitName: 'Desk',
      firstDay: '2026-09-01',
      lastDay: '2026-09-01',
      deadline: 'not an instant',
      extra: '',
    });
  });
});
