-- outpost_harden(), redefined: it used to grant full DML on every RLS table each time it ran, which
-- silently undid the narrower grants of earlier migrations (append-only audit log, orgs created only by
-- the platform). Now it grants only tables the tenant role has no privilege on yet, i.e. new tables.
CREATE OR REPLACE FUNCTION outpost_harden() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  t record;
BEGIN
  EXECUTE 'GRANT USAGE ON SCHEMA public TO outpost_app';
  EXECUTE 'GRANT EXECUTE ON FUNCTION app_current_org() TO outpost_app';
  FOR t IN
    SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity
  LOOP
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t.relname);
    IF NOT has_table_privilege('outpost_app', t.oid, 'SELECT') THEN
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO outpost_app', t.relname);
    END IF;
  END LOOP;
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO outpost_app';
END
$$;
--> statement-breakpoint
-- FORCE row-level security on the new tables and grant the tenant role on them.
SELECT outpost_harden();
--> statement-breakpoint
-- Contract terms are history: a change is a new version, never an edit. Internal targets likewise.
REVOKE UPDATE, DELETE ON contract_versions, rate_card_lines, contract_slas, unit_targets FROM outpost_app;
--> statement-breakpoint
REVOKE UPDATE ON contract_units FROM outpost_app;
