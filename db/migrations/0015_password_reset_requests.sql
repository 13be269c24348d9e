-- Password-reset requests, counted per e-mail and per client IP to throttle /forgot-password. A platform table
-- like login_attempts: no row-level security and no grant to outpost_app (outpost_harden() grants only tables
-- with RLS), so a tenant transaction cannot read or write it at all; only the password-reset service does.
CREATE TABLE "password_reset_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "password_reset_requests_email_at_idx" ON "password_reset_requests" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "password_reset_requests_ip_at_idx" ON "password_reset_requests" USING btree ("ip","at");