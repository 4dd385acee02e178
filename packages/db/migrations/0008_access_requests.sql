CREATE TABLE "access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"role" text NOT NULL,
	"region_id" text,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"username" text,
	"valid_days" integer,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"refusal_reason" text,
	CONSTRAINT "access_requests_kind" CHECK ("access_requests"."kind" in ('token','account')),
	CONSTRAINT "access_requests_status" CHECK ("access_requests"."status" in ('pending','approved','refused')),
	CONSTRAINT "access_requests_four_eyes" CHECK ("access_requests"."decided_by" is null or "access_requests"."decided_by" <> "access_requests"."requested_by"),
	CONSTRAINT "access_requests_valid_days" CHECK ("access_requests"."valid_days" is null or "access_requests"."valid_days" between 1 and 365)
);
--> statement-breakpoint
-- By hand: tokens made before expiry and purpose get their name as purpose and 90 days from
-- their creation; those of roles that read case or partner data were issued by one person alone
-- and are revoked (ADR 0010): they are requested again and approved by the national team.
ALTER TABLE "api_tokens" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
UPDATE "api_tokens" SET "purpose" = "name", "expires_at" = "created_at" + interval '90 days';--> statement-breakpoint
UPDATE "api_tokens" SET "revoked_at" = now() WHERE "revoked_at" IS NULL AND "role" IN ('coordinator','national','shelter','iom');--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "purpose" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "enrolment_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "enrolment_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_requests_status" ON "access_requests" USING btree ("status");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_request_id_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."access_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_enrolment_hash_unique" UNIQUE("enrolment_hash");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_expiry" CHECK ("api_tokens"."expires_at" <= "api_tokens"."created_at" + interval '366 days');