-- FORCE row-level security on the cost, billing and subscription tables and grant the tenant role on them.
SELECT outpost_harden();
--> statement-breakpoint
-- A vendor's invoice is decided, never deleted or rewritten by the vendor (policies allow the vendor
-- INSERT and SELECT only; the client SELECT and UPDATE only).
REVOKE DELETE ON vendor_invoices, vendor_invoice_lines FROM outpost_app;
--> statement-breakpoint
REVOKE UPDATE ON vendor_invoice_lines FROM outpost_app;
--> statement-breakpoint
-- The platform's subscription rows are written by checkout and the Stripe webhook, outside any tenant.
REVOKE INSERT, UPDATE, DELETE ON org_subscriptions FROM outpost_app;
--> statement-breakpoint
-- Stripe's event log is platform-only (no RLS): the tenant role has no privilege on it.
REVOKE ALL ON stripe_events FROM outpost_app;
