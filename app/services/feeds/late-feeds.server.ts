/**
 * Late and missing feeds: a platform job finds units whose feed for the latest due period has not
 * arrived and tells both sides once per unit and period (an in-app notification and an outbox e-mail).
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '#db/client';
import { deliveryUnits, memberships, notifications, programs, unitFeedSettings, users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { enqueueEmail } from '../mail.server';
import { inTenant, type ServiceCtx } from '../context';
import { loadDueFeedStatus } from './feed-status.server';

const ALERTED_ROLES = { client: ['owner', 'program_manager'], vendor: ['vendor_admin', 'vendor_reporter'] } as const;

export interface LateFeedAlert {
  unitId: string;
  period: { firstDay: string; lastDay: string };
  notifiedOrgIds: string[];
}

/** Returns the alerts raised by this run (a rerun for the same period raises none). */
export async function checkLateFeeds(db: Database, now: Date = new Date()): Promise<LateFeedAlert[]> {
  // Platform job: it looks at every client's units and writes to clients and vendors alike.
  return unsafeWithoutTenant(db, async (tx) => {
    const units = await tx
      .select({ unit: deliveryUnits, settings: unitFeedSettings, timeZone: programs.timeZone })
      .from(unitFeedSettings)
      .innerJoin(deliveryUnits, and(eq(deliveryUnits.clientOrgId, unitFeedSettings.clientOrgId), eq(deliveryUnits.id, unitFeedSettings.unitId)))
      .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)));
    const alerts: LateFeedAlert[] = [];
    for (const { unit, settings, timeZone } of units) {
      const { period, state } = await loadDueFeedStatus(tx, unit, settings, timeZone, now);
      // A late feed has arrived: only a missing one is chased.
      if (state !== 'missing') continue;
      const recipients = unit.vendorOrgId ? [unit.clientOrgId, unit.vendorOrgId] : [unit.clientOrgId];
      const notified: string[] = [];
      for (const orgId of recipients) {
        const isVendor = orgId === unit.vendorOrgId;
        const inserted = await tx
          .insert(notifications)
          .values({
            clientOrgId: unit.clientOrgId,
            orgId,
            unitId: unit.id,
            kind: 'late_feed',
            messageKey: 'feeds.notification.lateFeed',
            params: { unitName: unit.name, firstDay: period.firstDay, lastDay: period.lastDay, deadline: period.deadline.toISOString() },
            link: isVendor ? `/app/feeds?unit=${unit.id}` : `/app/units/${unit.id}`,
            dedupeKey: `late_feed:${unit.id}:${period.firstDay}`,
          })
          .onConflictDoNothing()
          .returning({ id: notifications.id });
        if (inserted.length === 0) continue;
        notified.push(orgId);
        const roles = isVendor ? ALERTED_ROLES.vendor : ALERTED_ROLES.client;
        const people = await tx
          .select({ email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, [...roles])));
        if (people.length === 0) continue;
        const span = period.firstDay === period.lastDay ? period.firstDay : `${period.firstDay} to ${period.lastDay}`;
        await enqueueEmail(tx, {
          orgId,
          to: people.map((p) => p.email).join(', '),
          subject: `Feed missing: ${unit.name}, ${span}`,
          text: `The KPI feed of ${unit.name} for ${span} was due ${period.deadline.toISOString()} and has not arrived.\n`,
        });
      }
      if (notified.length) alerts.push({ unitId: unit.id, period: { firstDay: period.firstDay, lastDay: period.lastDay }, notifiedOrgIds: notified });
    }
    return alerts;
  });
}

export interface NotificationDto {
  id: string;
  kind: string;
  messageKey: string;
  params: Record<string, string | number | null>;
  link: string | null;
  unitId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The acting org's notifications, newest first. */
export async function listNotifications(ctx: ServiceCtx, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationDto[]> {
  return inTenant(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(notifications)
      .where(options.unreadOnly ? isNull(notifications.readAt) : undefined)
      .orderBy(desc(notifications.createdAt))
      .limit(Math.min(options.limit ?? 50, 200));
    return rows.map((r) => ({ id: r.id, kind: r.kind, messageKey: r.messageKey, params: r.params, link: r.link, unitId: r.unitId, createdAt: r.createdAt, readAt: r.readAt }));
  });
}

export async function markNotificationRead(ctx: ServiceCtx, id: string): Promise<void> {
  await inTenant(ctx, (tx) => tx.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.id, id), isNull(notifications.readAt))));
}
