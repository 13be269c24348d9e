-- The tenant role: requests run as it (SET LOCAL ROLE inside withTenant). It owns nothing, cannot log in
-- and cannot bypass row-level security. Roles are cluster-wide on a server, so create it only once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'outpost_app') THEN
    CREATE ROLE outpost_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
-- On PostgreSQL 15 a role's creator is not a member of it: without this, SET ROLE fails for a
-- non-superuser migration user.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'outpost_app', 'MEMBER') THEN
    EXECUTE format('GRANT outpost_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
-- The acting org of the current transaction. Once a custom setting was set on a connection,
-- current_setting(..., true) returns '' rather than NULL, hence the nullif.
CREATE OR REPLACE FUNCTION app_current_org() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
--> statement-breakpoint
-- Called at the end of every migration that adds tables: each table with row-level security gets it
-- FORCED (so the owner is subject too) and the tenant role gets DML on it. Tables without RLS get no
-- grant at all, so a tenant transaction cannot touch them.
CREATE OR REPLACE FUNCTION outpost_harden() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  t record;
BEGIN
  EXECUTE 'GRANT USAGE ON SCHEMA public TO outpost_app';
  EXECUTE 'GRANT EXECUTE ON FUNCTION app_current_org() TO outpost_app';
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity
  LOOP
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO outpost_app', t.relname);
  END LOOP;
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO outpost_app';
END
$$;
