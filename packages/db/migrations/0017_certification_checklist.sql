CREATE TABLE "certification_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shelter_id" text NOT NULL,
	"criterion_id" text NOT NULL,
	"met" boolean NOT NULL,
	"evidence" text NOT NULL,
	"assessor" text NOT NULL,
	"assessed_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certification_assessments_valid" CHECK ("certification_assessments"."valid_until" >= "certification_assessments"."assessed_on")
);
--> statement-breakpoint
CREATE TABLE "certification_criteria" (
	"id" text PRIMARY KEY NOT NULL,
	"text_sv" text NOT NULL,
	"text_en" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"retired_on" date,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shelters" ADD COLUMN "certification_withdrawn_on" date;--> statement-breakpoint
ALTER TABLE "shelters" ADD COLUMN "certification_withdrawn_reason" text;--> statement-breakpoint
ALTER TABLE "certification_assessments" ADD CONSTRAINT "certification_assessments_shelter_id_shelters_id_fk" FOREIGN KEY ("shelter_id") REFERENCES "public"."shelters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_assessments" ADD CONSTRAINT "certification_assessments_criterion_id_certification_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."certification_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_assessments" ADD CONSTRAINT "certification_assessments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certification_assessments_shelter" ON "certification_assessments" USING btree ("shelter_id","criterion_id","assessed_on");--> statement-breakpoint
-- By hand: the three criteria of NSP's own certification rules (ADR 0027); the national team adds others.
INSERT INTO "certification_criteria" ("id", "text_sv", "text_en", "built_in", "position") VALUES
	('staff-knowledge', 'Personalen har grundläggande kunskap om området och om att möta brottsoffer med särskilda behov', 'The staff have basic knowledge of the field and of meeting victims with special needs', true, 1),
	('needs-assessment', 'En behovsbedömning görs i varje ärende', 'A needs assessment is made in every case', true, 2),
	('client-participation', 'Klienten deltar i bedömningen och planeringen', 'The client takes part in the assessment and the planning', true, 3);
