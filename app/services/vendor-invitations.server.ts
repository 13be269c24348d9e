import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database, Tx } from '#db/client';
import { deliveryUnits, memberships, orgs, outboxEmails, programs, queues, vendorUnitInvitations } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { vendorInvitationInputSchema, type VendorInvitationInput } from '#app/domain/programs/schemas';
import { AppError, notFound } from '#app/lib/errors';
import { randomToken, sha256 } from '#app/lib/tokens.server';
import { publicBaseUrl } from './mail.server';
import { recordAudit } from './audit.server';
import { assertCan, inTenant, type ServiceCtx } from './context';
import { unsafeAddMember, unsafeCreateOrg, unsafeFindUserByEmail } from './orgs.server';
import { fieldError, parseInput } from './programs-common.server';

export const VENDOR_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface VendorInvitationDto {
  id: string;
  unitId: string;
  email: string;
  vendorName: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedVendorOrgId: string | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export const vendorInvitationPath = (token: string) => `/vendor-invitations/${token}`;

/**
 * Invites a vendor org, by e-mail, to deliver a vendor unit. The token travels only in the e-mail;
 * the database keeps its sha256. Returns the token too, for the page to offer a copyable link.
 */
export async function inviteVendorToUnit(
  ctx: ServiceCtx,
  unitId: string,
  input: VendorInvitationInput,
  options: { now?: Date; origin?: string } = {},
): Promise<VendorInvitationDto & { token: string; acceptUrl: string }> {
  assertCan(ctx, 'write:programs');
  const now = options.now ?? new Date();
  const token = randomToken();
  // APP_URL when configured, else the origin the client program manager is using.
  const acceptUrl = `${publicBaseUrl(options.origin ?? 'http://localhost:3000')}${vendorInvitationPath(token)}`;
  return inTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ unit: deliveryUnits, programName: programs.name, clientName: orgs.name })
      .from(deliveryUnits)
      .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
      .leftJoin(orgs, eq(orgs.id, deliveryUnits.clientOrgId))
      .where(and(eq(deliveryUnits.id, unitId), eq(deliveryUnits.clientOrgId, ctx.orgId)));
    if (!row) throw notFound('Unit not found');
    // Looked up before the input is validated: another org's object is a 404, never a form error.
    const values = parseInput(vendorInvitationInputSchema, input);
    if (row.unit.kind !== 'vendor') throw fieldError(['unitId'], 'programs.error.unitNotVendorKind');
    if (row.unit.vendorOrgId) throw fieldError(['unitId'], 'programs.error.unitAlreadyLinked', 'CONFLICT');
    const [invitation] = await tx
      .insert(vendorUnitInvitations)
      .values({ clientOrgId: ctx.orgId, unitId, email: values.email, vendorName: values.vendorName ?? null, tokenHash: sha256(token), invitedBy: ctx.actor.userId ?? null, expiresAt: new Date(now.getTime() + VENDOR_INVITATION_TTL_MS) })
      .returning();
    await tx.insert(outboxEmails).values({
      orgId: ctx.orgId,
      toAddress: values.email,
      subject: `${row.clientName ?? 'A client'} invites you to deliver ${row.programName} on Outpost`,
      bodyText: [
        `${row.clientName ?? 'A client'} invites your organisation to deliver the unit "${row.unit.name}" of the program "${row.programName}".`,
        '',
        `Accept within 7 days: ${acceptUrl}`,
        '',
        'You can create your organisation on Outpost, or link one your company already has.',
      ].join('\n'),
    });
    await recordAudit(tx, ctx, { action: 'vendor_invitation.create', objectType: 'delivery_unit', objectId: unitId, details: { invitationId: invitation!.id, email: values.email } });
    return { ...toDto(invitation!), token, acceptUrl };
  });
}

function toDto(row: typeof vendorUnitInvitations.$inferSelect): VendorInvitationDto {
  const { clientOrgId: _c, tokenHash: _t, invitedBy: _i, acceptedByUserId: _a, ...rest } = row;
  return rest;
}

export async function listVendorInvitations(ctx: ServiceCtx, filter: { unitId?: string } = {}): Promise<VendorInvitationDto[]> {
  assertCan(ctx, 'write:programs');
  const rows = await inTenant(ctx, (tx) =>
    tx.select().from(vendorUnitInvitations).where(filter.unitId ? eq(vendorUnitInvitations.unitId, filter.unitId) : undefined).orderBy(desc(vendorUnitInvitations.createdAt)),
  );
  return rows.map(toDto);
}

export async function revokeVendorInvitation(ctx: ServiceCtx, invitationId: string, now = new Date()): Promise<void> {
  assertCan(ctx, 'write:programs');
  await inTenant(ctx, async (tx) => {
    const [row] = await tx
      .update(vendorUnitInvitations)
      .set({ revokedAt: now })
      .where(and(eq(vendorUnitInvitations.id, invitationId), isNull(vendorUnitInvitations.acceptedAt), isNull(vendorUnitInvitations.revokedAt)))
      .returning();
    if (!row) throw notFound('Invitation not found');
    await recordAudit(tx, ctx, { action: 'vendor_invitation.revoke', objectType: 'delivery_unit', objectId: row.unitId, details: { invitationId } });
  });
}



async function unsafeFindUsableInvitation(tx: Tx, token: string, now: Date) {
  const [row] = await tx
    .select({ invitation: vendorUnitInvitations, unit: deliveryUnits, programName: programs.name, clientName: orgs.name })
    .from(vendorUnitInvitations)
    .innerJoin(deliveryUnits, and(eq(deliveryUnits.clientOrgId, vendorUnitInvitations.clientOrgId), eq(deliveryUnits.id, vendorUnitInvitations.unitId)))
    .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
    .innerJoin(orgs, eq(orgs.id, vendorUnitInvitations.clientOrgId))
    .where(eq(vendorUnitInvitations.tokenHash, sha256(token)));
  if (!row) throw new AppError('NOT_FOUND', 'programs.error.invitationInvalid');
  // A revoked link is known, unlike a made-up one: the page says so (410) instead of "not found".
  if (row.invitation.revokedAt) throw new AppError('CONFLICT', 'programs.error.invitationInvalid', { reason: 'revoked' });
  if (row.invitation.acceptedAt) throw new AppError('CONFLICT', 'programs.error.invitationUsed');
  if (row.invitation.expiresAt <= now) throw new AppError('UNPROCESSABLE', 'programs.error.invitationExpired');
  if (row.unit.vendorOrgId) throw new AppError('CONFLICT', 'programs.error.unitAlreadyLinked');
  return row;
}

/** What the acceptance page shows before the invitee decides. Platform lookup: the token is the key. */
export async function previewVendorInvitation(db: Database, token: string, now = new Date()) {
  return unsafeWithoutTenant(db, async (tx) => {
    const row = await unsafeFindUsableInvitation(tx, token, now);
    const existingUser = await unsafeFindUserByEmail(tx, row.invitation.email);
    return {
      clientName: row.clientName,
      programName: row.programName,
      unitName: row.unit.name,
      email: row.invitation.email,
      vendorName: row.invitation.vendorName,
      expiresAt: row.invitation.expiresAt,
      hasAccount: Boolean(existingUser),
    };
  });
}

export type AcceptVendorInvitationInput =
  | { mode: 'new'; token: string; vendorName?: string; adminName: string; password: string }
  /** Link an org the signed-in user already administers. */
  | { mode: 'link'; token: string; userId: string; vendorOrgId: string };

/**
 * Accepts an invitation: creates the vendor org with the invitee as its vendor_admin, or links an
 * existing vendor org the accepting user administers; then hands the unit (and its queues) to it.
 * Platform work (unsafeWithoutTenant): the invitee is not a member of the client org, and a new
 * vendor org does not exist yet.
 */
export async function acceptVendorInvitation(db: Database, input: AcceptVendorInvitationInput, now = new Date()): Promise<{ vendorOrgId: string; userId: string; createdOrg: boolean; unitId: string; clientOrgId: string }> {
  return unsafeWithoutTenant(db, async (tx) => {
    const { invitation, unit } = await unsafeFindUsableInvitation(tx, input.token, now);
    let vendorOrgId: string;
    let userId: string;
    let createdOrg = false;
    if (input.mode === 'link') {
      const [membership] = await tx
        .select({ role: memberships.role, kind: orgs.kind })
        .from(memberships)
        .innerJoin(orgs, eq(orgs.id, memberships.orgId))
        .where(and(eq(memberships.orgId, input.vendorOrgId), eq(memberships.userId, input.userId)));
      if (!membership || membership.kind !== 'vendor' || membership.role !== 'vendor_admin') throw new AppError('FORBIDDEN', 'programs.error.notVendorAdmin');
      vendorOrgId = input.vendorOrgId;
      userId = input.userId;
    } else {
      const name = (input.vendorName ?? invitation.vendorName ?? '').trim();
      if (!name) throw fieldError(['vendorName'], 'programs.error.required');
      if (!input.adminName.trim()) throw fieldError(['adminName'], 'programs.error.required');
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'vendor'}-${randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 4)}`;
      const org = await unsafeCreateOrg(tx, { slug, name, kind: 'vendor' });
      // An existing person keeps their password; the one given is used only for a new account.
      const user = await unsafeAddMember(tx, { orgId: org.id, orgKind: 'vendor', email: invitation.email, name: input.adminName.trim(), role: 'vendor_admin', password: input.password });
      vendorOrgId = org.id;
      userId = user.id;
      createdOrg = true;
    }
    await tx.update(deliveryUnits).set({ vendorOrgId }).where(and(eq(deliveryUnits.clientOrgId, unit.clientOrgId), eq(deliveryUnits.id, unit.id)));
    await tx.update(queues).set({ vendorOrgId }).where(and(eq(queues.clientOrgId, unit.clientOrgId), eq(queues.unitId, unit.id)));
    await tx
      .update(vendorUnitInvitations)
      .set({ acceptedAt: now, acceptedByUserId: userId, acceptedVendorOrgId: vendorOrgId })
      .where(and(eq(vendorUnitInvitations.clientOrgId, invitation.clientOrgId), eq(vendorUnitInvitations.id, invitation.id)));
    const actor = { userId, label: invitation.email };
    // Both orgs' audit logs record the link; the acting person belongs to the vendor, not the client.
    for (const orgId of [invitation.clientOrgId, vendorOrgId]) {
      await recordAudit(tx, { db, orgId, orgKind: orgId === vendorOrgId ? 'vendor' : 'client', role: 'vendor_admin', actor }, {
        action: 'vendor_invitation.accept',
        objectType: 'delivery_unit',
        objectId: unit.id,
        details: { invitationId: invitation.id, clientOrgId: invitation.clientOrgId, vendorOrgId, createdOrg },
      });
    }
    return { vendorOrgId, userId, createdOrg, unitId: unit.id, clientOrgId: invitation.clientOrgId };
  });
}
