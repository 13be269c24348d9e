/**
 * Tells the other side of a vendor invoice what happened: the client's finance people when the vendor
 * submits, the vendor's admins when finance decides (an in-app notification, deduplicated, and an
 * outbox e-mail). The tenant role may not write another org's notifications, so this is a platform
 * step run after the change has committed; a failure here never undoes the submission or decision.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '#db/client';
import { memberships, notifications, users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { logger } from '#app/lib/logger.server';
import { enqueueEmail } from '../mail.server';
import type { VendorInvoiceDto } from './vendor-invoices-read.server';

const RECIPIENT_ROLES = { submitted: ['owner', 'finance'], decided: ['vendor_admin'] } as const;

export async function notifyVendorInvoice(db: Database, invoice: VendorInvoiceDto, step: 'submitted' | 'decided'): Promise<void> {
  const orgId = step === 'submitted' ? invoice.clientOrgId : invoice.vendorOrgId;
  const params = { invoiceNumber: invoice.invoiceNumber, contractName: invoice.contractName, month: invoice.month, status: invoice.status };
  const link = `/app/vendor-invoices/${invoice.id}`;
  try {
    // Platform step: writes a notification and an e-mail into the other org.
    await unsafeWithoutTenant(db, async (tx) => {
      const inserted = await tx
        .insert(notifications)
        .values({
          clientOrgId: invoice.clientOrgId,
          orgId,
          kind: step === 'submitted' ? 'vendor_invoice_submitted' : 'vendor_invoice_decided',
          messageKey: step === 'submitted' ? 'reconciliation.notification.submitted' : 'reconciliation.notification.decided',
          params,
          link,
          dedupeKey: `vendor_invoice_${step}:${invoice.id}`,
        })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      if (!inserted.length) return;
      const people = await tx
        .select({ email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, [...RECIPIENT_ROLES[step]])));
      if (!people.length) return;
      const subject =
        step === 'submitted'
          ? `Vendor invoice ${invoice.invoiceNumber} submitted: ${invoice.contractName}, ${invoice.month}`
          : `Your invoice ${invoice.invoiceNumber} (${invoice.contractName}, ${invoice.month}) was ${invoice.status.replace(/_/g, ' ')}`;
      const text = step === 'decided' && invoice.decisionMessage ? `${subject}.\n\n${invoice.decisionMessage}\n\n${link}\n` : `${subject}.\n\n${link}\n`;
      await enqueueEmail(tx, { orgId, to: people.map((p) => p.email).join(', '), subject, text });
    });
  } catch (error) {
    logger.warn({ err: error, vendorInvoiceId: invoice.id, step }, 'vendor invoice notification failed');
  }
}
