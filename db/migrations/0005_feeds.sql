CREATE TABLE "contact_records" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"upload_id" uuid NOT NULL,
	"contact_id" text NOT NULL,
	"queue_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"abandoned_at" timestamp with time zone,
	"talk_s" numeric(12, 3) NOT NULL,
	"hold_s" numeric(12, 3) NOT NULL,
	"wrap_s" numeric(12, 3) NOT NULL,
	"transferred" boolean NOT NULL,
	"fcr_resolved" boolean,
	"csat_score" smallint,
	"nps_score" smallint,
	"line" integer,
	"superseded_by_upload_id" uuid,
	CONSTRAINT "contact_records_client_org_id_upload_id_contact_id_pk" PRIMARY KEY("client_org_id","upload_id","contact_id")
);
--> statement-breakpoint
ALTER TABLE "contact_records" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "feed_cross_check_differences" (
	"client_org_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"queue_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"interval_start" timestamp with time zone NOT NULL,
	"component" text NOT NULL,
	"rebuilt" numeric(18, 3) NOT NULL,
	"reported" numeric(18, 3) NOT NULL,
	"difference" numeric(18, 3) NOT NULL,
	CONSTRAINT "feed_cross_check_differences_client_org_id_upload_id_seq_pk" PRIMARY KEY("client_org_id","upload_id","seq")
);
--> statement-breakpoint
ALTER TABLE "feed_cross_check_differences" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "feed_upload_issues" (
	"client_org_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"vendor_org_id" uuid,
	"line" integer,
	"column" text,
	"value" text,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"severity" text DEFAULT 'error' NOT NULL,
	CONSTRAINT "feed_upload_issues_client_org_id_upload_id_seq_pk" PRIMARY KEY("client_org_id","upload_id","seq")
);
--> statement-breakpoint
ALTER TABLE "feed_upload_issues" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "feed_uploads" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"kind" text NOT NULL,
	"template_id" text,
	"mapping" jsonb,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" bigint DEFAULT 0 NOT NULL,
	"sha256" text,
	"storage_key" text,
	"uploaded_by_user_id" uuid,
	"uploaded_by_api_key_id" uuid,
	"uploaded_by_label" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"status" text DEFAULT 'received' NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"revision" integer,
	"idempotency_key" text,
	"error_count" integer DEFAULT 0 NOT NULL,
	"warning_count" integer DEFAULT 0 NOT NULL,
	"threshold_s" integer,
	"expected_threshold_s" integer,
	"is_threshold_mismatch" boolean DEFAULT false NOT NULL,
	"superseded_upload_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"superseded_rows" integer DEFAULT 0 NOT NULL,
	"totals_before" jsonb,
	"totals_after" jsonb,
	"superseded_by_upload_id" uuid,
	"cross_check" jsonb,
	"failure_message" text,
	CONSTRAINT "feed_uploads_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "feed_uploads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "interval_daily_rollups" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"queue_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"interval_count" integer NOT NULL,
	"threshold_s" smallint,
	"is_threshold_mixed" boolean DEFAULT false NOT NULL,
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
	CONSTRAINT "interval_daily_rollups_client_org_id_unit_id_queue_id_channel_day_pk" PRIMARY KEY("client_org_id","unit_id","queue_id","channel","day")
);
--> statement-breakpoint
ALTER TABLE "interval_daily_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "interval_facts" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"upload_id" uuid NOT NULL,
	"source" text NOT NULL,
	"queue_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"interval_start" timestamp with time zone NOT NULL,
	"interval_minutes" smallint NOT NULL,
	"threshold_s" smallint,
	"line" integer,
	"offered" integer,
	"handled" integer,
	"answered_within_threshold" integer,
	"abandoned" integer,
	"short_abandoned" integer,
	"abandoned_within_threshold" integer,
	"transferred" integer,
	"fcr_eligible" integer,
	"fcr_resolved" integer,
	"csat_responses" integer,
	"csat_satisfied" integer,
	"nps_responses" integer,
	"nps_promoters" integer,
	"nps_detractors" integer,
	"qa_evaluations" integer,
	"ivr_entered" integer,
	"ivr_contained" integer,
	"wait_s" numeric(14, 3),
	"talk_s" numeric(14, 3),
	"hold_s" numeric(14, 3),
	"wrap_s" numeric(14, 3),
	"qa_points" numeric(14, 3),
	"staffed_s" numeric(14, 3),
	"scheduled_s" numeric(14, 3),
	"adherent_s" numeric(14, 3),
	"superseded_by_upload_id" uuid,
	CONSTRAINT "interval_facts_client_org_id_upload_id_queue_id_channel_interval_start_pk" PRIMARY KEY("client_org_id","upload_id","queue_id","channel","interval_start")
);
--> statement-breakpoint
ALTER TABLE "interval_facts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notifications" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"message_key" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "unit_feed_settings" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"cadence" text DEFAULT 'daily' NOT NULL,
	"deadline_time" text DEFAULT '10:00' NOT NULL,
	"deadline_days" smallint DEFAULT 1 NOT NULL,
	"authoritative_source" text DEFAULT 'intervals' NOT NULL,
	"tolerance_count" integer DEFAULT 0 NOT NULL,
	"tolerance_seconds" numeric(12, 3) DEFAULT '1' NOT NULL,
	"tolerance_relative_bp" integer DEFAULT 0 NOT NULL,
	"custom_mapping" jsonb,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_feed_settings_client_org_id_unit_id_pk" PRIMARY KEY("client_org_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "unit_feed_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "feed_cross_check_differences" ADD CONSTRAINT "feed_cross_check_upload_fk" FOREIGN KEY ("client_org_id","upload_id") REFERENCES "public"."feed_uploads"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_upload_issues" ADD CONSTRAINT "feed_upload_issues_upload_fk" FOREIGN KEY ("client_org_id","upload_id") REFERENCES "public"."feed_uploads"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_uploads" ADD CONSTRAINT "feed_uploads_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_uploads" ADD CONSTRAINT "feed_uploads_unit_vendor_fk" FOREIGN KEY ("client_org_id","unit_id","vendor_org_id") REFERENCES "public"."delivery_units"("client_org_id","id","vendor_org_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_feed_settings" ADD CONSTRAINT "unit_feed_settings_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_records_unit_idx" ON "contact_records" USING btree ("client_org_id","unit_id","queue_id","queued_at");--> statement-breakpoint
CREATE INDEX "contact_records_vendor_idx" ON "contact_records" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_uploads_idempotency_key" ON "feed_uploads" USING btree ("client_org_id","unit_id","idempotency_key") WHERE "feed_uploads"."idempotency_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_uploads_accepted_checksum_key" ON "feed_uploads" USING btree ("client_org_id","unit_id","sha256") WHERE "feed_uploads"."status" = 'accepted';--> statement-breakpoint
CREATE INDEX "feed_uploads_unit_idx" ON "feed_uploads" USING btree ("client_org_id","unit_id","uploaded_at");--> statement-breakpoint
CREATE INDEX "feed_uploads_vendor_idx" ON "feed_uploads" USING btree ("vendor_org_id","uploaded_at");--> statement-breakpoint
CREATE INDEX "interval_daily_rollups_vendor_idx" ON "interval_daily_rollups" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interval_facts_current_key" ON "interval_facts" USING btree ("client_org_id","unit_id","queue_id","channel","interval_start","source") WHERE "interval_facts"."superseded_by_upload_id" is null;--> statement-breakpoint
CREATE INDEX "interval_facts_vendor_idx" ON "interval_facts" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("client_org_id","org_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE POLICY "contact_records_client_all" ON "contact_records" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contact_records"."client_org_id" = app_current_org()) WITH CHECK ("contact_records"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contact_records_vendor_all" ON "contact_records" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contact_records"."vendor_org_id" = app_current_org()) WITH CHECK ("contact_records"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "feed_cross_check_differences_client_all" ON "feed_cross_check_differences" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("feed_cross_check_differences"."client_org_id" = app_current_org()) WITH CHECK ("feed_cross_check_differences"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "feed_cross_check_differences_vendor_all" ON "feed_cross_check_differences" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("feed_cross_check_differences"."vendor_org_id" = app_current_org()) WITH CHECK ("feed_cross_check_differences"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "feed_upload_issues_client_all" ON "feed_upload_issues" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("feed_upload_issues"."client_org_id" = app_current_org()) WITH CHECK ("feed_upload_issues"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "feed_upload_issues_vendor_all" ON "feed_upload_issues" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("feed_upload_issues"."vendor_org_id" = app_current_org()) WITH CHECK ("feed_upload_issues"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "feed_uploads_client_all" ON "feed_uploads" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("feed_uploads"."client_org_id" = app_current_org()) WITH CHECK ("feed_uploads"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "feed_uploads_vendor_all" ON "feed_uploads" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("feed_uploads"."vendor_org_id" = app_current_org()) WITH CHECK ("feed_uploads"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "interval_daily_rollups_client_all" ON "interval_daily_rollups" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("interval_daily_rollups"."client_org_id" = app_current_org()) WITH CHECK ("interval_daily_rollups"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "interval_daily_rollups_vendor_all" ON "interval_daily_rollups" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("interval_daily_rollups"."vendor_org_id" = app_current_org()) WITH CHECK ("interval_daily_rollups"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "interval_facts_client_all" ON "interval_facts" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("interval_facts"."client_org_id" = app_current_org()) WITH CHECK ("interval_facts"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "interval_facts_vendor_all" ON "interval_facts" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("interval_facts"."vendor_org_id" = app_current_org()) WITH CHECK ("interval_facts"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "notifications_recipient" ON "notifications" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("notifications"."org_id" = app_current_org()) WITH CHECK ("notifications"."org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "unit_feed_settings_client_all" ON "unit_feed_settings" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("unit_feed_settings"."client_org_id" = app_current_org()) WITH CHECK ("unit_feed_settings"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "unit_feed_settings_vendor_read" ON "unit_feed_settings" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("unit_feed_settings"."vendor_org_id" = app_current_org());