ALTER TABLE "access_requests" DROP CONSTRAINT "access_requests_kind";--> statement-breakpoint
ALTER TABLE "access_requests" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_requests_one_pending_change" ON "access_requests" USING btree ("user_id") WHERE "access_requests"."status" = 'pending' and "access_requests"."kind" = 'role';--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_role_user" CHECK (("access_requests"."kind" = 'role') = ("access_requests"."user_id" is not null));--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_kind" CHECK ("access_requests"."kind" in ('token','account','role'));