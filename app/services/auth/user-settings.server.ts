import { eq } from 'drizzle-orm';
import type { Database } from '#db/client';
import { users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import type { Locale } from '#app/i18n/index';

/** A person's own language. */
export async function updateUserLocale(db: Database, userId: string, locale: Locale): Promise<void> {
  // Platform work: a user is global (shared by all their orgs) and the tenant role may not update users.
  await unsafeWithoutTenant(db, (tx) => tx.update(users).set({ locale }).where(eq(users.id, userId)));
}
