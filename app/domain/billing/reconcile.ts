/**
 * Reconciliation of a vendor's invoice against the invoice the portal computed for the same contract
 * month (DOMAIN.md "Pricing models": differences above a tolerance are flagged). Pure: no I/O.
 *
 * Matching, in this order, each line used at most once:
 *   1. by line key (the computed invoice's stable `line_key`, when the vendor quotes it);
 *   2. by normalised description (case, accents width, punctuation and spacing ignored);
 *   3. whatever is left is missing on the other side.
 * The adjustment finance wrote when it accepted this very invoice "with an adjustment" is not matched to
 * a vendor line (the vendor never billed it): it answers the vendor's net difference on the other lines
 * (`vendorFigureMinor`, manual items of the month left out: the vendor does not bill those). When the two
 * agree within the tolerance, the differences it answers are reported but no longer flagged
 * (`settledByAdjustment`); otherwise the adjustment's row is flagged by what it leaves unexplained. Any
 * other adjustment is an ordinary computed line, missing on the vendor unless the vendor billed it.
 * Flags: a matched pair whose amount differs by more than the tolerance (minor units, per line); a line
 * missing on either side (unless its amount is zero: it changes no money). Quantity and rate
 * differences are reported exactly when both sides give them, to explain an amount difference; they do
 * not flag a line whose money agrees. Totals are compared with the same tolerance.
 */
import { decimalDifference } from './reconcile-decimal';

export const QUANTITY_SCALE = 4;
export const RATE_SCALE = 6;

export interface ComputedLineInput {
  position: number;
  /** The line's kind (usage, adjustment…); manual items (adjustment, credit/debit note) are not the vendor's to bill. */
  kind?: string;
  lineKey: string;
  description: string;
  quantity: string | null;
  rate: string | null;
  amountMinor: bigint;
}

export interface VendorLineInput {
  position: number;
  lineKey: string | null;
  description: string;
  quantity: string | null;
  rate: string | null;
  amountMinor: bigint;
}

export interface InvoiceTotalsInput {
  /** Before tax; null when the vendor did not state it. */
  subtotalMinor: bigint | null;
  taxMinor: bigint | null;
  totalMinor: bigint;
}

export interface ReconcileInput {
  /** The computed invoice; null while the month has no billing run. */
  computed: { lines: ComputedLineInput[]; totals: InvoiceTotalsInput } | null;
  vendor: { lines: VendorLineInput[]; totals: InvoiceTotalsInput };
  toleranceMinor: bigint;
  /** The line key of the adjustment written when finance accepted this vendor invoice with an adjustment. */
  acceptedAdjustmentKey?: string | null;
}

/** 'not_compared': one side has no lines to compare with (totals only, or no billing run yet). */
export type RowStatus = 'agrees' | 'differs' | 'missing_on_vendor' | 'missing_on_computed' | 'not_compared';
export type MatchedBy = 'line_key' | 'description' | 'accepted_adjustment';

export interface ReconciledRow {
  computed: ComputedLineInput | null;
  vendor: VendorLineInput | null;
  matchedBy: MatchedBy | null;
  status: RowStatus;
  /** Vendor − computed (a missing side counts as zero). */
  amountDiffMinor: bigint;
  /** Vendor − computed, exact, when both sides give a quantity; else null. */
  quantityDiff: string | null;
  rateDiff: string | null;
  isFlagged: boolean;
  /** The accepted adjustment's row only: the vendor's net difference (vendor − computed) on the other lines. */
  vendorFigureMinor: bigint | null;
  /** A difference the accepted adjustment answers: reported, not flagged. */
  settledByAdjustment: boolean;
}

export interface TotalComparison {
  computedMinor: bigint | null;
  vendorMinor: bigint | null;
  /** Vendor − computed; null when either side is unknown. */
  diffMinor: bigint | null;
  isFlagged: boolean;
}

export type ReconcileMode = 'lines' | 'totals_only' | 'awaiting_billing_run';

export interface Reconciliation {
  /** 'totals_only': the vendor gave no lines; 'awaiting_billing_run': nothing computed to compare with. */
  mode: ReconcileMode;
  toleranceMinor: bigint;
  rows: ReconciledRow[];
  totals: { beforeTax: TotalComparison; tax: TotalComparison; total: TotalComparison };
  /** The sum of the vendor's lines, to set beside its stated amounts; null without lines. */
  vendorLinesSumMinor: bigint | null;
  flaggedLineCount: number;
  /** Nothing flagged, lines nor total (false while awaiting the billing run). */
  isClean: boolean;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** "Handled  contacts – Voice" and "handled contacts voice" are the same description. */
export function normaliseDescription(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const normaliseKey = (key: string | null) => (key ? key.trim().toLowerCase() : '');

function compareTotal(computed: bigint | null, vendor: bigint | null, tolerance: bigint): TotalComparison {
  const diffMinor = computed !== null && vendor !== null ? vendor - computed : null;
  return { computedMinor: computed, vendorMinor: vendor, diffMinor, isFlagged: diffMinor !== null && abs(diffMinor) > tolerance };
}

function pairRow(computed: ComputedLineInput, vendor: VendorLineInput, matchedBy: MatchedBy, tolerance: bigint): ReconciledRow {
  const amountDiffMinor = vendor.amountMinor - computed.amountMinor;
  const quantityDiff = computed.quantity !== null && vendor.quantity !== null ? decimalDifference(computed.quantity, vendor.quantity, QUANTITY_SCALE) : null;
  const rateDiff = computed.rate !== null && vendor.rate !== null ? decimalDifference(computed.rate, vendor.rate, RATE_SCALE) : null;
  const isFlagged = abs(amountDiffMinor) > tolerance;
  const differs = isFlagged || amountDiffMinor !== 0n || (quantityDiff !== null && quantityDiff !== '0') || (rateDiff !== null && rateDiff !== '0');
  return { computed, vendor, matchedBy, status: differs ? 'differs' : 'agrees', amountDiffMinor, quantityDiff, rateDiff, isFlagged, vendorFigureMinor: null, settledByAdjustment: false };
}

function missingRow(computed: ComputedLineInput | null, vendor: VendorLineInput | null): ReconciledRow {
  const amountDiffMinor = (vendor?.amountMinor ?? 0n) - (computed?.amountMinor ?? 0n);
  return {
    computed,
    vendor,
    matchedBy: null,
    status: computed ? 'missing_on_vendor' : 'missing_on_computed',
    amountDiffMinor,
    quantityDiff: null,
    rateDiff: null,
    isFlagged: amountDiffMinor !== 0n,
    vendorFigureMinor: null,
    settledByAdjustment: false,
  };
}

const MANUAL_KINDS = new Set(['adjustment', 'credit_note', 'debit_note']);

/** The accepted adjustment's row against the vendor's net difference, and the rows it settles (see the header). */
function withAcceptedAdjustment(rows: ReconciledRow[], adjustment: ComputedLineInput, toleranceMinor: bigint): ReconciledRow[] {
  const answered = (r: ReconciledRow) => !(r.computed?.kind && MANUAL_KINDS.has(r.computed.kind));
  const vendorFigureMinor = rows.filter(answered).reduce((sum, r) => sum + r.amountDiffMinor, 0n);
  const amountDiffMinor = vendorFigureMinor - adjustment.amountMinor;
  const isFlagged = abs(amountDiffMinor) > toleranceMinor;
  const adjustmentRow: ReconciledRow = {
    computed: adjustment,
    vendor: null,
    matchedBy: 'accepted_adjustment',
    status: amountDiffMinor === 0n ? 'agrees' : 'differs',
    amountDiffMinor,
    quantityDiff: null,
    rateDiff: null,
    isFlagged,
    vendorFigureMinor,
    settledByAdjustment: false,
  };
  const settled = isFlagged ? rows : rows.map((r) => (answered(r) && r.amountDiffMinor !== 0n ? { ...r, isFlagged: false, settledByAdjustment: true } : r));
  // In the computed invoice's order, the vendor's extra lines last (as matchLines orders them).
  const computedRows = [...settled.filter((r) => r.computed), adjustmentRow].sort((a, b) => a.computed!.position - b.computed!.position);
  return [...computedRows, ...settled.filter((r) => !r.computed)];
}

/** Pairs computed and vendor lines (key, then description) and flags what differs beyond the tolerance. */
export function matchLines(computed: readonly ComputedLineInput[], vendor: readonly VendorLineInput[], toleranceMinor: bigint): ReconciledRow[] {
  const matchOf = new Map<number, { vendor: VendorLineInput; by: MatchedBy }>();
  const unmatchedVendor: VendorLineInput[] = [];
  const freeByKey = new Map<string, number>();
  computed.forEach((line, index) => {
    const key = normaliseKey(line.lineKey);
    if (key && !freeByKey.has(key)) freeByKey.set(key, index);
  });
  for (const line of vendor) {
    const index = freeByKey.get(normaliseKey(line.lineKey));
    if (index !== undefined) {
      freeByKey.delete(normaliseKey(line.lineKey));
      matchOf.set(index, { vendor: line, by: 'line_key' });
    } else unmatchedVendor.push(line);
  }
  const leftOver: VendorLineInput[] = [];
  for (const line of unmatchedVendor) {
    const wanted = normaliseDescription(line.description);
    const index = wanted ? computed.findIndex((c, i) => !matchOf.has(i) && normaliseDescription(c.description) === wanted) : -1;
    if (index >= 0) matchOf.set(index, { vendor: line, by: 'description' });
    else leftOver.push(line);
  }
  const rows = computed.map((line, index) => {
    const match = matchOf.get(index);
    return match ? pairRow(line, match.vendor, match.by, toleranceMinor) : missingRow(line, null);
  });
  return [...rows, ...leftOver.sort((a, b) => a.position - b.position).map((line) => missingRow(null, line))];
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const { computed, vendor, toleranceMinor } = input;
  if (toleranceMinor < 0n) throw new RangeError('The tolerance cannot be negative');
  const vendorLinesSumMinor = vendor.lines.length ? vendor.lines.reduce((sum, l) => sum + l.amountMinor, 0n) : null;
  const computedBeforeTax = computed ? computed.totals.totalMinor - (computed.totals.taxMinor ?? 0n) : null;
  const totals = {
    beforeTax: compareTotal(computedBeforeTax, vendor.totals.subtotalMinor, toleranceMinor),
    tax: compareTotal(computed?.totals.taxMinor ?? null, vendor.totals.taxMinor, toleranceMinor),
    total: compareTotal(computed?.totals.totalMinor ?? null, vendor.totals.totalMinor, toleranceMinor),
  };
  if (!computed) {
    const rows = vendor.lines.map((line): ReconciledRow => ({ ...missingRow(null, line), status: 'not_compared', amountDiffMinor: 0n, isFlagged: false }));
    return { mode: 'awaiting_billing_run', toleranceMinor, rows, totals, vendorLinesSumMinor, flaggedLineCount: 0, isClean: false };
  }
  const mode: ReconcileMode = vendor.lines.length ? 'lines' : 'totals_only';
  const adjustment = input.acceptedAdjustmentKey ? computed.lines.find((l) => l.lineKey === input.acceptedAdjustmentKey) : undefined;
  const paired = (): ReconciledRow[] => {
    if (!adjustment) return matchLines(computed.lines, vendor.lines, toleranceMinor);
    const others = computed.lines.filter((l) => l !== adjustment);
    return withAcceptedAdjustment(matchLines(others, vendor.lines, toleranceMinor), adjustment, toleranceMinor);
  };
  // Without vendor lines there is nothing to pair: the computed lines are shown, the totals decide.
  const rows = mode === 'lines' ? paired() : computed.lines.map((line): ReconciledRow => ({ ...missingRow(line, null), status: 'not_compared', amountDiffMinor: 0n, isFlagged: false }));
  const flaggedLineCount = rows.filter((r) => r.isFlagged).length;
  const anyTotalFlagged = totals.beforeTax.isFlagged || totals.tax.isFlagged || totals.total.isFlagged;
  return { mode, toleranceMinor, rows, totals, vendorLinesSumMinor, flaggedLineCount, isClean: flaggedLineCount === 0 && !anyTotalFlagged };
}
