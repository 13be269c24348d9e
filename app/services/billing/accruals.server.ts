/**
 * The accrual report: for every contract of the org, the months up to the chosen one (a window of
 * ACCRUAL_WINDOW months) with no approved invoice, and what they are estimated to cost: the invoice as a
 * billing run would compute it now (nothing is stored). A month whose volumes are not closed is flagged,
 * since its estimate may still change. Finance books these amounts as accrued costs at period end.
 */
import { and, eq } from 'drizzle-orm';
import { contracts, invoices } from '#db/schema/index';
import { addMonths } from '#app/domain/billing/months';
import { AppError } from '#app/lib/errors';
import { inTenant, type ServiceCtx } from '../context';
import { assertCanRunBilling } from './access.server';
import { assertMonth, computeContractMonth, versionForMonth } from './compute.server';
import { loadContractContext } from '../sla/inputs.server';

export const ACCRUAL_WINDOW = 6;

export interface AccrualRowDto {
  contractId: string;
  contractName: string;
  month: string;
  currency: string;
  minorDigits: number;
  /** 'none': never run; 'draft': a draft exists (the estimate is recomputed anyway). */
  invoiceStatus: 'none' | 'draft';
  volumesFinal: boolean;
  estimatedSubtotalMinor: string;
  estimatedCreditsMinor: string;
  estimatedTaxMinor: string;
  estimatedTotalMinor: string;
}

export async function accrualReport(ctx: ServiceCtx, input: { month: string; now?: Date }): Promise<{ month: string; fromMonth: string; rows: AccrualRowDto[]; totals: Record<string, string> }> {
  assertCanRunBilling(ctx);
  assertMonth(input.month);
  const now = input.now ?? new Date();
  const fromMonth = addMonths(input.month, -(ACCRUAL_WINDOW - 1));
  const rows = await inTenant(ctx, async (tx) => {
    const list = await tx.select({ id: contracts.id, name: contracts.name }).from(contracts).orderBy(contracts.name, contracts.id);
    const out: AccrualRowDto[] = [];
    for (const c of list) {
      const contract = await loadContractContext(tx, c.id).catch((e: unknown) => (e instanceof AppError ? null : Promise.reject(e)));
      if (!contract) continue;
      for (let month = fromMonth; month <= input.month; month = addMonths(month, 1)) {
        if (!versionForMonth(contract, month)) continue;
        const [invoice] = await tx.select({ status: invoices.status }).from(invoices).where(and(eq(invoices.contractId, c.id), eq(invoices.month, month)));
        if (invoice?.status === 'approved') continue;
        const comp = await computeContractMonth(tx, c.id, month, now).catch((e: unknown) => (e instanceof AppError && e.code === 'UNPROCESSABLE' ? null : Promise.reject(e)));
        if (!comp) continue;
        out.push({
          contractId: c.id,
          contractName: c.name,
          month,
          currency: comp.version.currency,
          minorDigits: comp.minorDigits,
          invoiceStatus: invoice ? 'draft' : 'none',
          volumesFinal: comp.inputs.monthCloseId !== null,
          estimatedSubtotalMinor: comp.result.subtotalMinor.toString(),
          estimatedCreditsMinor: comp.result.creditsMinor.toString(),
          estimatedTaxMinor: comp.result.taxMinor.toString(),
          estimatedTotalMinor: comp.result.totalMinor.toString(),
        });
      }
    }
    return out;
  });
  const totals: Record<string, string> = {};
  for (const r of rows) totals[r.currency] = (BigInt(totals[r.currency] ?? '0') + BigInt(r.estimatedTotalMinor)).toString();
  return { month: input.month, fromMonth, rows, totals };
}
