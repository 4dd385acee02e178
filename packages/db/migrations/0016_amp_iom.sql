CREATE TABLE "amp_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_sek" integer NOT NULL,
	"on_date" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amp_claims_amount" CHECK ("amp_claims"."amount_sek" > 0)
);
--> statement-breakpoint
CREATE TABLE "amp_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"side" text NOT NULL,
	"body_enc" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amp_messages_kind" CHECK ("amp_messages"."kind" in ('message','info-request','answer','refusal','closing')),
	CONSTRAINT "amp_messages_side" CHECK ("amp_messages"."side" in ('coordinator','iom'))
);
--> statement-breakpoint
ALTER TABLE "referral_followups" ADD COLUMN "side" text DEFAULT 'coordinator' NOT NULL;--> statement-breakpoint
ALTER TABLE "amp_claims" ADD CONSTRAINT "amp_claims_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amp_claims" ADD CONSTRAINT "amp_claims_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amp_claims" ADD CONSTRAINT "amp_claims_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amp_messages" ADD CONSTRAINT "amp_messages_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amp_messages" ADD CONSTRAINT "amp_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amp_messages" ADD CONSTRAINT "amp_messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "amp_claims_referral" ON "amp_claims" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "amp_messages_referral" ON "amp_messages" USING btree ("referral_id");