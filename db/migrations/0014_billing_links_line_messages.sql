-- Billing: the adjustment an "accept with adjustment" decision writes names its vendor invoice (billing_adjustments.vendor_invoice_id),
-- so the reconciliation matches it; invoice lines keep their English description and add a message key and raw params,
-- rendered in the reader's language. No policy changes: the new columns fall under the tables' existing policies.
ALTER TABLE "billing_adjustments" ADD COLUMN "vendor_invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "description_key" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "description_params" jsonb;--> statement-breakpoint
ALTER TABLE "billing_adjustments" ADD CONSTRAINT "billing_adjustments_vendor_invoice_fk" FOREIGN KEY ("client_org_id","vendor_invoice_id") REFERENCES "public"."vendor_invoices"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_adjustments_vendor_invoice_key" ON "billing_adjustments" USING btree ("client_org_id","vendor_invoice_id");