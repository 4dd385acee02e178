ALTER TABLE "case_shares" DROP CONSTRAINT "case_shares_case_id_cases_id_fk";
--> statement-breakpoint
DROP INDEX "case_shares_active";--> statement-breakpoint
-- By hand: filled from the cases before it becomes NOT NULL.
ALTER TABLE "case_shares" ADD COLUMN "opened_on" date;--> statement-breakpoint
UPDATE "case_shares" s SET "opened_on" = c."opened_on" FROM "cases" c WHERE c."id" = s."case_id";--> statement-breakpoint
ALTER TABLE "case_shares" ALTER COLUMN "opened_on" SET NOT NULL;--> statement-breakpoint
-- By hand: the key below needs a unique index on (id, opened_on); `cases_id_list` becomes that
-- index, with the same included columns (see migration 0006).
DROP INDEX "cases_id_list";--> statement-breakpoint
CREATE UNIQUE INDEX "cases_id_list" ON "cases" USING btree ("id","opened_on") INCLUDE ("status","ref","kind","step","title","region_id","forms","search");--> statement-breakpoint
ALTER TABLE "case_shares" ADD CONSTRAINT "case_shares_case_opened_fk" FOREIGN KEY ("case_id","opened_on") REFERENCES "public"."cases"("id","opened_on") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "case_shares_active" ON "case_shares" USING btree ("region_id","opened_on","case_id") WHERE "case_shares"."revoked_at" is null;
