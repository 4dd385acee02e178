DROP INDEX "cases_region_status";--> statement-breakpoint
CREATE INDEX "case_shares_active" ON "case_shares" USING btree ("region_id","case_id") WHERE "case_shares"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "case_shares_transfers" ON "case_shares" USING btree ("case_id") WHERE "case_shares"."mode" = 'transfer' and "case_shares"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "persons_case_age" ON "persons" USING btree ("case_id","age_group");--> statement-breakpoint
-- By hand (Drizzle cannot declare INCLUDE): the case list walks this index newest first and
-- filters on the included columns without visiting the table (see listCases).
CREATE INDEX "cases_region_list" ON "cases" USING btree ("region_id","status","opened_on","ref") INCLUDE ("id","kind","step","title","forms","search");--> statement-breakpoint
-- By hand too: the list's cases shared with a region are looked up by id; this lets the lookup
-- and its filters happen in the index alone.
CREATE UNIQUE INDEX "cases_id_list" ON "cases" USING btree ("id") INCLUDE ("status","opened_on","ref","kind","step","title","region_id","forms","search");
