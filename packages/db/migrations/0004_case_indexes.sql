CREATE INDEX "case_notes_case" ON "case_notes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_shares_case" ON "case_shares" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_steps_case" ON "case_steps" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cases_status_newest" ON "cases" USING btree ("status","opened_on","ref");--> statement-breakpoint
CREATE INDEX "tasks_case" ON "tasks" USING btree ("case_id");