-- FORCE row-level security on the SLA, dispute and webhook tables and grant the tenant role on them.
SELECT outpost_harden();
--> statement-breakpoint
-- A dispute is decided, never deleted; its trail is append-only.
REVOKE DELETE ON disputes, dispute_events FROM outpost_app;
--> statement-breakpoint
REVOKE UPDATE ON dispute_events FROM outpost_app;
--> statement-breakpoint
-- A close is reopened (kept, with who and why), never deleted.
REVOKE DELETE ON month_closes FROM outpost_app;
--> statement-breakpoint
-- Deliveries are written by the platform worker; an org reads its own delivery log.
REVOKE INSERT, UPDATE, DELETE ON webhook_deliveries FROM outpost_app;
