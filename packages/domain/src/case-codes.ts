/**
 * The coded fields of a case and its person, as stored: the one list of each code, used by the
 * server's input schemas, the statistics and the research extract.
 */
export const REGION_IDS = ["nord", "mitt", "stockholm", "ost", "vast", "syd", "bergslagen"] as const;
export type RegionId = (typeof REGION_IDS)[number];

export const REFERRING_ORGS = [
  "social-services",
  "health-care",
  "police",
  "school",
  "migrationsverket",
  "civil-society",
  "employer",
  "other",
] as const;
export type ReferringOrg = (typeof REFERRING_ORGS)[number];

/** Forms of exploitation: the purposes of trafficking in Swedish law, plus other. */
export const FORMS = [
  "sexual",
  "labour",
  "begging",
  "crime",
  "forced-marriage",
  "war-service",
  "organ-trade",
  "illegal-adoption",
  "other",
] as const;
export type Form = (typeof FORMS)[number];

export const CATEGORIES = [
  "trafficking",
  "human-exploitation",
  "prostitution",
  "child-sexual-exploitation",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const GENDERS = ["woman", "man", "non-binary", "unknown"] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_GROUPS = ["child", "adult"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const CLOSE_REASONS = [
  "support-completed",
  "returned-home",
  "moved",
  "declined-support",
  "no-contact",
  /** A consultation that has been answered. */
  "answered",
  "other",
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The six steps of the support and protection process, 1 (identification) to 6 (a safe return). */
export const STEPS = [1, 2, 3, 4, 5, 6] as const;
export type Step = (typeof STEPS)[number];
