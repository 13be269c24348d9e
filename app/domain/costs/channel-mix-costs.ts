/**
 * Cost per interaction by channel for the channel-mix what-if, from what the portal knows (issue 6 leaves
 * the allocation open; this is the documented one):
 *  - Self-service (IVR and web alike) carries the in-house technology and telecom categories, shared over
 *    every interaction of the program (agent-handled, IVR-contained and web): tech+telecom / all.
 *  - Agent-handled contacts carry everything else: the in-house cost without that self-service share plus
 *    the vendors' charges, over the handled contacts those costs cover (months with a cost figure only).
 *  - Without in-house costs the self-service cost is unknown (never assumed free); the page asks for it.
 * A cost entered on the page replaces the derived one.
 */
import type { CostFraction, MixChannel } from './channel-mix';

export interface ChannelCostInputs {
  /** Interactions of the period: agent-handled, IVR-contained, web self-service (whole counts). */
  agentInteractions: number;
  ivrInteractions: number;
  webInteractions: number;
  /** In-house side: total cost × 100 (exact), its technology + telecom, and the handled contacts it covers. */
  inHouseTotalMinorTimes100: bigint;
  inHouseSharedMinor: bigint;
  inHouseCostedHandled: number;
  hasInHouseCosts: boolean;
  /** Vendor side: charges and the handled contacts they cover. */
  vendorChargesMinor: bigint;
  vendorCostedHandled: number;
}

export function deriveChannelCosts(input: ChannelCostInputs): Record<MixChannel, CostFraction | null> {
  const count = (n: number) => BigInt(Math.max(0, Math.round(n)));
  const all = count(input.agentInteractions) + count(input.ivrInteractions) + count(input.webInteractions);
  const selfService = count(input.ivrInteractions) + count(input.webInteractions);
  const selfServiceCost: CostFraction | null = input.hasInHouseCosts && all > 0n ? { num: input.inHouseSharedMinor, den: all } : null;

  const costedHandled = count(input.inHouseCostedHandled) + count(input.vendorCostedHandled);
  let agent: CostFraction | null = null;
  if (costedHandled > 0n && (input.hasInHouseCosts || input.vendorCostedHandled > 0)) {
    // (in-house total − shared × selfService / all + vendor) / costedHandled, over one denominator.
    const sharedToSelfService = all > 0n ? { num: 100n * input.inHouseSharedMinor * selfService, den: all } : { num: 0n, den: 1n };
    const num = (input.inHouseTotalMinorTimes100 + 100n * input.vendorChargesMinor) * sharedToSelfService.den - sharedToSelfService.num;
    agent = { num, den: 100n * sharedToSelfService.den * costedHandled };
  }
  return { ivr: selfServiceCost, web: selfServiceCost, agent };
}
