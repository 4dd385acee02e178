CREATE TABLE "coordinators" (
	"id" text PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"name" text NOT NULL,
	"host_municipality" text NOT NULL,
	"focus" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"placeholder" boolean NOT NULL,
	CONSTRAINT "coordinators_focus" CHECK ("coordinators"."focus" in ('all', 'children', 'adults'))
);
--> statement-breakpoint
CREATE TABLE "counties" (
	"code" char(2) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "municipalities" (
	"code" char(4) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"county_code" char(2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" text PRIMARY KEY NOT NULL,
	"name_sv" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coordinators" ADD CONSTRAINT "coordinators_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counties" ADD CONSTRAINT "counties_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipalities" ADD CONSTRAINT "municipalities_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;