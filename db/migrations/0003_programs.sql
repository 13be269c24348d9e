CREATE TABLE "program_sourcing" (
	"client_org_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"assessment" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "program_sourcing_client_org_id_program_id_pk" PRIMARY KEY("client_org_id","program_id")
);
--> statement-breakpoint
ALTER TABLE "program_sourcing" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "programs" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"line_of_business" text NOT NULL,
	"description" text,
	"channels" text[] NOT NULL,
	"time_zone" text NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"hours_of_operation" jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "programs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "delivery_units" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"vendor_org_id" uuid,
	"name" text NOT NULL,
	"site" text,
	"volume_share_bp" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_units_client_org_id_id_pk" PRIMARY KEY("client_org_id","id"),
	CONSTRAINT "delivery_units_vendor_key" UNIQUE("client_org_id","id","vendor_org_id"),
	CONSTRAINT "delivery_units_in_house_has_no_vendor" CHECK ("delivery_units"."kind" = 'vendor' or "delivery_units"."vendor_org_id" is null),
	CONSTRAINT "delivery_units_volume_share_range" CHECK ("delivery_units"."volume_share_bp" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "delivery_units" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "queues" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "queues_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "queues" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "unit_targets" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"position" integer NOT NULL,
	"kpi" text NOT NULL,
	"comparator" text NOT NULL,
	"target" numeric(18, 6) NOT NULL,
	"period" text DEFAULT 'month' NOT NULL,
	"scope_unit_id" uuid,
	"scope_queue_id" uuid,
	"scope_channel" text,
	"minimum_volume" integer DEFAULT 0 NOT NULL,
	"missing_feed" text DEFAULT 'missed' NOT NULL,
	"sl_variant" text,
	"threshold_s" integer,
	"short_abandon_s" integer,
	"is_critical" boolean DEFAULT false NOT NULL,
	"allocation_bp" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_targets_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "unit_targets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vendor_unit_invitations" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"email" text NOT NULL,
	"vendor_name" text,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by_user_id" uuid,
	"accepted_vendor_org_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_unit_invitations_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "vendor_unit_invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contract_slas" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_version_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kpi" text NOT NULL,
	"comparator" text NOT NULL,
	"target" numeric(18, 6) NOT NULL,
	"period" text DEFAULT 'month' NOT NULL,
	"scope_unit_id" uuid,
	"scope_queue_id" uuid,
	"scope_channel" text,
	"minimum_volume" integer DEFAULT 0 NOT NULL,
	"missing_feed" text DEFAULT 'missed' NOT NULL,
	"sl_variant" text,
	"threshold_s" integer,
	"short_abandon_s" integer,
	"is_critical" boolean DEFAULT false NOT NULL,
	"allocation_bp" integer,
	CONSTRAINT "contract_slas_client_org_id_id_pk" PRIMARY KEY("client_org_id","id"),
	CONSTRAINT "contract_slas_allocation" CHECK (("contract_slas"."is_critical" and "contract_slas"."allocation_bp" > 0) or (not "contract_slas"."is_critical" and "contract_slas"."allocation_bp" is null))
);
--> statement-breakpoint
ALTER TABLE "contract_slas" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contract_units" (
	"client_org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	CONSTRAINT "contract_units_client_org_id_contract_id_unit_id_pk" PRIMARY KEY("client_org_id","contract_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "contract_units" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contract_versions" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"version_no" integer NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"reason" text NOT NULL,
	"currency" text NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"minimum_monthly_commitment" numeric(18, 4),
	"at_risk_bp" integer NOT NULL,
	"pool_bp" integer NOT NULL,
	"earn_back_months" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_versions_client_org_id_id_pk" PRIMARY KEY("client_org_id","id"),
	CONSTRAINT "contract_versions_vendor_key" UNIQUE("client_org_id","id","vendor_org_id"),
	CONSTRAINT "contract_versions_dates" CHECK ("contract_versions"."effective_to" is null or "contract_versions"."effective_to" >= "contract_versions"."effective_from"),
	CONSTRAINT "contract_versions_percentages" CHECK ("contract_versions"."tax_rate_bp" between 0 and 10000 and "contract_versions"."at_risk_bp" between 0 and 10000 and "contract_versions"."pool_bp" >= 0)
);
--> statement-breakpoint
ALTER TABLE "contract_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contracts" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_client_org_id_id_pk" PRIMARY KEY("client_org_id","id"),
	CONSTRAINT "contracts_vendor_key" UNIQUE("client_org_id","id","vendor_org_id")
);
--> statement-breakpoint
ALTER TABLE "contracts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rate_card_lines" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_version_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"pricing_model" text NOT NULL,
	"description" text,
	"channel" text,
	"queue_id" uuid,
	"rate" numeric(18, 4),
	"tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "rate_card_lines_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "rate_card_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "program_sourcing" ADD CONSTRAINT "program_sourcing_program_fk" FOREIGN KEY ("client_org_id","program_id") REFERENCES "public"."programs"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_client_org_id_orgs_id_fk" FOREIGN KEY ("client_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_units" ADD CONSTRAINT "delivery_units_client_org_id_orgs_id_fk" FOREIGN KEY ("client_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_units" ADD CONSTRAINT "delivery_units_vendor_org_id_orgs_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_units" ADD CONSTRAINT "delivery_units_program_fk" FOREIGN KEY ("client_org_id","program_id") REFERENCES "public"."programs"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queues" ADD CONSTRAINT "queues_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queues" ADD CONSTRAINT "queues_unit_vendor_fk" FOREIGN KEY ("client_org_id","unit_id","vendor_org_id") REFERENCES "public"."delivery_units"("client_org_id","id","vendor_org_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "unit_targets" ADD CONSTRAINT "unit_targets_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_targets" ADD CONSTRAINT "unit_targets_scope_unit_fk" FOREIGN KEY ("client_org_id","scope_unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_targets" ADD CONSTRAINT "unit_targets_scope_queue_fk" FOREIGN KEY ("client_org_id","scope_queue_id") REFERENCES "public"."queues"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_unit_invitations" ADD CONSTRAINT "vendor_unit_invitations_accepted_vendor_org_id_orgs_id_fk" FOREIGN KEY ("accepted_vendor_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_unit_invitations" ADD CONSTRAINT "vendor_unit_invitations_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_slas" ADD CONSTRAINT "contract_slas_version_fk" FOREIGN KEY ("client_org_id","contract_version_id","vendor_org_id") REFERENCES "public"."contract_versions"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_slas" ADD CONSTRAINT "contract_slas_scope_unit_fk" FOREIGN KEY ("client_org_id","scope_unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_slas" ADD CONSTRAINT "contract_slas_scope_queue_fk" FOREIGN KEY ("client_org_id","scope_queue_id") REFERENCES "public"."queues"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_units" ADD CONSTRAINT "contract_units_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_units" ADD CONSTRAINT "contract_units_unit_fk" FOREIGN KEY ("client_org_id","unit_id","vendor_org_id") REFERENCES "public"."delivery_units"("client_org_id","id","vendor_org_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_versions" ADD CONSTRAINT "contract_versions_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_org_id_orgs_id_fk" FOREIGN KEY ("client_org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_vendor_org_id_orgs_id_fk" FOREIGN KEY ("vendor_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_lines" ADD CONSTRAINT "rate_card_lines_version_fk" FOREIGN KEY ("client_org_id","contract_version_id","vendor_org_id") REFERENCES "public"."contract_versions"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_lines" ADD CONSTRAINT "rate_card_lines_queue_fk" FOREIGN KEY ("client_org_id","queue_id") REFERENCES "public"."queues"("client_org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "programs_name_key" ON "programs" USING btree ("client_org_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_units_name_key" ON "delivery_units" USING btree ("client_org_id","program_id",lower("name"));--> statement-breakpoint
CREATE INDEX "delivery_units_vendor_idx" ON "delivery_units" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "queues_name_key" ON "queues" USING btree ("client_org_id","unit_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "unit_targets_position_key" ON "unit_targets" USING btree ("client_org_id","unit_id","effective_from","position");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_unit_invitations_token_key" ON "vendor_unit_invitations" USING btree ("client_org_id","token_hash");--> statement-breakpoint
CREATE INDEX "vendor_unit_invitations_token_idx" ON "vendor_unit_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_slas_position_key" ON "contract_slas" USING btree ("client_org_id","contract_version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_versions_no_key" ON "contract_versions" USING btree ("client_org_id","contract_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_versions_from_key" ON "contract_versions" USING btree ("client_org_id","contract_id","effective_from");--> statement-breakpoint
CREATE INDEX "contract_versions_vendor_idx" ON "contract_versions" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_name_key" ON "contracts" USING btree ("client_org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "contracts_vendor_idx" ON "contracts" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rate_card_lines_position_key" ON "rate_card_lines" USING btree ("client_org_id","contract_version_id","position");--> statement-breakpoint
CREATE POLICY "orgs_linked_by_units" ON "orgs" AS PERMISSIVE FOR SELECT TO "outpost_app" USING (exists (select 1 from delivery_units u where (u.client_org_id = app_current_org() and u.vendor_org_id = "orgs"."id") or (u.vendor_org_id = app_current_org() and u.client_org_id = "orgs"."id")));--> statement-breakpoint
CREATE POLICY "program_sourcing_client_all" ON "program_sourcing" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("program_sourcing"."client_org_id" = app_current_org()) WITH CHECK ("program_sourcing"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "programs_client_all" ON "programs" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("programs"."client_org_id" = app_current_org()) WITH CHECK ("programs"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "programs_vendor_read" ON "programs" AS PERMISSIVE FOR SELECT TO "outpost_app" USING (exists (select 1 from delivery_units u where u.client_org_id = "programs"."client_org_id" and u.program_id = "programs"."id" and u.vendor_org_id = app_current_org()));--> statement-breakpoint
CREATE POLICY "delivery_units_client_all" ON "delivery_units" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("delivery_units"."client_org_id" = app_current_org()) WITH CHECK ("delivery_units"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "delivery_units_vendor_read" ON "delivery_units" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("delivery_units"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "queues_client_all" ON "queues" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("queues"."client_org_id" = app_current_org()) WITH CHECK ("queues"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "queues_vendor_read" ON "queues" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("queues"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "unit_targets_client_all" ON "unit_targets" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("unit_targets"."client_org_id" = app_current_org()) WITH CHECK ("unit_targets"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_unit_invitations_client_all" ON "vendor_unit_invitations" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("vendor_unit_invitations"."client_org_id" = app_current_org()) WITH CHECK ("vendor_unit_invitations"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_slas_client_all" ON "contract_slas" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contract_slas"."client_org_id" = app_current_org()) WITH CHECK ("contract_slas"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_slas_vendor_read" ON "contract_slas" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("contract_slas"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_units_client_all" ON "contract_units" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contract_units"."client_org_id" = app_current_org()) WITH CHECK ("contract_units"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_units_vendor_read" ON "contract_units" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("contract_units"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_versions_client_all" ON "contract_versions" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contract_versions"."client_org_id" = app_current_org()) WITH CHECK ("contract_versions"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_versions_vendor_read" ON "contract_versions" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("contract_versions"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contracts_client_all" ON "contracts" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contracts"."client_org_id" = app_current_org()) WITH CHECK ("contracts"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contracts_vendor_read" ON "contracts" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("contracts"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "rate_card_lines_client_all" ON "rate_card_lines" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("rate_card_lines"."client_org_id" = app_current_org()) WITH CHECK ("rate_card_lines"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "rate_card_lines_vendor_read" ON "rate_card_lines" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("rate_card_lines"."vendor_org_id" = app_current_org());