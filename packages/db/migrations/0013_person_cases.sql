CREATE TABLE "case_group_members" (
	"group_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_group_members_group_id_case_id_pk" PRIMARY KEY("group_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "case_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" text NOT NULL,
	"name_enc" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_name_index" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"kid" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "person_name_index_person_id_kind_hash_pk" PRIMARY KEY("person_id","kind","hash"),
	CONSTRAINT "person_name_index_kind" CHECK ("person_name_index"."kind" in ('full','token'))
);
--> statement-breakpoint
ALTER TABLE "persons" DROP CONSTRAINT "persons_case_id_unique";--> statement-breakpoint
ALTER TABLE "persons" DROP CONSTRAINT "persons_case_id_cases_id_fk";
--> statement-breakpoint
DROP INDEX "persons_case_age";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "person_id" uuid;--> statement-breakpoint
-- By hand: every existing individual case keeps its person, now referenced from the case.
UPDATE "cases" SET "person_id" = "persons"."id" FROM "persons" WHERE "persons"."case_id" = "cases"."id";--> statement-breakpoint
ALTER TABLE "case_group_members" ADD CONSTRAINT "case_group_members_group_id_case_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."case_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_group_members" ADD CONSTRAINT "case_group_members_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_group_members" ADD CONSTRAINT "case_group_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_groups" ADD CONSTRAINT "case_groups_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_groups" ADD CONSTRAINT "case_groups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_name_index" ADD CONSTRAINT "person_name_index_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_group_members_case" ON "case_group_members" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "person_name_index_hash" ON "person_name_index" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "person_name_index_kid" ON "person_name_index" USING btree ("kid");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_person" ON "cases" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "persons_id_age" ON "persons" USING btree ("id","age_group");--> statement-breakpoint
ALTER TABLE "persons" DROP COLUMN "case_id";--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_person" CHECK (("cases"."kind" = 'individual') = ("cases"."person_id" is not null));