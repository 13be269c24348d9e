-- FORCE row-level security on interval_unit_daily_rollups and grant the tenant role on it.
SELECT outpost_harden();
--> statement-breakpoint
-- interval_unit_daily_rollups is derived: the tenant role reads it, and writes it only through the
-- trigger below (which runs as the writer of interval_daily_rollups, under its row-level security).
-- Recomputes, for every (client, unit, day) a statement on interval_daily_rollups touched, the unit's
-- day as the sum of its queue-and-channel rows; a day left with no rows loses its unit row. Transition
-- tables carry the touched keys, so one statement (a merge's refresh, a seeded COPY) costs one pass.
CREATE OR REPLACE FUNCTION outpost_refresh_unit_daily_rollups() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  k_client uuid[];
  k_unit uuid[];
  k_day date[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.client_org_id), array_agg(k.unit_id), array_agg(k.day) INTO k_client, k_unit, k_day
      FROM (SELECT DISTINCT client_org_id, unit_id, day FROM new_rows) k;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(k.client_org_id), array_agg(k.unit_id), array_agg(k.day) INTO k_client, k_unit, k_day
      FROM (SELECT DISTINCT client_org_id, unit_id, day FROM old_rows) k;
  ELSE
    SELECT array_agg(k.client_org_id), array_agg(k.unit_id), array_agg(k.day) INTO k_client, k_unit, k_day
      FROM (SELECT client_org_id, unit_id, day FROM old_rows UNION SELECT client_org_id, unit_id, day FROM new_rows) k;
  END IF;
  IF k_client IS NULL THEN
    RETURN NULL;
  END IF;
  DELETE FROM interval_unit_daily_rollups r
    USING unnest(k_client, k_unit, k_day) AS k(client_org_id, unit_id, day)
    WHERE r.client_org_id = k.client_org_id AND r.unit_id = k.unit_id AND r.day = k.day;
  INSERT INTO interval_unit_daily_rollups (client_org_id, unit_id, vendor_org_id, day, rollup_count, offered, handled, answered_within_threshold, abandoned, short_abandoned, abandoned_within_threshold, transferred, fcr_eligible, fcr_resolved, csat_responses, csat_satisfied, nps_responses, nps_promoters, nps_detractors, qa_evaluations, ivr_entered, ivr_contained, wait_s, talk_s, hold_s, wrap_s, qa_points, staffed_s, scheduled_s, adherent_s)
    SELECT d.client_org_id, d.unit_id, (array_agg(d.vendor_org_id ORDER BY d.refreshed_at DESC))[1], d.day, count(*)::int, sum(d.offered), sum(d.handled), sum(d.answered_within_threshold), sum(d.abandoned), sum(d.short_abandoned), sum(d.abandoned_within_threshold), sum(d.transferred), sum(d.fcr_eligible), sum(d.fcr_resolved), sum(d.csat_responses), sum(d.csat_satisfied), sum(d.nps_responses), sum(d.nps_promoters), sum(d.nps_detractors), sum(d.qa_evaluations), sum(d.ivr_entered), sum(d.ivr_contained), sum(d.wait_s), sum(d.talk_s), sum(d.hold_s), sum(d.wrap_s), sum(d.qa_points), sum(d.staffed_s), sum(d.scheduled_s), sum(d.adherent_s)
    FROM interval_daily_rollups d
    JOIN unnest(k_client, k_unit, k_day) AS k(client_org_id, unit_id, day)
      ON d.client_org_id = k.client_org_id AND d.unit_id = k.unit_id AND d.day = k.day
    GROUP BY d.client_org_id, d.unit_id, d.day;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- One trigger per event: a trigger with transition tables may have only one.
CREATE TRIGGER interval_daily_rollups_unit_insert AFTER INSERT ON interval_daily_rollups
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outpost_refresh_unit_daily_rollups();
--> statement-breakpoint
CREATE TRIGGER interval_daily_rollups_unit_update AFTER UPDATE ON interval_daily_rollups
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outpost_refresh_unit_daily_rollups();
--> statement-breakpoint
CREATE TRIGGER interval_daily_rollups_unit_delete AFTER DELETE ON interval_daily_rollups
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION outpost_refresh_unit_daily_rollups();
--> statement-breakpoint
-- The days already rolled up.
INSERT INTO interval_unit_daily_rollups (client_org_id, unit_id, vendor_org_id, day, rollup_count, offered, handled, answered_within_threshold, abandoned, short_abandoned, abandoned_within_threshold, transferred, fcr_eligible, fcr_resolved, csat_responses, csat_satisfied, nps_responses, nps_promoters, nps_detractors, qa_evaluations, ivr_entered, ivr_contained, wait_s, talk_s, hold_s, wrap_s, qa_points, staffed_s, scheduled_s, adherent_s)
  SELECT d.client_org_id, d.unit_id, (array_agg(d.vendor_org_id ORDER BY d.refreshed_at DESC))[1], d.day, count(*)::int, sum(d.offered), sum(d.handled), sum(d.answered_within_threshold), sum(d.abandoned), sum(d.short_abandoned), sum(d.abandoned_within_threshold), sum(d.transferred), sum(d.fcr_eligible), sum(d.fcr_resolved), sum(d.csat_responses), sum(d.csat_satisfied), sum(d.nps_responses), sum(d.nps_promoters), sum(d.nps_detractors), sum(d.qa_evaluations), sum(d.ivr_entered), sum(d.ivr_contained), sum(d.wait_s), sum(d.talk_s), sum(d.hold_s), sum(d.wrap_s), sum(d.qa_points), sum(d.staffed_s), sum(d.scheduled_s), sum(d.adherent_s)
  FROM interval_daily_rollups d
  GROUP BY d.client_org_id, d.unit_id, d.day;
