SELECT outpost_harden();
--> statement-breakpoint
-- The audit log is append-only for tenants.
REVOKE UPDATE, DELETE ON audit_events FROM outpost_app;
--> statement-breakpoint
-- Tenants read their own org's row and may rename it; creating and deleting orgs is platform work.
REVOKE INSERT, DELETE ON orgs FROM outpost_app;
