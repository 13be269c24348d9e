import type { SlaOutcome } from './evaluate';

/**
 * Earn-back (DOMAIN.md): a credit is returned when the same SLA is met for the following N months.
 *
 * Rules where DOMAIN.md is silent:
 *  - The window is the N MEASURED months after the credit month. A not-measured month (below the minimum
 *    volume, or everything excluded) neither counts toward N nor breaks the window: it extends it. There is
 *    nothing to judge in such a month, and neither side should gain from low volume.
 *  - Missing data counts as the contract's missing-feed rule says (SlaResult.outcome): "missed" breaks the
 *    window, "met" counts, "not_measured" extends it like any not-measured month.
 *  - A miss inside the window forfeits the credit in that month (and that month's own credit starts its own
 *    window). N met months return the whole credit in the Nth of them; partial returns do not exist.
 *  - While the months run out before either happens, the credit is pending.
 *  - N is the term of the contract version in force in the credit's month (each credit carries it); N = 0
 *    means no earn-back: the credit is forfeited in its own month.
 *  - Months must be consecutive calendar months ("YYYY-MM"): a gap is an error, not a silent "unknown".
 */
export type EarnBackFate = 'pending' | 'earned_back' | 'forfeited';

export interface LeviedCredit {
  slaId: string;
  /** "YYYY-MM" */
  month: string;
  /** The credit levied that month (after the cap), minor units. */
  amountMinor: bigint;
  /** The contract's earn-back term in force in `month`. */
  earnBackMonths: number;
}

export interface MonthlySlaOutcome {
  slaId: string;
  month: string;
  outcome: SlaOutcome;
}

export interface EarnBackEntry {
  slaId: string;
  creditMonth: string;
  amountMinor: bigint;
  earnBackMonths: number;
  /** The months examined so far, in order, with their outcome (not-measured ones included). */
  windowMonths: { month: string; outcome: SlaOutcome }[];
  /** How many of the N measured months were met so far. */
  metMonths: number;
  fate: EarnBackFate;
  /** The month that decided the fate; null while pending. */
  decidedMonth: string | null;
  returnedMinor: bigint;
}

const MONTH = /^(\d{4})-(\d{2})$/;

export function nextMonth(month: string): string {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`Not a month: ${month}`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** One SLA's outcomes keyed by month, checking they are consecutive. */
function outcomesBySla(results: readonly MonthlySlaOutcome[]): Map<string, { months: string[]; byMonth: Map<string, SlaOutcome> }> {
  const grouped = new Map<string, MonthlySlaOutcome[]>();
  for (const result of results) {
    const list = grouped.get(result.slaId);
    if (list) list.push(result);
    else grouped.set(result.slaId, [result]);
  }
  const out = new Map<string, { months: string[]; byMonth: Map<string, SlaOutcome> }>();
  for (const [slaId, list] of grouped) {
    const sorted = [...list].sort((a, b) => a.month.localeCompare(b.month));
    sorted.forEach((r, i) => {
      const previous = sorted[i - 1];
      if (previous && nextMonth(previous.month) !== r.month) {
        throw new RangeError(`SLA ${slaId}: months must be consecutive (${previous.month} then ${r.month})`);
      }
    });
    out.set(slaId, { months: sorted.map((r) => r.month), byMonth: new Map(sorted.map((r) => [r.month, r.outcome])) });
  }
  return out;
}

/** The fate of every non-zero credit, ordered by credit month then SLA id. */
export function buildEarnBackLedger(credits: readonly LeviedCredit[], results: readonly MonthlySlaOutcome[]): EarnBackEntry[] {
  const history = outcomesBySla(results);
  // A zero line (a met SLA, or a credit the cap took entirely) has nothing to earn back.
  const ordered = credits.filter((c) => c.amountMinor > 0n).sort((a, b) => a.month.localeCompare(b.month) || a.slaId.localeCompare(b.slaId));
  return ordered.map((credit) => decideCredit(credit, history.get(credit.slaId)?.byMonth ?? new Map()));
}

function decideCredit(credit: LeviedCredit, byMonth: Map<string, SlaOutcome>): EarnBackEntry {
  if (!Number.isInteger(credit.earnBackMonths) || credit.earnBackMonths < 0) throw new RangeError('earnBackMonths must be a non-negative integer');
  const entry: EarnBackEntry = {
    slaId: credit.slaId,
    creditMonth: credit.month,
    amountMinor: credit.amountMinor,
    earnBackMonths: credit.earnBackMonths,
    windowMonths: [],
    metMonths: 0,
    fate: 'pending',
    decidedMonth: null,
    returnedMinor: 0n,
  };
  if (credit.earnBackMonths === 0) return { ...entry, fate: 'forfeited', decidedMonth: credit.month };

  for (let month = nextMonth(credit.month); byMonth.has(month); month = nextMonth(month)) {
    const outcome = byMonth.get(month) ?? 'not_measured';
    entry.windowMonths.push({ month, outcome });
    if (outcome === 'missed') return { ...entry, fate: 'forfeited', decidedMonth: month };
    if (outcome === 'met') {
      entry.metMonths += 1;
      if (entry.metMonths === credit.earnBackMonths) return { ...entry, fate: 'earned_back', decidedMonth: month, returnedMinor: credit.amountMinor };
    }
  }
  return entry;
}

/** The earn-backs decided in `month`: what that month's invoice returns (DOMAIN.md: + earn-backs). */
export function earnBacksDecidedIn(ledger: readonly EarnBackEntry[], month: string): { entries: EarnBackEntry[]; totalMinor: bigint } {
  const entries = ledger.filter((entry) => entry.fate === 'earned_back' && entry.decidedMonth === month);
  return { entries, totalMinor: entries.reduce((sum, entry) => sum + entry.returnedMinor, 0n) };
}
