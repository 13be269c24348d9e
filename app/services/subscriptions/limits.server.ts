import { count, eq, sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { deliveryUnits, orgSubscriptions } from '#db/schema/index';
import { can } from '#app/domain/permissions';
import { PLANS, unitAllowance } from '#app/domain/subscriptions/plans';
import { AppError } from '#app/lib/errors';
import type { ServiceCtx } from '../context';
import { isBillingConfigured } from './stripe.server';

/** Message keys of the refusals; the unit form shows them with a link to /app/subscription. */
export const UNIT_LIMIT_REACHED = 'subscriptions.error.unitLimit' as const;
export const PAST_DUE_NO_GROWTH = 'subscriptions.error.pastDue' as const;

/**
 * Refuses one more delivery unit when the org's plan is full or its subscription is past due. Runs in
 * the caller's tenant transaction (the org reads its own subscription row). Without Stripe configured
 * no limit applies. The advisory lock serialises concurrent additions, so two at once cannot both take
 * the last place.
 */
export async function assertUnitAllowed(tx: Tx, ctx: ServiceCtx): Promise<void> {
  if (ctx.orgKind !== 'client' || !isBillingConfigured()) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`units:${ctx.orgId}`}, 0))`);
  const [row] = await tx.select({ status: orgSubscriptions.status, unitLimit: orgSubscriptions.unitLimit }).from(orgSubscriptions).where(eq(orgSubscriptions.orgId, ctx.orgId));
  const [used] = await tx.select({ n: count() }).from(deliveryUnits).where(eq(deliveryUnits.clientOrgId, ctx.orgId));
  const allowance = unitAllowance(row ?? { status: 'none', unitLimit: PLANS.free.unitLimit }, used?.n ?? 0);
  if (allowance.ok) return;
  if (allowance.reason === 'past_due') throw new AppError('LIMIT_EXCEEDED', PAST_DUE_NO_GROWTH, { reason: 'past_due' });
  throw new AppError('LIMIT_EXCEEDED', UNIT_LIMIT_REACHED, { reason: 'limit', limit: allowance.limit });
}

export interface UnitRefusal {
  key: typeof UNIT_LIMIT_REACHED | typeof PAST_DUE_NO_GROWTH;
  limit: number | null;
  /** Whether the person refused may change the plan (owners); others are told to ask one. */
  canUpgrade: boolean;
}

/** The plan refusal inside an error thrown by addUnit, for the form to show with an upgrade link; else null. */
export function unitRefusalOf(error: unknown, ctx: ServiceCtx): UnitRefusal | null {
  if (!(error instanceof AppError) || error.code !== 'LIMIT_EXCEEDED') return null;
  const canUpgrade = can(ctx.role, 'manage:subscription');
  if (error.message === PAST_DUE_NO_GROWTH) return { key: PAST_DUE_NO_GROWTH, limit: null, canUpgrade };
  if (error.message === UNIT_LIMIT_REACHED) return { key: UNIT_LIMIT_REACHED, limit: (error.details as { limit?: number } | undefined)?.limit ?? null, canUpgrade };
  return null;
}
