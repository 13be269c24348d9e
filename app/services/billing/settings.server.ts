/**
 * A contract's billing settings (rounding mode, the vendor's tax id, GL account, cost center, the
 * reconciliation tolerance): finance and owners write them ('run:billing'), a vendor reads its own. A
 * contract without a row bills with the defaults (half-up rounding, no ERP coding, tolerance 0).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contractBillingSettings, ROUNDING_MODES, type RoundingMode } from '#db/schema/index';
import { AppError } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { inTenant, type ServiceCtx } from '../context';
import { minorDigitsOf } from '../sla/basis.server';
import { loadContractContext } from '../sla/inputs.server';
import { assertCanReadBilling, assertCanRunBilling } from './access.server';
import { versionForMonth } from './compute.server';
import { parseScaled, formatMinor } from '#app/domain/billing/rounding';

const E = (key: string) => ({ message: `billing.error.${key}` });
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max, E('tooLong')).optional());

export const billingSettingsSchema = z.object({
  roundingMode: z.enum(ROUNDING_MODES, E('roundingMode')),
  vendorTaxId: optionalText(40),
  glAccount: optionalText(40),
  costCenter: optionalText(40),
  /** Per-line tolerance in major units of the contract currency ("1.00"). */
  tolerance: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? '0' : v), z.string().trim().regex(/^\d{1,12}(\.\d{1,4})?$/, E('tolerance'))),
});
export type BillingSettingsInput = z.input<typeof billingSettingsSchema>;

export interface BillingSettingsDto {
  contractId: string;
  roundingMode: RoundingMode;
  vendorTaxId: string | null;
  glAccount: string | null;
  costCenter: string | null;
  toleranceMinor: string;
  /** The tolerance in major units, for the form. */
  tolerance: string;
  currency: string;
  minorDigits: number;
  updatedAt: string | null;
}

function currencyOf(contract: Awaited<ReturnType<typeof loadContractContext>>, now: Date): string {
  const month = now.toISOString().slice(0, 7);
  return (versionForMonth(contract, month) ?? contract.versions.at(-1))?.currency ?? 'TWD';
}

export async function getBillingSettings(ctx: ServiceCtx, contractId: string, now = new Date()): Promise<BillingSettingsDto> {
  assertCanReadBilling(ctx);
  // The settings page is finance's; a vendor reads its contract's settings through the invoice data.
  return inTenant(ctx, async (tx) => {
    const contract = await loadContractContext(tx, contractId);
    const [row] = await tx.select().from(contractBillingSettings).where(eq(contractBillingSettings.contractId, contractId));
    const currency = currencyOf(contract, now);
    const minorDigits = minorDigitsOf(currency);
    const toleranceMinor = row?.toleranceMinor ?? 0n;
    return {
      contractId,
      roundingMode: row?.roundingMode ?? 'half_up',
      vendorTaxId: row?.vendorTaxId ?? null,
      glAccount: row?.glAccount ?? null,
      costCenter: row?.costCenter ?? null,
      toleranceMinor: toleranceMinor.toString(),
      tolerance: formatMinor(toleranceMinor, minorDigits),
      currency,
      minorDigits,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  });
}

export async function updateBillingSettings(ctx: ServiceCtx, contractId: string, input: BillingSettingsInput, now = new Date()): Promise<BillingSettingsDto> {
  assertCanRunBilling(ctx);
  await inTenant(ctx, async (tx) => {
    const contract = await loadContractContext(tx, contractId);
    const parsed = billingSettingsSchema.safeParse(input);
    if (!parsed.success) throw new AppError('UNPROCESSABLE', 'Invalid billing settings', { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
    const v = parsed.data;
    const digits = minorDigitsOf(currencyOf(contract, now));
    const scaled = parseScaled(v.tolerance, 4);
    if (digits < 4 && scaled % 10n ** BigInt(4 - digits) !== 0n) throw new AppError('UNPROCESSABLE', `The tolerance has more than ${digits} decimals`, { issues: [{ path: ['tolerance'], message: 'billing.error.amountDecimals' }] });
    const toleranceMinor = digits <= 4 ? scaled / 10n ** BigInt(4 - digits) : scaled * 10n ** BigInt(digits - 4);
    const [before] = await tx.select().from(contractBillingSettings).where(eq(contractBillingSettings.contractId, contractId));
    const values = { roundingMode: v.roundingMode, vendorTaxId: v.vendorTaxId ?? null, glAccount: v.glAccount ?? null, costCenter: v.costCenter ?? null, toleranceMinor, updatedBy: ctx.actor.userId ?? null, updatedAt: now };
    await tx
      .insert(contractBillingSettings)
      .values({ clientOrgId: contract.clientOrgId, contractId, vendorOrgId: contract.vendorOrgId, ...values })
      .onConflictDoUpdate({ target: [contractBillingSettings.clientOrgId, contractBillingSettings.contractId], set: values });
    const view = (r: typeof values | undefined) => (r ? { roundingMode: r.roundingMode, vendorTaxId: r.vendorTaxId, glAccount: r.glAccount, costCenter: r.costCenter, toleranceMinor: r.toleranceMinor.toString() } : null);
    await recordAudit(tx, ctx, { action: 'billing_settings.update', objectType: 'contract', objectId: contractId, details: { before: view(before), after: view(values) } });
  });
  return getBillingSettings(ctx, contractId, now);
}
