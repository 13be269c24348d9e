import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database, Tx } from '#db/client';
import { outboxEmails } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { getEnv } from '#app/lib/env.server';
import { logger } from '#app/lib/logger.server';
import { assertCan, inTenant, type ServiceCtx } from './context';

export interface OutgoingEmail {
  /** The org that causes the mail (it sees it in its outbox); null for platform mail such as resets. */
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
}

/** The part of a nodemailer transport the mailer uses; tests pass a fake. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

/** Writes the mail in the caller's transaction, so it exists exactly when the change causing it commits. */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<string> {
  const [id] = await enqueueEmails(tx, [email]);
  if (!id) throw new Error('insert returned nothing');
  return id;
}

/** Many mails in one statement per thousand (e.g. the alerts of a month close); returns their ids. */
export async function enqueueEmails(tx: Tx, emails: OutgoingEmail[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < emails.length; i += 1000) {
    const rows = await tx
      .insert(outboxEmails)
      .values(emails.slice(i, i + 1000).map((email) => ({ orgId: email.orgId, toAddress: email.to, subject: email.subject, bodyText: email.text })))
      .returning({ id: outboxEmails.id });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** The base of links in e-mails: APP_URL when configured, else the origin the request came to. */
export function publicBaseUrl(requestOrigin: string): string {
  return (getEnv().APP_URL ?? requestOrigin).replace(/\/+$/, '');
}

let smtpTransport: { url: string; transport: MailTransport } | undefined;
function configuredTransport(): MailTransport | undefined {
  const url = getEnv().SMTP_URL;
  if (!url) return undefined;
  if (smtpTransport?.url !== url) smtpTransport = { url, transport: nodemailer.createTransport(url) };
  return smtpTransport.transport;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Without SMTP the mail is only logged and stays pending, for the outbox page. */
  logged: number;
}

/**
 * Sends unsent mail. Rows are claimed with FOR UPDATE SKIP LOCKED, so two mailers running at once never
 * send the same message twice. Without a transport the given rows are logged and left pending.
 */
export async function deliverPendingEmails(
  db: Database,
  options: { ids?: string[]; transport?: MailTransport; limit?: number } = {},
): Promise<DeliveryResult> {
  const transport = options.transport ?? configuredTransport();
  const result: DeliveryResult = { sent: 0, failed: 0, logged: 0 };
  if (options.ids?.length === 0) return result;
  const pending = options.ids ? and(isNull(outboxEmails.sentAt), inArray(outboxEmails.id, options.ids)) : isNull(outboxEmails.sentAt);
  // Platform mailer: it delivers every org's mail and the org-less platform mail.
  await unsafeWithoutTenant(db, async (tx) => {
    if (!transport) {
      const rows = await tx.select().from(outboxEmails).where(pending).limit(options.limit ?? 50);
      for (const row of rows) {
        logger.info({ outboxId: row.id, to: row.toAddress, subject: row.subject, body: row.bodyText }, 'mail not sent (no SMTP_URL): kept in the outbox');
      }
      result.logged = rows.length;
      return;
    }
    const rows = await tx
      .select()
      .from(outboxEmails)
      .where(pending)
      .orderBy(outboxEmails.createdAt)
      .limit(options.limit ?? 50)
      .for('update', { skipLocked: true });
    const from = getEnv().MAIL_FROM;
    for (const row of rows) {
      try {
        await transport.sendMail({ from, to: row.toAddress, subject: row.subject, text: row.bodyText });
        await tx.update(outboxEmails).set({ sentAt: new Date(), lastError: null }).where(eq(outboxEmails.id, row.id));
        result.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await tx.update(outboxEmails).set({ lastError: message.slice(0, 1000) }).where(eq(outboxEmails.id, row.id));
        logger.warn({ outboxId: row.id, err: message }, 'mail delivery failed; will retry');
        result.failed += 1;
      }
    }
  });
  return result;
}

const inFlight = new Set<Promise<void>>();

/** Fire-and-forget delivery after a commit: never throws, logs failures. */
export function deliverInBackground(db: Database, ids: string[]): void {
  const delivery = deliverPendingEmails(db, { ids })
    .then(() => undefined)
    .catch((error: unknown) => logger.error({ err: error, ids }, 'mail delivery crashed'))
    .finally(() => inFlight.delete(delivery));
  inFlight.add(delivery);
}

/** Waits for background deliveries (the CLI before it closes the database; tests). */
export async function settleBackgroundDeliveries(): Promise<void> {
  await Promise.all([...inFlight]);
}

export type OutboxStatus = 'sent' | 'pending' | 'error';

export interface OutboxRow {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  status: OutboxStatus;
}

/** The org's own outgoing mail, newest first (row-level security hides every other org's and platform mail). */
export async function listOutbox(ctx: ServiceCtx, limit = 200): Promise<OutboxRow[]> {
  assertCan(ctx, 'read:outbox');
  const rows = await inTenant(ctx, (tx) => tx.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(limit));
  return rows.map((row) => ({
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    body: row.bodyText,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    lastError: row.lastError,
    status: row.sentAt ? 'sent' : row.lastError ? 'error' : 'pending',
  }));
}
