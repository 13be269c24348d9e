/**
 * Alerts to both sides of a contract: an in-app notification (deduplicated, as late feeds do), an outbox
 * e-mail to the people who act on it, and a webhook delivery for every active endpoint of the recipient
 * org that takes the event. The tenant role may not create notifications or deliveries, so this is a
 * platform step run after the change that causes it has committed.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '#db/client';
import { memberships, notifications, users, webhookDeliveries, webhookEndpoints, type WebhookEvent } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { enqueueEmails } from '../mail.server';
import { insertRows } from './bulk-write.server';

const ALERTED_ROLES = { client: ['owner', 'program_manager'], vendor: ['vendor_admin', 'vendor_reporter'] } as const;

export interface SlaAlert {
  kind: 'breach' | 'at_risk';
  clientOrgId: string;
  vendorOrgId: string;
  contractId: string;
  unitId: string | null;
  slaKey: string;
  kpi: string;
  month: string;
  value: number | null;
  target: number;
  forecast: { status: string; requiredRemainderValue: number | null } | null;
}

export interface OrgNotice {
  clientOrgId: string;
  /** The recipient org. */
  orgId: string;
  isVendor: boolean;
  unitId: string | null;
  kind: string;
  event: WebhookEvent;
  messageKey: string;
  params: Record<string, string | number | null>;
  link: string | null;
  dedupeKey: string;
  subject: string;
  text: string;
  /** The webhook payload's `data`. */
  data: Record<string, unknown>;
}

/**
 * Creates each notice once (by dedupe key); returns the notices that were new. Set-based, so a month
 * close of hundreds of contracts costs a few statements: the notifications, the recipients, the e-mails,
 * the endpoints and the deliveries, each in one go.
 */
export async function notifyOrgs(db: Database, notices: OrgNotice[], now: Date = new Date()): Promise<OrgNotice[]> {
  if (!notices.length) return [];
  // Platform step: writes notifications and deliveries for clients and vendors alike.
  return unsafeWithoutTenant(db, async (tx) => {
    const keyOf = (n: { clientOrgId: string; orgId: string; dedupeKey: string }) => `${n.clientOrgId}|${n.orgId}|${n.dedupeKey}`;
    // The first of notices sharing a dedupe key wins, as if they were created one after another.
    const seen = new Set<string>();
    const distinct = notices.filter((n) => !seen.has(keyOf(n)) && seen.add(keyOf(n)));
    const rows = await insertRows(
      tx,
      notifications,
      distinct.map((n) => ({ clientOrgId: n.clientOrgId, orgId: n.orgId, unitId: n.unitId, kind: n.kind, messageKey: n.messageKey, params: n.params, link: n.link, dedupeKey: n.dedupeKey })),
      { skipConflicts: true, returning: ['id', 'clientOrgId', 'orgId', 'dedupeKey'] },
    );
    const inserted = new Map(rows.map((row) => [keyOf({ clientOrgId: String(row.client_org_id), orgId: String(row.org_id), dedupeKey: String(row.dedupe_key) }), String(row.id)]));
    const created = distinct.filter((n) => inserted.has(keyOf(n)));
    if (!created.length) return [];
    const orgIds = [...new Set(created.map((n) => n.orgId))];
    const people = await tx
      .select({ orgId: memberships.orgId, role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(inArray(memberships.orgId, orgIds), inArray(memberships.role, [...ALERTED_ROLES.client, ...ALERTED_ROLES.vendor])))
      .orderBy(asc(users.email));
    const emails = created.flatMap((notice) => {
      const roles: readonly string[] = notice.isVendor ? ALERTED_ROLES.vendor : ALERTED_ROLES.client;
      const to = people.filter((p) => p.orgId === notice.orgId && roles.includes(p.role)).map((p) => p.email);
      return to.length ? [{ orgId: notice.orgId, to: to.join(', '), subject: notice.subject, text: notice.text }] : [];
    });
    await enqueueEmails(tx, emails);
    // Which endpoints want which events; their sealed secrets are only opened to sign, by deliverWebhooks.
    const endpoints = await tx
      .select({ orgId: webhookEndpoints.orgId, id: webhookEndpoints.id, events: webhookEndpoints.events })
      .from(webhookEndpoints)
      .where(and(inArray(webhookEndpoints.orgId, orgIds), eq(webhookEndpoints.isActive, true)));
    const deliveries = created.flatMap((notice) =>
      endpoints
        .filter((endpoint) => endpoint.orgId === notice.orgId && (!endpoint.events.length || endpoint.events.includes(notice.event)))
        .map((endpoint) => ({
          orgId: notice.orgId,
          endpointId: endpoint.id,
          event: notice.event,
          body: JSON.stringify({ id: inserted.get(keyOf(notice)), event: notice.event, createdAt: now.toISOString(), data: notice.data }),
          nextAttemptAt: now,
        })),
    );
    await insertRows(tx, webhookDeliveries, deliveries);
    return created;
  });
}

const pct = (kpi: string, v: number | null) => (v === null ? 'no data' : ['service_level', 'abandonment_rate', 'fcr', 'csat', 'transfer_rate', 'occupancy', 'schedule_adherence', 'ivr_containment'].includes(kpi) ? `${(v * 100).toFixed(1)}%` : v.toFixed(1));

/** Both sides of the contract hear of a breach or an at-risk SLA, once per SLA and month. */
export async function raiseSlaAlerts(db: Database, alerts: SlaAlert[], now: Date = new Date()): Promise<OrgNotice[]> {
  const notices: OrgNotice[] = [];
  for (const alert of alerts) {
    const isBreach = alert.kind === 'breach';
    const subject = isBreach ? `SLA missed: ${alert.kpi} in ${alert.month}` : `SLA at risk: ${alert.kpi} in ${alert.month}`;
    const text = isBreach
      ? `The ${alert.kpi} SLA of the contract was missed in ${alert.month}: ${pct(alert.kpi, alert.value)} against a target of ${pct(alert.kpi, alert.target)}.\n`
      : `The ${alert.kpi} SLA is ${alert.forecast?.status ?? 'behind'} for ${alert.month}: ${pct(alert.kpi, alert.value)} so far against ${pct(alert.kpi, alert.target)}; the rest of the month must reach ${pct(alert.kpi, alert.forecast?.requiredRemainderValue ?? null)}.\n`;
    for (const [orgId, isVendor] of [[alert.clientOrgId, false], [alert.vendorOrgId, true]] as const) {
      notices.push({
        clientOrgId: alert.clientOrgId,
        orgId,
        isVendor,
        unitId: alert.unitId,
        kind: isBreach ? 'sla_breach' : 'sla_at_risk',
        event: isBreach ? 'sla.breach' : 'sla.at_risk',
        messageKey: isBreach ? 'sla.notification.breach' : 'sla.notification.atRisk',
        params: { kpi: alert.kpi, month: alert.month, value: alert.value, target: alert.target, forecast: alert.forecast?.status ?? null },
        link: `/app/contracts/${alert.contractId}`,
        dedupeKey: `sla_${alert.kind}:${alert.contractId}:${alert.slaKey}:${alert.month}`,
        subject,
        text,
        data: { contractId: alert.contractId, slaKey: alert.slaKey, kpi: alert.kpi, month: alert.month, value: alert.value, target: alert.target, forecast: alert.forecast },
      });
    }
  }
  return notifyOrgs(db, notices, now);
}
