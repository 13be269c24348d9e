CREATE TABLE "in_house_costs" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"month" text NOT NULL,
	"currency" text NOT NULL,
	"agent_fte" numeric(12, 2) NOT NULL,
	"productive_hours" numeric(14, 2) NOT NULL,
	"loaded_cost_per_fte_minor" bigint NOT NULL,
	"supervision_minor" bigint DEFAULT 0 NOT NULL,
	"facilities_minor" bigint DEFAULT 0 NOT NULL,
	"technology_minor" bigint DEFAULT 0 NOT NULL,
	"telecom_minor" bigint DEFAULT 0 NOT NULL,
	"training_minor" bigint DEFAULT 0 NOT NULL,
	"overhead_minor" bigint DEFAULT 0 NOT NULL,
	"source" text DEFAULT 'form' NOT NULL,
	"updated_by" uuid,
	"updated_by_label" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "in_house_costs_client_org_id_unit_id_month_pk" PRIMARY KEY("client_org_id","unit_id","month"),
	CONSTRAINT "in_house_costs_month" CHECK ("in_house_costs"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "in_house_costs_non_negative" CHECK ("in_house_costs"."agent_fte" >= 0 and "in_house_costs"."productive_hours" >= 0 and "in_house_costs"."loaded_cost_per_fte_minor" >= 0 and "in_house_costs"."supervision_minor" >= 0 and "in_house_costs"."facilities_minor" >= 0 and "in_house_costs"."technology_minor" >= 0 and "in_house_costs"."telecom_minor" >= 0 and "in_house_costs"."training_minor" >= 0 and "in_house_costs"."overhead_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "in_house_costs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "transition_costs" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"description" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"start_month" text NOT NULL,
	"amortisation_months" integer NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transition_costs_client_org_id_id_pk" PRIMARY KEY("client_org_id","id"),
	CONSTRAINT "transition_costs_month" CHECK ("transition_costs"."start_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "transition_costs_positive" CHECK ("transition_costs"."amount_minor" >= 0 and "transition_costs"."amortisation_months" between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "transition_costs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vendor_oversight_costs" (
	"client_org_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"month" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_by_label" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_oversight_costs_client_org_id_unit_id_month_pk" PRIMARY KEY("client_org_id","unit_id","month"),
	CONSTRAINT "vendor_oversight_costs_month" CHECK ("vendor_oversight_costs"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "vendor_oversight_costs_non_negative" CHECK ("vendor_oversight_costs"."amount_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "vendor_oversight_costs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "billing_adjustments" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"corrects_month" text,
	"description" text NOT NULL,
	"reason" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"is_taxable" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_adjustments_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "billing_adjustments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contract_billing_settings" (
	"client_org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"rounding_mode" text DEFAULT 'half_up' NOT NULL,
	"vendor_tax_id" text,
	"gl_account" text,
	"cost_center" text,
	"tolerance_minor" bigint DEFAULT 0 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_billing_settings_client_org_id_contract_id_pk" PRIMARY KEY("client_org_id","contract_id")
);
--> statement-breakpoint
ALTER TABLE "contract_billing_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"client_org_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"line_key" text NOT NULL,
	"description" text NOT NULL,
	"pricing_model" text,
	"channel" text,
	"queue_id" uuid,
	"rate_card_line_id" uuid,
	"quantity" numeric(18, 4) NOT NULL,
	"quantity_unit" text NOT NULL,
	"rate" numeric(18, 6),
	"amount_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"is_taxable" boolean DEFAULT true NOT NULL,
	"source" jsonb NOT NULL,
	CONSTRAINT "invoice_lines_client_org_id_invoice_id_position_pk" PRIMARY KEY("client_org_id","invoice_id","position")
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoices" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"month" text NOT NULL,
	"contract_version_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"minor_digits" integer NOT NULL,
	"rounding_mode" text NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"credits_minor" bigint NOT NULL,
	"adjustments_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"inputs" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_by" uuid,
	"computed_by_label" text NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_by_label" text,
	CONSTRAINT "invoices_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vendor_invoice_lines" (
	"client_org_id" uuid NOT NULL,
	"vendor_invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"line_key" text,
	"description" text NOT NULL,
	"quantity" numeric(18, 4),
	"rate" numeric(18, 6),
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "vendor_invoice_lines_client_org_id_vendor_invoice_id_position_pk" PRIMARY KEY("client_org_id","vendor_invoice_id","position")
);
--> statement-breakpoint
ALTER TABLE "vendor_invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "vendor_invoices" (
	"client_org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vendor_org_id" uuid NOT NULL,
	"month" text NOT NULL,
	"invoice_number" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal_minor" bigint,
	"tax_minor" bigint,
	"total_minor" bigint NOT NULL,
	"pdf_file_name" text,
	"pdf_storage_key" text,
	"pdf_sha256" text,
	"submitted_by" uuid,
	"submitted_by_label" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"decision_message" text,
	"adjustment_minor" bigint,
	"decided_by" uuid,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "vendor_invoices_client_org_id_id_pk" PRIMARY KEY("client_org_id","id")
);
--> statement-breakpoint
ALTER TABLE "vendor_invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "org_subscriptions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"stripe_price_id" text,
	"plan" text DEFAULT 'free' NOT NULL,
	"status" text DEFAULT 'none' NOT NULL,
	"unit_limit" integer,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"last_event_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "org_subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"stripe_created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
ALTER TABLE "in_house_costs" ADD CONSTRAINT "in_house_costs_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transition_costs" ADD CONSTRAINT "transition_costs_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_oversight_costs" ADD CONSTRAINT "vendor_oversight_costs_unit_fk" FOREIGN KEY ("client_org_id","unit_id") REFERENCES "public"."delivery_units"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_adjustments" ADD CONSTRAINT "billing_adjustments_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_billing_settings" ADD CONSTRAINT "contract_billing_settings_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fk" FOREIGN KEY ("client_org_id","invoice_id") REFERENCES "public"."invoices"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice_lines" ADD CONSTRAINT "vendor_invoice_lines_invoice_fk" FOREIGN KEY ("client_org_id","vendor_invoice_id") REFERENCES "public"."vendor_invoices"("client_org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoices" ADD CONSTRAINT "vendor_invoices_contract_fk" FOREIGN KEY ("client_org_id","contract_id","vendor_org_id") REFERENCES "public"."contracts"("client_org_id","id","vendor_org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_subscriptions" ADD CONSTRAINT "org_subscriptions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transition_costs_unit_idx" ON "transition_costs" USING btree ("client_org_id","unit_id");--> statement-breakpoint
CREATE INDEX "billing_adjustments_month_idx" ON "billing_adjustments" USING btree ("client_org_id","contract_id","month");--> statement-breakpoint
CREATE INDEX "billing_adjustments_vendor_idx" ON "billing_adjustments" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "contract_billing_settings_vendor_idx" ON "contract_billing_settings" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "invoice_lines_vendor_idx" ON "invoice_lines" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_contract_month_key" ON "invoices" USING btree ("client_org_id","contract_id","month");--> statement-breakpoint
CREATE INDEX "invoices_month_idx" ON "invoices" USING btree ("client_org_id","month");--> statement-breakpoint
CREATE INDEX "invoices_vendor_idx" ON "invoices" USING btree ("vendor_org_id","month");--> statement-breakpoint
CREATE INDEX "vendor_invoice_lines_vendor_idx" ON "vendor_invoice_lines" USING btree ("vendor_org_id");--> statement-breakpoint
CREATE INDEX "vendor_invoices_month_idx" ON "vendor_invoices" USING btree ("client_org_id","contract_id","month","submitted_at");--> statement-breakpoint
CREATE INDEX "vendor_invoices_vendor_idx" ON "vendor_invoices" USING btree ("vendor_org_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "org_subscriptions_customer_key" ON "org_subscriptions" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE POLICY "in_house_costs_client_all" ON "in_house_costs" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("in_house_costs"."client_org_id" = app_current_org()) WITH CHECK ("in_house_costs"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "transition_costs_client_all" ON "transition_costs" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("transition_costs"."client_org_id" = app_current_org()) WITH CHECK ("transition_costs"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_oversight_costs_client_all" ON "vendor_oversight_costs" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("vendor_oversight_costs"."client_org_id" = app_current_org()) WITH CHECK ("vendor_oversight_costs"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "billing_adjustments_client_all" ON "billing_adjustments" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("billing_adjustments"."client_org_id" = app_current_org()) WITH CHECK ("billing_adjustments"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "billing_adjustments_vendor_read" ON "billing_adjustments" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("billing_adjustments"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "billing_adjustments_locked_insert" ON "billing_adjustments" AS RESTRICTIVE FOR INSERT TO "outpost_app" WITH CHECK (not exists (select 1 from invoices i where i.client_org_id = billing_adjustments.client_org_id and i.contract_id = billing_adjustments.contract_id and i.month = billing_adjustments.month and i.status = 'approved'));--> statement-breakpoint
CREATE POLICY "billing_adjustments_locked_update" ON "billing_adjustments" AS RESTRICTIVE FOR UPDATE TO "outpost_app" USING (not exists (select 1 from invoices i where i.client_org_id = billing_adjustments.client_org_id and i.contract_id = billing_adjustments.contract_id and i.month = billing_adjustments.month and i.status = 'approved')) WITH CHECK (not exists (select 1 from invoices i where i.client_org_id = billing_adjustments.client_org_id and i.contract_id = billing_adjustments.contract_id and i.month = billing_adjustments.month and i.status = 'approved'));--> statement-breakpoint
CREATE POLICY "billing_adjustments_locked_delete" ON "billing_adjustments" AS RESTRICTIVE FOR DELETE TO "outpost_app" USING (not exists (select 1 from invoices i where i.client_org_id = billing_adjustments.client_org_id and i.contract_id = billing_adjustments.contract_id and i.month = billing_adjustments.month and i.status = 'approved'));--> statement-breakpoint
CREATE POLICY "contract_billing_settings_client_all" ON "contract_billing_settings" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("contract_billing_settings"."client_org_id" = app_current_org()) WITH CHECK ("contract_billing_settings"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "contract_billing_settings_vendor_read" ON "contract_billing_settings" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("contract_billing_settings"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "invoice_lines_client_all" ON "invoice_lines" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("invoice_lines"."client_org_id" = app_current_org()) WITH CHECK ("invoice_lines"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "invoice_lines_vendor_read" ON "invoice_lines" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("invoice_lines"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "invoice_lines_locked_insert" ON "invoice_lines" AS RESTRICTIVE FOR INSERT TO "outpost_app" WITH CHECK (exists (select 1 from invoices i where i.client_org_id = invoice_lines.client_org_id and i.id = invoice_lines.invoice_id and i.status = 'draft'));--> statement-breakpoint
CREATE POLICY "invoice_lines_locked_update" ON "invoice_lines" AS RESTRICTIVE FOR UPDATE TO "outpost_app" USING (exists (select 1 from invoices i where i.client_org_id = invoice_lines.client_org_id and i.id = invoice_lines.invoice_id and i.status = 'draft')) WITH CHECK (exists (select 1 from invoices i where i.client_org_id = invoice_lines.client_org_id and i.id = invoice_lines.invoice_id and i.status = 'draft'));--> statement-breakpoint
CREATE POLICY "invoice_lines_locked_delete" ON "invoice_lines" AS RESTRICTIVE FOR DELETE TO "outpost_app" USING (exists (select 1 from invoices i where i.client_org_id = invoice_lines.client_org_id and i.id = invoice_lines.invoice_id and i.status = 'draft'));--> statement-breakpoint
CREATE POLICY "invoices_client_all" ON "invoices" AS PERMISSIVE FOR ALL TO "outpost_app" USING ("invoices"."client_org_id" = app_current_org()) WITH CHECK ("invoices"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "invoices_vendor_read" ON "invoices" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("invoices"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "invoices_locked_update" ON "invoices" AS RESTRICTIVE FOR UPDATE TO "outpost_app" USING ("invoices"."status" = 'draft') WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "invoices_locked_delete" ON "invoices" AS RESTRICTIVE FOR DELETE TO "outpost_app" USING ("invoices"."status" = 'draft');--> statement-breakpoint
CREATE POLICY "vendor_invoice_lines_client_read" ON "vendor_invoice_lines" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("vendor_invoice_lines"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_invoice_lines_vendor_read" ON "vendor_invoice_lines" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("vendor_invoice_lines"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_invoice_lines_vendor_submit" ON "vendor_invoice_lines" AS PERMISSIVE FOR INSERT TO "outpost_app" WITH CHECK ("vendor_invoice_lines"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_invoices_client_read" ON "vendor_invoices" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("vendor_invoices"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_invoices_client_decide" ON "vendor_invoices" AS PERMISSIVE FOR UPDATE TO "outpost_app" USING ("vendor_invoices"."client_org_id" = app_current_org()) WITH CHECK ("vendor_invoices"."client_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_invoices_vendor_read" ON "vendor_invoices" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("vendor_invoices"."vendor_org_id" = app_current_org());--> statement-breakpoint
CREATE POLICY "vendor_invoices_vendor_submit" ON "vendor_invoices" AS PERMISSIVE FOR INSERT TO "outpost_app" WITH CHECK ("vendor_invoices"."vendor_org_id" = app_current_org() and "vendor_invoices"."status" = 'submitted');--> statement-breakpoint
CREATE POLICY "org_subscriptions_self_read" ON "org_subscriptions" AS PERMISSIVE FOR SELECT TO "outpost_app" USING ("org_subscriptions"."org_id" = app_current_org());