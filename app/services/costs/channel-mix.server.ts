/**
 * The channel-mix baseline of a program: interactions per channel and cost per interaction over the last
 * three complete months (the program's time zone), from the daily rollups of every unit, the in-house
 * cost rows and the vendors' charges. The scenario itself is pure (app/domain/costs/channel-mix.ts).
 *
 * Channels: agent = contacts handled on any agent channel (voice, chat, email, fax, back office); IVR =
 * calls contained in the IVR (ivr_contained, whichever channel reported it); web = handled rows of the
 * web self-service channel.
 */
import { lastDayOfMonth } from '#app/domain/billing/reconcile-month';
import { addMonths, sumInHouseMonth } from '#app/domain/costs/counterfactual';
import { deriveChannelCosts } from '#app/domain/costs/channel-mix-costs';
import { fractionToJson, MIX_CHANNELS, type ChannelMixBaselineDto, type MixChannel } from '#app/domain/costs/channel-mix';

export type { ChannelMixBaselineDto };
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { loadContractSummaries } from '../contracts.server';
import { todayIn } from '../programs-common.server';
import { minorDigitsOf } from '../sla/basis.server';
import { loadRollups } from '../sla/inputs.server';
import { loadContractCharges, loadInHouseCostRows, loadProgramUnits } from './counterfactual-inputs.server';

export const REFERENCE_MONTHS = 3;
const SELF_SERVICE_FEED_CHANNELS = new Set(['ivr', 'web']);


/** The last three complete months before `now`, in the program's time zone. */
export function referencePeriod(timeZone: string, now: Date): { from: string; to: string; months: string[] } {
  const current = todayIn(timeZone, now).slice(0, 7);
  const months = Array.from({ length: REFERENCE_MONTHS }, (_, i) => addMonths(current, i - REFERENCE_MONTHS));
  return { from: months[0]!, to: months.at(-1)!, months };
}

export async function loadChannelMixBaseline(ctx: ServiceCtx, input: { programId: string; now?: Date }): Promise<ChannelMixBaselineDto> {
  assertCan(ctx, 'read:costs');
  return inTenant(ctx, async (tx) => {
    const program = await loadProgramUnits(tx, input.programId);
    const { from, to, months } = referencePeriod(program.timeZone, input.now ?? new Date());
    const inHouseIds = program.inHouse.map((u) => u.id);
    const vendorIds = program.vendor.map((u) => u.id);
    const unitIds = [...inHouseIds, ...vendorIds];
    const lastDay = lastDayOfMonth(to);
    const rollups = unitIds.length ? await loadRollups(tx, program.clientOrgId, unitIds, `${from}-01`, lastDay) : [];
    const contracts = (await loadContractSummaries(tx, { unitIds: vendorIds }, `${to}-01`)).filter((c) => c.unitIds.some((id) => vendorIds.includes(id)));
    const [costRows, charges] = [await loadInHouseCostRows(tx, inHouseIds, months), await loadContractCharges(tx, contracts.map((c) => c.id), months)];

    let agent = 0;
    let ivr = 0;
    let web = 0;
    const handledBy = new Map<string, number>();
    for (const r of rollups) {
      ivr += r.components.ivr_contained;
      if (r.channel === 'web') web += r.components.handled;
      else if (!SELF_SERVICE_FEED_CHANNELS.has(r.channel)) {
        agent += r.components.handled;
        const key = `${r.unitId}|${r.day.slice(0, 7)}`;
        handledBy.set(key, (handledBy.get(key) ?? 0) + r.components.handled);
      }
    }

    const incomplete: ChannelMixBaselineDto['incomplete'] = [];
    let inHouseCostedHandled = 0;
    const costedRows = [...costRows.values()].flat();
    const inHouse = sumInHouseMonth(costedRows);
    let shared = 0n;
    for (const month of months) {
      const rows = costRows.get(month) ?? [];
      const handled = inHouseIds.reduce((acc, id) => acc + (handledBy.get(`${id}|${month}`) ?? 0), 0);
      if (rows.length) inHouseCostedHandled += handled;
      else if (handled > 0) incomplete.push(...program.inHouse.map((u) => ({ kind: 'in_house' as const, name: u.name, month })));
    }
    for (const row of costedRows) shared += row.sharedMinor ?? 0n;

    let vendorChargesMinor = 0n;
    let vendorCostedHandled = 0;
    for (const contract of contracts) {
      for (const month of months) {
        const handled = contract.unitIds.reduce((acc, id) => acc + (handledBy.get(`${id}|${month}`) ?? 0), 0);
        const charge = charges.get(`${contract.id}|${month}`);
        if (charge) {
          vendorChargesMinor += charge.amountMinor;
          vendorCostedHandled += handled;
        } else if (handled > 0) incomplete.push({ kind: 'vendor', name: contract.name, month });
      }
    }

    const costs = deriveChannelCosts({
      agentInteractions: agent,
      ivrInteractions: ivr,
      webInteractions: web,
      inHouseTotalMinorTimes100: inHouse.totalMinorTimes100,
      inHouseSharedMinor: shared,
      inHouseCostedHandled,
      hasInHouseCosts: costedRows.length > 0,
      vendorChargesMinor,
      vendorCostedHandled,
    });
    const interactions: Record<MixChannel, number> = { agent, ivr, web };
    return {
      programId: program.id,
      programName: program.name,
      currency: program.currency,
      minorDigits: minorDigitsOf(program.currency),
      from,
      to,
      months: months.length,
      channels: Object.fromEntries(MIX_CHANNELS.map((c) => [c, { interactions: interactions[c], cost: fractionToJson(costs[c]) }])) as ChannelMixBaselineDto['channels'],
      incomplete,
    };
  });
}
