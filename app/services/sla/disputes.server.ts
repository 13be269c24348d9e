/**
 * Disputes and exclusions. A vendor user ('raise:disputes') disputes an SLA result or a span of intervals
 * of one of its own units (optionally one queue or channel) with a reason and attachments (streamed to the
 * blob store under the client org); the client ('decide:disputes') approves or rejects with a comment.
 * An approved span is left out of evaluation and the months it touches are re-evaluated (a closed month
 * picks it up when reopened). Each step is audited in the actor's org, written to the dispute's trail
 * (visible to both sides) and notified to the other side.
 */
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { contractUnits, deliveryUnits, disputeEvents, disputes, programs, queues, slaResults, type DisputeAttachment, type DisputeStatus } from '#db/schema/index';
import { periodKey } from '#app/domain/kpi/aggregate';
import { CHANNELS } from '#app/domain/programs/schemas';
import { BlobTooLargeError, bytesOf, getBlobStore } from '#app/lib/blob-store.server';
import { AppError, forbidden, notFound } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { feedChannelOf } from '../feeds/unit-context.server';
import { parseInput } from '../programs-common.server';
import { notifyOrgs, type OrgNotice } from './alerts.server';
import { evaluateForClient, recomputeQuietly } from './evaluate.server';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const MAX_SPAN_MS = 31 * 86_400_000;

const raiseSchema = z
  .object({
    unitId: z.uuid().optional(),
    slaResultId: z.uuid().optional(),
    queueId: z.uuid().optional(),
    channel: z.enum(CHANNELS).optional(),
    spanStart: z.coerce.date().optional(),
    spanEnd: z.coerce.date().optional(),
    reason: z.string().trim().min(1).max(4000),
  })
  .refine((v) => v.slaResultId || (v.unitId && v.spanStart && v.spanEnd), { message: 'Name an SLA result, or a unit and a span', path: ['spanStart'] });

export interface AttachmentInput {
  fileName: string;
  contentType?: string;
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
}

export interface DisputeEventDto {
  id: string;
  kind: string;
  actorOrgId: string;
  actorLabel: string;
  comment: string | null;
  at: Date;
}

export interface DisputeDto {
  id: string;
  clientOrgId: string;
  vendorOrgId: string;
  contractId: string;
  unitId: string;
  queueId: string | null;
  channel: string | null;
  slaResultId: string | null;
  spanStart: Date;
  spanEnd: Date;
  reason: string;
  attachments: DisputeAttachment[];
  status: DisputeStatus;
  raisedByLabel: string;
  raisedAt: Date;
  decidedByLabel: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  events?: DisputeEventDto[];
}

function toDto(row: typeof disputes.$inferSelect): DisputeDto {
  const { raisedBy: _r, decidedBy: _d, ...rest } = row;
  return rest;
}

export async function raiseDispute(ctx: ServiceCtx, rawInput: z.input<typeof raiseSchema> & { attachments?: AttachmentInput[]; now?: Date }): Promise<DisputeDto> {
  assertCan(ctx, 'raise:disputes');
  if (ctx.orgKind !== 'vendor') throw forbidden('Disputes are raised by the vendor');
  const input = parseInput(raiseSchema, rawInput);
  const target = await inTenant(ctx, async (tx) => {
    let unitId = input.unitId;
    let span = { start: input.spanStart, end: input.spanEnd };
    let queueId = input.queueId ?? null;
    let channel = input.channel ? feedChannelOf(input.channel) : null;
    if (input.slaResultId) {
      const [result] = await tx.select().from(slaResults).where(eq(slaResults.id, input.slaResultId));
      if (!result) throw notFound('SLA result not found');
      const [covered] = await tx.select({ unitId: contractUnits.unitId }).from(contractUnits).where(and(eq(contractUnits.clientOrgId, result.clientOrgId), eq(contractUnits.contractId, result.contractId))).orderBy(asc(contractUnits.unitId));
      unitId = result.unitId ?? unitId ?? covered?.unitId;
      span = { start: span.start ?? result.periodStart, end: span.end ?? result.periodEnd };
      queueId = queueId ?? result.queueId;
      channel = channel ?? (result.channel ? feedChannelOf(result.channel as never) : null);
    }
    const [unit] = unitId ? await tx.select({ unit: deliveryUnits, timeZone: programs.timeZone }).from(deliveryUnits).innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId))).where(eq(deliveryUnits.id, unitId)) : [];
    if (!unit || unit.unit.vendorOrgId !== ctx.orgId) throw notFound('Unit not found');
    const [contract] = await tx.select({ contractId: contractUnits.contractId }).from(contractUnits).where(and(eq(contractUnits.clientOrgId, unit.unit.clientOrgId), eq(contractUnits.unitId, unit.unit.id)));
    if (!contract) throw new AppError('UNPROCESSABLE', 'The unit is under no contract');
    if (queueId) {
      const [queue] = await tx.select({ id: queues.id }).from(queues).where(and(eq(queues.clientOrgId, unit.unit.clientOrgId), eq(queues.id, queueId), eq(queues.unitId, unit.unit.id)));
      if (!queue) throw new AppError('UNPROCESSABLE', 'The queue is not one of the unit', { issues: [{ path: ['queueId'], message: 'unknown' }] });
    }
    const start = span.start!;
    const end = span.end!;
    if (!(end > start) || end.getTime() - start.getTime() > MAX_SPAN_MS) throw new AppError('UNPROCESSABLE', 'The span must end after it starts and last at most 31 days', { issues: [{ path: ['spanEnd'], message: 'invalid' }] });
    return { clientOrgId: unit.unit.clientOrgId, unitId: unit.unit.id, unitName: unit.unit.name, timeZone: unit.timeZone, contractId: contract.contractId, start, end, queueId, channel };
  });

  const attachments: DisputeAttachment[] = [];
  for (const file of rawInput.attachments ?? []) {
    try {
      const stored = await getBlobStore().put(target.clientOrgId, bytesOf(file.body), { maxBytes: MAX_ATTACHMENT_BYTES });
      attachments.push({ key: stored.key, sha256: stored.sha256, byteSize: stored.byteSize, fileName: file.fileName.slice(0, 255), contentType: file.contentType ?? 'application/octet-stream' });
    } catch (error) {
      if (error instanceof BlobTooLargeError) throw new AppError('LIMIT_EXCEEDED', `An attachment is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
      throw error;
    }
  }

  const dispute = await inTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(disputes)
      .values({
        clientOrgId: target.clientOrgId,
        vendorOrgId: ctx.orgId,
        contractId: target.contractId,
        unitId: target.unitId,
        queueId: target.queueId,
        channel: target.channel,
        slaResultId: input.slaResultId ?? null,
        spanStart: target.start,
        spanEnd: target.end,
        reason: input.reason,
        attachments,
        raisedBy: ctx.actor.userId ?? null,
        raisedByLabel: ctx.actor.label,
        ...(rawInput.now ? { raisedAt: rawInput.now } : {}),
      })
      .returning();
    await tx.insert(disputeEvents).values({ clientOrgId: target.clientOrgId, disputeId: row!.id, vendorOrgId: ctx.orgId, kind: 'raised', actorOrgId: ctx.orgId, actorLabel: ctx.actor.label, comment: input.reason });
    await recordAudit(tx, ctx, { action: 'dispute.raise', objectType: 'dispute', objectId: row!.id, details: { unitId: target.unitId, spanStart: target.start.toISOString(), spanEnd: target.end.toISOString(), attachments: attachments.length } });
    return toDto(row!);
  });
  await notifyOrgs(ctx.db, [notice(dispute, dispute.clientOrgId, false, 'raised', target.unitName)]);
  return dispute;
}

const decideSchema = z.object({ disputeId: z.uuid(), decision: z.enum(['approved', 'rejected']), comment: z.string().trim().min(1).max(4000) });

export async function decideDispute(ctx: ServiceCtx, rawInput: z.input<typeof decideSchema> & { now?: Date }): Promise<DisputeDto> {
  assertCan(ctx, 'decide:disputes');
  if (ctx.orgKind !== 'client') throw forbidden('Disputes are decided by the client');
  const input = parseInput(decideSchema, rawInput);
  const now = rawInput.now ?? new Date();
  const { dispute, timeZone } = await inTenant(ctx, async (tx) => {
    const [current] = await tx.select().from(disputes).where(eq(disputes.id, input.disputeId));
    if (!current) throw notFound('Dispute not found');
    if (current.status !== 'open') throw new AppError('CONFLICT', 'The dispute has already been decided', { code: 'dispute_decided' });
    const [row] = await tx
      .update(disputes)
      .set({ status: input.decision, decidedBy: ctx.actor.userId ?? null, decidedByLabel: ctx.actor.label, decidedAt: now, decisionComment: input.comment })
      .where(and(eq(disputes.clientOrgId, ctx.orgId), eq(disputes.id, input.disputeId), eq(disputes.status, 'open')))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'The dispute has already been decided', { code: 'dispute_decided' });
    await tx.insert(disputeEvents).values({ clientOrgId: row.clientOrgId, disputeId: row.id, vendorOrgId: row.vendorOrgId, kind: input.decision, actorOrgId: ctx.orgId, actorLabel: ctx.actor.label, comment: input.comment });
    await recordAudit(tx, ctx, { action: `dispute.${input.decision === 'approved' ? 'approve' : 'reject'}`, objectType: 'dispute', objectId: row.id, details: { comment: input.comment } });
    const [unit] = await tx.select({ name: deliveryUnits.name, timeZone: programs.timeZone }).from(deliveryUnits).innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId))).where(and(eq(deliveryUnits.clientOrgId, row.clientOrgId), eq(deliveryUnits.id, row.unitId)));
    return { dispute: { ...toDto(row), unitName: unit?.name ?? '' }, timeZone: unit?.timeZone ?? 'UTC' };
  });
  await notifyOrgs(ctx.db, [notice(dispute, dispute.vendorOrgId, true, input.decision, dispute.unitName)]);
  if (dispute.status === 'approved') {
    const months = new Set([periodKey(dispute.spanStart, 'month', timeZone), periodKey(new Date(dispute.spanEnd.getTime() - 1), 'month', timeZone)]);
    for (const month of [...months].sort()) {
      await recomputeQuietly(() => evaluateForClient(ctx.db, dispute.clientOrgId, dispute.contractId, month, now), { contractId: dispute.contractId, month });
    }
  }
  const { unitName: _u, ...dto } = dispute;
  return dto;
}

function notice(dispute: DisputeDto, orgId: string, isVendor: boolean, step: 'raised' | 'approved' | 'rejected', unitName: string): OrgNotice {
  const span = `${dispute.spanStart.toISOString()} to ${dispute.spanEnd.toISOString()}`;
  return {
    clientOrgId: dispute.clientOrgId,
    orgId,
    isVendor,
    unitId: null,
    kind: step === 'raised' ? 'dispute_raised' : 'dispute_decided',
    event: step === 'raised' ? 'dispute.raised' : 'dispute.decided',
    messageKey: step === 'raised' ? 'sla.notification.disputeRaised' : 'sla.notification.disputeDecided',
    params: { unitName, status: step, spanStart: dispute.spanStart.toISOString(), spanEnd: dispute.spanEnd.toISOString() },
    link: `/app/disputes/${dispute.id}`,
    dedupeKey: `dispute_${step}:${dispute.id}`,
    subject: step === 'raised' ? `Dispute raised: ${unitName}, ${span}` : `Dispute ${step}: ${unitName}, ${span}`,
    text: step === 'raised' ? `A dispute was raised for ${unitName} over ${span}:\n${dispute.reason}\n` : `Your dispute for ${unitName} over ${span} was ${step}:\n${dispute.decisionComment ?? ''}\n`,
    data: { disputeId: dispute.id, contractId: dispute.contractId, unitId: dispute.unitId, status: dispute.status, spanStart: dispute.spanStart.toISOString(), spanEnd: dispute.spanEnd.toISOString() },
  };
}

export async function listDisputes(ctx: ServiceCtx, filter: { contractId?: string; unitId?: string; status?: DisputeStatus } = {}): Promise<DisputeDto[]> {
  assertCan(ctx, 'read:kpis');
  const where: SQL[] = [];
  if (filter.contractId) where.push(eq(disputes.contractId, filter.contractId));
  if (filter.unitId) where.push(eq(disputes.unitId, filter.unitId));
  if (filter.status) where.push(eq(disputes.status, filter.status));
  const rows = await inTenant(ctx, (tx) => tx.select().from(disputes).where(where.length ? and(...where) : undefined).orderBy(desc(disputes.raisedAt)).limit(500));
  return rows.map(toDto);
}

/** One dispute with its trail; NOT_FOUND for anyone but its client and its vendor. */
export async function getDispute(ctx: ServiceCtx, disputeId: string): Promise<DisputeDto> {
  assertCan(ctx, 'read:kpis');
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(disputes).where(eq(disputes.id, disputeId));
    if (!row) throw notFound('Dispute not found');
    const events = await tx.select().from(disputeEvents).where(and(eq(disputeEvents.clientOrgId, row.clientOrgId), eq(disputeEvents.disputeId, row.id))).orderBy(asc(disputeEvents.at));
    return { ...toDto(row), events: events.map((e) => ({ id: e.id, kind: e.kind, actorOrgId: e.actorOrgId, actorLabel: e.actorLabel, comment: e.comment, at: e.at })) };
  });
}
