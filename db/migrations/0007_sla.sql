CREATE TABLE "earn_back_entries" (
	"client_org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"sla_key" text NOT NULL,
	"credit_month" text NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"contract_sla_id" uuid NOT NULL,
	"kpi" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"earn_back_months" integer NOT NULL,
	"window_months" jsonb NOT NULL,
	"met_months" integer NOT NULL,
	"fate" text NOT NULL,
	"decided_month" text,
	"returned_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "earn_back_entries_client_org_id_contract_id_sla_key_credit_month_pk" PRIMARY KEY("client_org_id","contract_id","sla_key","credit_month")
);
--> statement-breakpoint
ALTER TABLE "earn_back_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "month_closes" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"month" text NOT NULL,
	"closed_by" uuid,
	"closed_by_label" text NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"inputs" jsonb NOT NULL,
	"reopened_by" uuid,
	"reopened_by_label" text,
	"reopened_at" timestamp with time zone,
	"reopen_reason" text,
	CONSTRAINT "month_closes_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "month_closes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "service_credits" (
	"client_org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"month" text NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"contract_version_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"minor_digits" integer NOT NULL,
	"invoice_basis_minor" bigint NOT NULL,
	"basis_details" jsonb NOT NULL,
	"at_risk_bp" integer NOT NULL,
	"pool_bp" integer NOT NULL,
	"at_risk_minor" bigint NOT NULL,
	"uncapped_total_minor" bigint NOT NULL,
	"cap_reduction_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"is_capped" boolean NOT NULL,
	"lines" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_frozen" boolean DEFAULT false NOT NULL,
	"month_close_id" uuid,
	CONSTRAINT "service_credits_client_org_id_contract_id_month_pk" PRIMARY KEY("client_org_id","contract_id","month")
);
--> statement-breakpoint
ALTER TABLE "service_credits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sla_results" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"contract_version_id" uuid NOT NULL,
	"contract_sla_id" uuid NOT NULL,
	"sla_key" text NOT NULL,
	"month" text NOT NULL,
	"grain" text NOT NULL,
	"period_key" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"unit_id" uuid,
	"queue_id" uuid,
	"channel" text,
	"kpi" text NOT NULL,
	"comparator" text NOT NULL,
	"target" numeric(18, 6) NOT NULL,
	"value" double precision,
	"numerator" double precision DEFAULT 0 NOT NULL,
	"denominator" double precision DEFAULT 0 NOT NULL,
	"volume" double precision DEFAULT 0 NOT NULL,
	"minimum_volume" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"warnings" text[] DEFAULT '{}'::text[] NOT NULL,
	"expected_intervals" integer DEFAULT 0 NOT NULL,
	"received_intervals" integer DEFAULT 0 NOT NULL,
	"excluded_rows" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_frozen" boolean DEFAULT false NOT NULL,
	"month_close_id" uuid,
	CONSTRAINT "sla_results_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "sla_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "dispute_events" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_org_id" uuid NOT NULL,
	"actor_label" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispute_events_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "dispute_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "disputes" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"queue_id" uuid,
	"channel" text,
	"sla_result_id" uuid,
	"span_start" timestamp with time zone NOT NULL,
	"span_end" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_by" uuid,
	"raised_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	CONSTRAINT "disputes_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "disputes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"response_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "earn_back_entries" ADD CONSTRAINT "earn_back_entries_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_closes" ADD CONSTRAINT "month_closes_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_credits" ADD CONSTRAINT "service_credits_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_results" ADD CONSTRAINT "sla_results_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_events" ADD CONSTRAINT "dispute_events_dispute_fk" FOREIGN KEY ("client_org_id","dispute_id") REFERENCES "public"."disputes"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_unit_fk" FOREIGN KEY ("client_org_id","unit_id","vendor_org_id") REFERENCES "public"."delivery_units"("client_org_id","id","vendor_org_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_fk" FOREIGN KEY ("org_id","endpoint_id") REFERENCES "public"."webhook_endpoints"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "earn_back_entries_vendor_idx" ON "earn_back_entries" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "month_closes_in_force_key" ON "month_closes" USING btree ("client_org_id","contract_id","month") WHERE "month_closes"."reopened_at" is null;--> statement-breakpoint
CREATE INDEX "month_closes_vendor_idx" ON "month_closes" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "service_credits_vendor_idx" ON "service_credits" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_results_period_key" ON "sla_results" USING btree ("client_org_id","contract_id","contract_sla_id","grain","period_key");--> statement-breakpoint
CREATE INDEX "sla_results_month_idx" ON "sla_results" USING btree ("client_org_id","contract_id","month");--> statement-breakpoint
CREATE INDEX "sla_results_vendor_idx" ON "sla_results" USING btree ("vendor_org_id","month");--> statement-breakpoint
CREATE INDEX "dispute_events_dispute_idx" ON "dispute_events" USING btree ("client_org_id","dispute_id","created_at");--> statement-breakpoint
CREATE INDEX "dispute_events_vendor_idx" ON "dispute_events" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "disputes_contract_idx" ON "disputes" USING btree ("client_org_id","contract_id","status");--> statement-breakpoint
CREATE INDEX "disputes_vendor_idx" ON "disputes" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE POLICY "earn_back_entries_client_all" ON "earn_back_entries" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("earn_back_entries"."client_org_id" = app_current_org()) WITH CHECK ("earn_back_entries"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "earn_back_entries_vendor_read" ON "earn_back_entries" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("earn_back_entries"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "month_closes_client_all" ON "month_closes" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("month_closes"."client_org_id" = app_current_org()) WITH CHECK ("month_closes"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "month_closes_vendor_read" ON "month_closes" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("month_closes"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "service_credits_client_all" ON "service_credits" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("service_credits"."client_org_id" = app_current_org()) WITH CHECK ("service_credits"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "service_credits_vendor_read" ON "service_credits" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("service_credits"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "sla_results_client_all" ON "sla_results" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("sla_results"."client_org_id" = app_current_org()) WITH CHECK ("sla_results"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "sla_results_vendor_read" ON "sla_results" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("sla_results"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "dispute_events_client_all" ON "dispute_events" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("dispute_events"."client_org_id" = app_current_org()) WITH CHECK ("dispute_events"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "dispute_events_vendor_read" ON "dispute_events" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("dispute_events"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "dispute_events_vendor_insert" ON "dispute_events" AS PERMISSIVE FOR INSERT TO "outpost_app" WITH CHECK ("dispute_events"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "disputes_client_all" ON "disputes" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("disputes"."client_org_id" = app_current_org()) WITH CHECK ("disputes"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "disputes_vendor_read" ON "disputes" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("disputes"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "disputes_vendor_insert" ON "disputes" AS PERMISSIVE FOR INSERT TO "outpost_app" WITH CHECK ("disputes"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "webhook_deliveries_org_isolation" ON "webhook_deliveries" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("webhook_deliveries"."org_id" = app_current_org()) WITH CHECK ("webhook_deliveries"."org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "webhook_endpoints_org_isolation" ON "webhook_endpoints" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("webhook_endpoints"."org_id" = app_current_org()) WITH CHECK ("webhook_endpoints"."org_id" = app_current_org());