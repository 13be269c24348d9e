-- FORCE row-level security on the feed tables and grant the tenant role on them.
SELECT outpost_harden();
--> statement-breakpoint
-- Nothing of a feed is ever deleted by a tenant: a revision supersedes, the history stays.
REVOKE DELETE ON feed_uploads, feed_upload_issues, interval_facts, contact_records, feed_cross_check_differences FROM outpost_app;
--> statement-breakpoint
-- Notifications are created by the platform job; an org may only read and mark its own.
REVOKE INSERT, DELETE ON notifications FROM outpost_app;
