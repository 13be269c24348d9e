/**
 * Alerts to both sides of a contract: an in-app notification (deduplicated, as late feeds do), an outbox
 * e-mail to the people who act on it, and a webhook delivery for every active endpoint of the recipient
 * org that takes the event. The tenant role may not create notifications or deliveries, so this is a
 * platform step run after the change that causes it has committed.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Tx } from '#db/client';
import { memberships, notifications, users, webhookDeliveries, webhookEndpoints, type WebhookEvent } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { enqueueEmail } from '../mail.server';

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

/** Creates each notice once (by dedupe key); returns the notices that were new. */
export async function notifyOrgs(db: Database, notices: OrgNotice[], now: Date = new Date()): Promise<OrgNotice[]> {
  if (!notices.length) return [];
  // Platform step: writes notifications and deliveries for clients and vendors alike.
  return unsafeWithoutTenant(db, async (tx) => {
    const created: OrgNotice[] = [];
    for (const notice of notices) {
      const inserted = await tx
        .insert(notifications)
        .values({ clientOrgId: notice.clientOrgId, orgId: notice.orgId, unitId: notice.unitId, kind: notice.kind, messageKey: notice.messageKey, params: notice.params, link: notice.link, dedupeKey: notice.dedupeKey })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      if (!inserted.length) continue;
      created.push(notice);
      const roles = notice.isVendor ? ALERTED_ROLES.vendor : ALERTED_ROLES.client;
      const people = await tx
        .select({ email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, notice.orgId), inArray(memberships.role, [...roles])));
      if (people.length) await enqueueEmail(tx, { orgId: notice.orgId, to: people.map((p) => p.email).join(', '), subject: notice.subject, text: notice.text });
      await enqueueWebhooks(tx, notice, inserted[0]!.id, now);
    }
    return created;
  });
}

async function enqueueWebhooks(tx: Tx, notice: OrgNotice, notificationId: string, now: Date): Promise<void> {
  const endpoints = await tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, notice.orgId), eq(webhookEndpoints.isActive, true)));
  for (const endpoint of endpoints) {
    if (endpoint.events.length && !endpoint.events.includes(notice.event)) continue;
    const body = JSON.stringify({ id: notificationId, event: notice.event, createdAt: now.toISOString(), data: notice.data });
    await tx.insert(webhookDeliveries).values({ orgId: notice.orgId, endpointId: endpoint.id, event: notice.event, body, nextAttemptAt: now });
  }
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
