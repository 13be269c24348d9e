CREATE TABLE "interval_unit_daily_rollups" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"day" date NOT NULL,
	"rollup_count" integer NOT NULL,
	"offered" bigint,
	"handled" bigint,
	"answered_within_threshold" bigint,
	"abandoned" bigint,
	"short_abandoned" bigint,
	"abandoned_within_threshold" bigint,
	"transferred" bigint,
	"fcr_eligible" bigint,
	"fcr_resolved" bigint,
	"csat_responses" bigint,
	"csat_satisfied" bigint,
	"nps_responses" bigint,
	"nps_promoters" bigint,
	"nps_detractors" bigint,
	"qa_evaluations" bigint,
	"ivr_entered" bigint,
	"ivr_contained" bigint,
	"wait_s" numeric(18, 3),
	"talk_s" numeric(18, 3),
	"hold_s" numeric(18, 3),
	"wrap_s" numeric(18, 3),
	"qa_points" numeric(18, 3),
	"staffed_s" numeric(18, 3),
	"scheduled_s" numeric(18, 3),
	"adherent_s" numeric(18, 3),
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interval_unit_daily_rollups_client_org_id_unit_id_day_pk" PRIMARY KEY("client_org_id","unit_id","day")
);
--> statement-breakpoint
ALTER TABLE "interval_unit_daily_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "interval_unit_daily_rollups_vendor_idx" ON "interval_unit_daily_rollups" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE POLICY "interval_unit_daily_rollups_client_all" ON "interval_unit_daily_rollups" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("interval_unit_daily_rollups"."client_org_id" = (select app_current_org())) WITH CHECK ("interval_unit_daily_rollups"."client_org_id" = (select app_current_org()));--> statement-breakpoint
CREATE POLICY "interval_unit_daily_rollups_vendor_all" ON "interval_unit_daily_rollups" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("interval_unit_daily_rollups"."vendor_org_id" = (select app_current_org())) WITH CHECK ("interval_unit_daily_rollups"."vendor_org_id" = (select app_current_org()));