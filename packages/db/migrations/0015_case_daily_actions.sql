CREATE TABLE "case_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from_region_id" text NOT NULL,
	"to_region_id" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "case_transfers_state" CHECK ("case_transfers"."state" in ('pending','accepted','declined','withdrawn')),
	CONSTRAINT "case_transfers_decided" CHECK (("case_transfers"."state" = 'pending') = ("case_transfers"."decided_at" is null))
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "contact_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "contact_minutes" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "taken_by" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "converted_on" date;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "social_services_code" char(4);--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "guardian_appointed" boolean;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_from_region_id_regions_id_fk" FOREIGN KEY ("from_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_to_region_id_regions_id_fk" FOREIGN KEY ("to_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transfers" ADD CONSTRAINT "case_transfers_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_transfers_one_pending" ON "case_transfers" USING btree ("case_id") WHERE "case_transfers"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "case_transfers_incoming" ON "case_transfers" USING btree ("to_region_id") WHERE "case_transfers"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "case_transfers_outgoing" ON "case_transfers" USING btree ("from_region_id") WHERE "case_transfers"."state" = 'pending';--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_taken_by_users_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_social_services_code_municipalities_code_fk" FOREIGN KEY ("social_services_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;