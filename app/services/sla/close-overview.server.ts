/**
 * What the program's month-close page shows before a batch close (closeMonths): the program's contracts
 * and, for the chosen month, whether each one is closed, ended and open, or not ended yet in its time
 * zone. Client program managers and finance ('close:months') only.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { contracts, monthCloses, orgs, programs } from '#db/schema/index';
import { periodKey } from '#app/domain/kpi/aggregate';
import { forbidden, notFound } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { programContractIds } from './close-batch.server';
import { loadContractContexts, monthBoundsOf } from './inputs.server';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export type ContractMonthState = 'open' | 'closed' | 'not_ended';

export interface ProgramMonthClosesDto {
  program: { id: string; name: string; timeZone: string };
  month: string;
  contracts: { id: string; name: string; vendorName: string | null; state: ContractMonthState; closedByLabel: string | null; closedAt: Date | null }[];
}

/** The month before `month` ("YYYY-MM"). */
function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** `month` when valid, else the last month that has ended in the program's time zone. */
export async function getProgramMonthCloses(ctx: ServiceCtx, input: { programId: string; month?: string; now?: Date }): Promise<ProgramMonthClosesDto> {
  assertCan(ctx, 'close:months');
  if (ctx.orgKind !== 'client') throw forbidden();
  const now = input.now ?? new Date();
  return inTenant(ctx, async (tx) => {
    const ids = await programContractIds(tx, ctx, input.programId);
    const [program] = await tx.select({ id: programs.id, name: programs.name, timeZone: programs.timeZone }).from(programs).where(eq(programs.id, input.programId));
    if (!program) throw notFound('Program not found');
    const month = input.month && MONTH.test(input.month) ? input.month : previousMonth(periodKey(now, 'month', program.timeZone));
    if (!ids.length) return { program, month, contracts: [] };
    const contexts = await loadContractContexts(tx, ids);
    const rows = await tx
      .select({ id: contracts.id, name: contracts.name, vendorName: orgs.name })
      .from(contracts)
      .leftJoin(orgs, eq(orgs.id, contracts.vendorOrgId))
      .where(inArray(contracts.id, ids))
      .orderBy(asc(contracts.name), asc(contracts.id));
    const closes = await tx
      .select({ contractId: monthCloses.contractId, closedByLabel: monthCloses.closedByLabel, closedAt: monthCloses.closedAt })
      .from(monthCloses)
      .where(and(inArray(monthCloses.contractId, ids), eq(monthCloses.month, month), isNull(monthCloses.reopenedAt)));
    return {
      program,
      month,
      contracts: rows.map((row) => {
        const close = closes.find((c) => c.contractId === row.id);
        const timeZone = contexts.get(row.id)?.timeZone ?? program.timeZone;
        const state: ContractMonthState = close ? 'closed' : monthBoundsOf(month, timeZone).end.getTime() > now.getTime() ? 'not_ended' : 'open';
        return { ...row, state, closedByLabel: close?.closedByLabel ?? null, closedAt: close?.closedAt ?? null };
      }),
    };
  });
}
