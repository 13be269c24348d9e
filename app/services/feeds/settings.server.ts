/** A unit's feed settings: cadence and deadline, authoritative source, cross-check tolerance, custom mapping. */
import { z } from 'zod';
import { unitFeedSettings } from '#db/schema/index';
import { parseCustomMapping } from '#app/domain/feeds/templates';
import { AppError, forbidden } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { DEFAULT_FEED_SETTINGS, loadUnitFeedContext, settingsFromRow, type FeedSettingsDto } from './unit-context.server';

export const feedSettingsInputSchema = z.strictObject({
  cadence: z.enum(['daily', 'weekly', 'monthly']),
  deadlineTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour'),
  deadlineDays: z.number().int().min(0).max(31),
  authoritativeSource: z.enum(['intervals', 'contacts']),
  toleranceCount: z.number().int().min(0).max(1_000_000).default(0),
  toleranceSeconds: z.number().min(0).max(1_000_000).default(1),
  toleranceRelativePct: z.number().min(0).max(100).default(0),
  customMapping: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type FeedSettingsInput = z.input<typeof feedSettingsInputSchema>;

export async function getUnitFeedSettings(ctx: ServiceCtx, unitId: string): Promise<FeedSettingsDto> {
  assertCan(ctx, 'read:programs');
  return inTenant(ctx, async (tx) => (await loadUnitFeedContext(tx, unitId)).settings);
}

/** The client sets how its unit reports (row-level security refuses a vendor's write). */
export async function setUnitFeedSettings(ctx: ServiceCtx, unitId: string, input: FeedSettingsInput): Promise<FeedSettingsDto> {
  assertCan(ctx, 'write:programs');
  const parsed = feedSettingsInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('UNPROCESSABLE', 'Invalid feed settings', { issues: parsed.error.issues });
  const values = parsed.data;
  if (values.customMapping) {
    const mapping = parseCustomMapping(values.customMapping);
    if (!mapping.ok) throw new AppError('UNPROCESSABLE', 'Invalid custom mapping', { issues: mapping.issues });
  }
  return inTenant(ctx, async (tx) => {
    const unit = await loadUnitFeedContext(tx, unitId);
    if (unit.clientOrgId !== ctx.orgId) throw new AppError('FORBIDDEN', 'Only the client sets feed settings');
    const row = {
      cadence: values.cadence,
      deadlineTime: values.deadlineTime,
      deadlineDays: values.deadlineDays,
      authoritativeSource: values.authoritativeSource,
      toleranceCount: values.toleranceCount,
      toleranceSeconds: String(values.toleranceSeconds),
      toleranceRelativeBp: Math.round(values.toleranceRelativePct * 100),
      customMapping: values.customMapping,
      vendorOrgId: unit.vendorOrgId,
      updatedBy: ctx.actor.userId ?? null,
      updatedAt: new Date(),
    };
    const [saved] = await tx
      .insert(unitFeedSettings)
      .values({ clientOrgId: unit.clientOrgId, unitId, ...row })
      .onConflictDoUpdate({ target: [unitFeedSettings.clientOrgId, unitFeedSettings.unitId], set: row })
      .returning();
    await recordAudit(tx, ctx, { action: 'unit_feed_settings.update', objectType: 'delivery_unit', objectId: unitId, details: { ...values, customMapping: values.customMapping ? 'set' : null } });
    return settingsFromRow(saved);
  });
}

/**
 * Saves (or, with null, removes) the unit's custom column mapping alone, leaving its schedule as it is.
 * A unit without saved settings gets the defaults with it, which starts its late-feed schedule: the
 * editor says so before saving.
 */
export async function setUnitCustomMapping(ctx: ServiceCtx, unitId: string, mapping: unknown): Promise<FeedSettingsDto> {
  assertCan(ctx, 'write:programs');
  return inTenant(ctx, async (tx) => {
    const unit = await loadUnitFeedContext(tx, unitId);
    if (unit.clientOrgId !== ctx.orgId) throw forbidden('Only the client sets feed settings');
    let customMapping: Record<string, unknown> | null = null;
    if (mapping !== null) {
      const parsed = parseCustomMapping(mapping);
      if (!parsed.ok) throw new AppError('UNPROCESSABLE', 'Invalid custom mapping', { issues: parsed.issues });
      customMapping = parsed.mapping;
    }
    const changed = { customMapping, updatedBy: ctx.actor.userId ?? null, updatedAt: new Date() };
    const defaults = DEFAULT_FEED_SETTINGS;
    const [saved] = await tx
      .insert(unitFeedSettings)
      .values({
        clientOrgId: unit.clientOrgId,
        unitId,
        vendorOrgId: unit.vendorOrgId,
        cadence: defaults.cadence,
        deadlineTime: defaults.deadlineTime,
        deadlineDays: defaults.deadlineDays,
        authoritativeSource: defaults.authoritativeSource,
        toleranceCount: defaults.toleranceCount,
        toleranceSeconds: String(defaults.toleranceSeconds),
        toleranceRelativeBp: Math.round(defaults.toleranceRelativePct * 100),
        ...changed,
      })
      .onConflictDoUpdate({ target: [unitFeedSettings.clientOrgId, unitFeedSettings.unitId], set: changed })
      .returning();
    await recordAudit(tx, ctx, {
      action: customMapping ? 'unit_feed_settings.custom_mapping.save' : 'unit_feed_settings.custom_mapping.remove',
      objectType: 'delivery_unit',
      objectId: unitId,
      details: customMapping ? { label: customMapping.label ?? null, fields: Object.keys(customMapping.columns as object) } : {},
    });
    return settingsFromRow(saved);
  });
}
