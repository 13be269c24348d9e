import { checkLateFeeds } from '#app/services/feeds/late-feeds.server';
import type { CliCommand } from './types';

export const checkLateFeedsCommand: CliCommand = {
  name: ['feeds', 'check-late'],
  summary: 'Raise late/missing-feed notifications and e-mails (once per unit and period)',
  usage: 'npm run cli -- feeds check-late [--now 2026-03-10T12:00:00Z]',
  options: { now: { type: 'string' } },
  async run({ db, values, io }) {
    const now = typeof values.now === 'string' ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) {
      io.err(`--now is not a date: ${String(values.now)}`);
      return 2;
    }
    const alerts = await checkLateFeeds(db, now);
    for (const alert of alerts) io.out(`late feed: unit ${alert.unitId}, ${alert.period.firstDay} to ${alert.period.lastDay}, notified ${alert.notifiedOrgIds.length} org(s)`);
    io.out(alerts.length ? `${alerts.length} late feed(s) reported.` : 'No new late feeds.');
    return 0;
  },
};
