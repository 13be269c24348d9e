import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '#db/client';
import { invitations, memberships, orgs, users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { isRoleOfKind, type OrgKind, type Role } from '#app/domain/permissions';
import { isLocale, translate } from '#app/i18n/index';
import { AppError, notFound } from '#app/lib/errors';
import { randomToken, sha256 } from '#app/lib/tokens.server';
import { recordAudit } from './audit.server';
import { MIN_PASSWORD_LENGTH } from './auth/password-reset.server';
import { assertCan, inTenant, type ServiceCtx } from './context';
import { deliverInBackground, enqueueEmail, publicBaseUrl } from './mail.server';
import { unsafeAddMember, unsafeFindUserByEmail } from './orgs.server';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface CreatedInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  /** The acceptance link; it holds the only copy of the token (only its hash is stored). */
  link: string;
}

/** Invites an e-mail address to the acting org with a role of the org's kind, and mails the link. */
export async function createInvitation(
  ctx: ServiceCtx,
  input: { email: string; role: Role; origin: string; now?: Date },
): Promise<CreatedInvitation> {
  assertCan(ctx, 'manage:members');
  if (!isRoleOfKind(input.role, ctx.orgKind)) {
    throw new AppError('UNPROCESSABLE', `Role ${input.role} does not exist in a ${ctx.orgKind} organisation`, { field: 'role' });
  }
  const email = input.email.trim();
  const now = input.now ?? new Date();
  const token = randomToken();
  const link = `${publicBaseUrl(input.origin)}/invitations/${token}`;
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const created = await inTenant(ctx, async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
    if (member) throw new AppError('CONFLICT', 'Already a member', { field: 'email', reason: 'already_member' });
    const [org] = await tx.select().from(orgs).where(eq(orgs.id, ctx.orgId));
    if (!org) throw notFound();
    const [row] = await tx
      .insert(invitations)
      .values({ orgId: ctx.orgId, email, role: input.role, tokenHash: sha256(token), invitedBy: ctx.actor.userId ?? null, expiresAt })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const locale = isLocale(org.defaultLocale) ? org.defaultLocale : 'en';
    const outboxId = await enqueueEmail(tx, {
      orgId: ctx.orgId,
      to: email,
      subject: translate(locale, 'mail.invitation.subject', { org: org.name }),
      text: translate(locale, 'mail.invitation.body', { org: org.name, role: translate(locale, `role.${input.role}`), link, days: INVITATION_TTL_MS / 86_400_000 }),
    });
    await recordAudit(tx, ctx, { action: 'invitation.create', objectType: 'invitation', objectId: row.id, details: { email, role: input.role } });
    return { id: row.id, outboxId };
  });
  deliverInBackground(ctx.db, [created.outboxId]);
  return { id: created.id, email, role: input.role, expiresAt, link };
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
  isExpired: boolean;
}

/** Invitations neither accepted nor revoked, newest first; expired ones are flagged, not hidden. */
export async function listPendingInvitations(ctx: ServiceCtx, now = new Date()): Promise<PendingInvitation[]> {
  assertCan(ctx, 'manage:members');
  const rows = await inTenant(ctx, (tx) =>
    tx
      .select()
      .from(invitations)
      .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .orderBy(desc(invitations.createdAt)),
  );
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, expiresAt: r.expiresAt, createdAt: r.createdAt, isExpired: r.expiresAt <= now }));
}

/** Revokes a pending invitation of the acting org; another org's id is simply not found (RLS). */
export async function revokeInvitation(ctx: ServiceCtx, invitationId: string, now = new Date()): Promise<void> {
  assertCan(ctx, 'manage:members');
  await inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for('update');
    if (!row) throw notFound('Invitation not found');
    if (row.acceptedAt) throw new AppError('CONFLICT', 'The invitation was already accepted', { reason: 'accepted' });
    if (row.revokedAt) return;
    await tx.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, invitationId)));
    await recordAudit(tx, ctx, { action: 'invitation.revoke', objectType: 'invitation', objectId: invitationId, details: { email: row.email } });
  });
}

export type InvitationState = 'pending' | 'expired' | 'revoked' | 'accepted';

export interface InvitationView {
  state: InvitationState;
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  email: string;
  role: Role;
  expiresAt: Date;
  /** Whether the invited e-mail already has an account (then the person signs in to accept). */
  hasAccount: boolean;
}

type InvitationRow = typeof invitations.$inferSelect;

function stateOf(row: InvitationRow, now: Date): InvitationState {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

async function findByToken(tx: Tx, token: string, forUpdate: boolean) {
  const query = tx
    .select({ invitation: invitations, orgName: orgs.name, orgKind: orgs.kind })
    .from(invitations)
    .innerJoin(orgs, eq(orgs.id, invitations.orgId))
    .where(eq(invitations.tokenHash, sha256(token)));
  const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query;
  return row;
}

/** What the invitation page shows; undefined for a token that never existed. */
export async function readInvitationByToken(db: Database, token: string, now = new Date()): Promise<InvitationView | undefined> {
  // Platform lookup: the token itself decides which org the visitor is invited to.
  return unsafeWithoutTenant(db, async (tx) => {
    const row = await findByToken(tx, token, false);
    if (!row) return undefined;
    const account = await unsafeFindUserByEmail(tx, row.invitation.email);
    const { invitation } = row;
    return {
      state: stateOf(invitation, now),
      orgId: invitation.orgId,
      orgName: row.orgName,
      orgKind: row.orgKind,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      hasAccount: Boolean(account),
    };
  });
}

async function lockUsableInvitation(tx: Tx, token: string, now: Date) {
  const row = await findByToken(tx, token, true);
  if (!row) throw notFound('Invitation not found');
  const state = stateOf(row.invitation, now);
  if (state !== 'pending') throw new AppError('CONFLICT', `The invitation is ${state}`, { reason: state });
  return row;
}

function acceptanceCtx(db: Database, row: { invitation: InvitationRow; orgKind: OrgKind }, user: { id: string; email: string }, ip?: string): ServiceCtx {
  return { db, orgId: row.invitation.orgId, orgKind: row.orgKind, role: row.invitation.role, actor: { userId: user.id, label: user.email }, ip };
}

/** Accepts for an e-mail with no account yet: creates the user with the chosen name and password. */
export async function acceptInvitationAsNewUser(
  db: Database,
  input: { token: string; name: string; password: string; ip?: string; now?: Date },
): Promise<{ userId: string; orgId: string }> {
  const now = input.now ?? new Date();
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new AppError('UNPROCESSABLE', 'Password too short', { field: 'password' });
  // Platform work: the visitor has no account and no tenant until this transaction creates them.
  return unsafeWithoutTenant(db, async (tx) => {
    const row = await lockUsableInvitation(tx, input.token, now);
    const { invitation } = row;
    if (await unsafeFindUserByEmail(tx, invitation.email)) throw new AppError('CONFLICT', 'An account exists; sign in to accept', { reason: 'has_account' });
    const user = await unsafeAddMember(tx, {
      orgId: invitation.orgId,
      orgKind: row.orgKind,
      email: invitation.email,
      name: input.name.trim(),
      role: invitation.role,
      password: input.password,
    });
    await tx.update(invitations).set({ acceptedAt: now }).where(and(eq(invitations.orgId, invitation.orgId), eq(invitations.id, invitation.id)));
    await recordAudit(tx, acceptanceCtx(db, row, user, input.ip), {
      action: 'invitation.accept',
      objectType: 'invitation',
      objectId: invitation.id,
      details: { email: invitation.email, role: invitation.role, newAccount: true },
    });
    return { userId: user.id, orgId: invitation.orgId };
  });
}

/**
 * Accepts for a signed-in user whose e-mail the invitation names. Someone already in the org keeps the
 * role they have: an invitation must never demote (or strand) an existing owner.
 */
export async function acceptInvitationAsUser(
  db: Database,
  input: { token: string; userId: string; ip?: string; now?: Date },
): Promise<{ orgId: string }> {
  const now = input.now ?? new Date();
  // Platform work: the user is not yet a member of the org the token names.
  return unsafeWithoutTenant(db, async (tx) => {
    const row = await lockUsableInvitation(tx, input.token, now);
    const { invitation } = row;
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new AppError('FORBIDDEN', 'The invitation is for another e-mail address', { reason: 'other_account' });
    }
    const [existing] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, invitation.orgId), eq(memberships.userId, user.id)));
    if (!existing) await tx.insert(memberships).values({ orgId: invitation.orgId, userId: user.id, role: invitation.role });
    await tx.update(invitations).set({ acceptedAt: now }).where(and(eq(invitations.orgId, invitation.orgId), eq(invitations.id, invitation.id)));
    await recordAudit(tx, acceptanceCtx(db, row, user, input.ip), {
      action: 'invitation.accept',
      objectType: 'invitation',
      objectId: invitation.id,
      details: { email: invitation.email, role: existing ? existing.role : invitation.role, newAccount: false, alreadyMember: Boolean(existing) },
    });
    return { orgId: invitation.orgId };
  });
}
