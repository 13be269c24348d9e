import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { outboxEmails } from '../../../db/schema/index';

/** The newest mail to `to` (read as the superuser, past row-level security) and the token of its link. */
export async function latestMailTo(db: Database, to: string, linkPath: '/reset-password/' | '/invitations/') {
  const [mail] = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, to)).orderBy(desc(outboxEmails.createdAt)).limit(1);
  if (!mail) throw new Error(`no mail to ${to}`);
  const match = new RegExp(`https?://[^\\s]+${linkPath}([A-Za-z0-9_-]+)`).exec(mail.bodyText);
  if (!match?.[1]) throw new Error(`no ${linkPath} link in the mail to ${to}`);
  return { mail, link: match[0], token: match[1] };
}
