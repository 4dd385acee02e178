/**
 * The database schema. This issue stores the directory (regions, counties, municipalities and
 * coordinators), seeded from content/regions.yaml; case coordination builds on it.
 */
import { sql } from "drizzle-orm";
import { boolean, char, check, pgTable, text } from "drizzle-orm/pg-core";

export const regions = pgTable("regions", {
  id: text("id").primaryKey(),
  nameSv: text("name_sv").notNull(),
  nameEn: text("name_en").notNull(),
});

export const counties = pgTable("counties", {
  code: char("code", { length: 2 }).primaryKey(),
  name: text("name").notNull(),
  regionId: text("region_id")
    .notNull()
    .references(() => regions.id),
});

export const municipalities = pgTable("municipalities", {
  code: char("code", { length: 4 }).primaryKey(),
  name: text("name").notNull(),
  countyCode: char("county_code", { length: 2 })
    .notNull()
    .references(() => counties.code),
});

/** Contact details are public work contacts, not case data; placeholders until the agency fills them in. */
export const coordinators = pgTable(
  "coordinators",
  {
    id: text("id").primaryKey(),
    regionId: text("region_id")
      .notNull()
      .references(() => regions.id),
    name: text("name").notNull(),
    hostMunicipality: text("host_municipality").notNull(),
    focus: text("focus", { enum: ["all", "children", "adults"] }).notNull(),
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    placeholder: boolean("placeholder").notNull(),
  },
  (t) => [check("coordinators_focus", sql`${t.focus} in ('all', 'children', 'adults')`)],
);
