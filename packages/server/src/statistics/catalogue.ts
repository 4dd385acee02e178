/**
 * The tables of the national statistics: what each counts (its population: tables of one
 * population share their margins, so the disclosure control links them) and along which coded
 * dimensions. One list, read by the queries, the service, the pages, the exports and the API.
 */
import {
  AGE_GROUPS,
  CATEGORIES,
  FORMS,
  GENDERS,
  REFERRING_ORGS,
  REGION_IDS,
  STEPS,
} from "@stodkedjan/domain/case-codes";
import type { Dimension } from "@stodkedjan/domain/statistics";
import { RETURN_COUNTRIES } from "../amp/schemas.ts";

/** A case's category may be unrecorded: counted as such rather than dropped. */
export const CATEGORY_VALUES = [...CATEGORIES, "unknown"] as const;
/** NSP persons as the annual reporting asks: adults, children, and children in their home country. */
export const NSP_GROUPS = ["adult", "child", "child-home-country"] as const;
/** A reflection-period application's outcome; applied for = their total. */
export const REFLECTION_OUTCOMES = ["granted", "rejected", "pending"] as const;
/** An approved ÅMP application's return country (ISO 3166-1 alpha-2), or none recorded. */
export const RETURN_COUNTRY_VALUES: readonly string[] = [...RETURN_COUNTRIES, "unknown"];

export const DIMENSIONS = {
  region: { name: "region", categories: REGION_IDS },
  form: { name: "form", categories: FORMS, multiValued: true },
  category: { name: "category", categories: CATEGORY_VALUES },
  ageGroup: { name: "ageGroup", categories: AGE_GROUPS },
  gender: { name: "gender", categories: GENDERS },
  referringOrg: { name: "referringOrg", categories: REFERRING_ORGS },
  step: { name: "step", categories: STEPS.map(String) },
  nspGroup: { name: "nspGroup", categories: NSP_GROUPS },
  outcome: { name: "outcome", categories: REFLECTION_OUTCOMES },
  returnCountry: { name: "returnCountry", categories: RETURN_COUNTRY_VALUES },
} as const satisfies Record<string, Dimension>;
export type DimensionName = keyof typeof DIMENSIONS;

/**
 * What a population counts, and the day that places each record in a month (the period atom):
 * every record falls in exactly one month, so a period's count is the sum of its months'.
 */
export const POPULATIONS = {
  /** Individual cases, by the day they were opened. */
  individual: "individual",
  /** Consultations, by the day they were opened. */
  consultation: "consultation",
  /** Persons given NSP support (a placement that began, or support without housing), by their first such referral in the year. */
  nspPersons: "nsp-persons",
  /** NSP placements, by the day the person moved in. */
  placements: "nsp-placements",
  /** ÅMP participants: approved applications, by the day of approval. */
  amp: "amp-participants",
  /** Reflection-period applications, by the day they were submitted. */
  reflection: "reflection-applications",
} as const;
export type Population = (typeof POPULATIONS)[keyof typeof POPULATIONS];

export interface TableDef {
  id: string;
  population: Population;
  /** Rows, then (for a two-way table) columns. */
  dimensions: readonly DimensionName[];
  /**
   * Rows whose every cell is a shown 0 are left out of what the table shows (some 250 return
   * countries, most with nobody). The release still holds and protects every row: were only the
   * countries counted in the year in it, a suppressed row would itself say "at least one person".
   * A row left out is a published 0.
   */
  zeroRowsLeftOut?: boolean;
}

export const TABLES = [
  { id: "individual-form", population: "individual", dimensions: ["region", "form"] },
  { id: "individual-category", population: "individual", dimensions: ["region", "category"] },
  { id: "individual-age", population: "individual", dimensions: ["region", "ageGroup"] },
  { id: "individual-gender", population: "individual", dimensions: ["region", "gender"] },
  { id: "individual-org", population: "individual", dimensions: ["region", "referringOrg"] },
  { id: "individual-step", population: "individual", dimensions: ["region", "step"] },
  { id: "consultation-org", population: "consultation", dimensions: ["region", "referringOrg"] },
  { id: "consultation-form", population: "consultation", dimensions: ["region", "form"] },
  { id: "nsp-persons", population: "nsp-persons", dimensions: ["region", "nspGroup"] },
  { id: "nsp-placements", population: "nsp-placements", dimensions: ["region"] },
  { id: "amp-gender-age", population: "amp-participants", dimensions: ["gender", "ageGroup"] },
  { id: "amp-form", population: "amp-participants", dimensions: ["form"] },
  { id: "amp-region", population: "amp-participants", dimensions: ["region"] },
  // Return country alone: with the other ÅMP tables it shares only the national total (a country
  // × region table would be almost all small cells).
  {
    id: "amp-country",
    population: "amp-participants",
    dimensions: ["returnCountry"],
    zeroRowsLeftOut: true,
  },
  { id: "reflection", population: "reflection-applications", dimensions: ["region", "outcome"] },
] as const satisfies readonly TableDef[];
export type TableId = (typeof TABLES)[number]["id"];

/**
 * Tables that are not counts of persons and carry no disclosure control of their own:
 * flat-rate days (a sum over placements, shown only where the placement count beside it is
 * shown, so it hides with it) and certified shelters (the public registry).
 */
export const DERIVED_TABLES = ["nsp-flat-rate-days", "shelters-certified"] as const;
export type DerivedTableId = (typeof DERIVED_TABLES)[number];
export const ALL_TABLE_IDS = [...TABLES.map((t) => t.id), ...DERIVED_TABLES] as const;
export type AnyTableId = TableId | DerivedTableId;
