/**
 * The research extract: pseudonymised case records → rows in HTCDS 2.0's structure, released at
 * CTDC's public-data level: dates as years only, ages as bands, and no combination of
 * quasi-identifiers shared by fewer than k rows (default 11). Pure: the caller reads the records
 * (coded fields only, nothing decrypted) and audits the download.
 */
import type { AgeGroup, Category, CloseReason, Form, Gender, ReferringOrg, RegionId } from "../case-codes.ts";
import type {
  AmpPhase,
  AmpStatus,
  NspPlacementStatus,
  NspSupportKind,
  NspSupportStatus,
  OtherReferralKind,
  OtherReferralStatus,
  ReflectionStatus,
} from "../referrals/index.ts";
import {
  ageBand,
  CLOSE_REASON_TO_HTCDS,
  FORM_TO_HTCDS,
  GENDER_TO_HTCDS,
  OTHER_REFERRAL_TO_HTCDS_ORG,
  REFERRAL_TO_HTCDS_ORG,
  REFERRING_ORG_TO_HTCDS,
  REGION_TO_HTCDS_EXT,
} from "./mapping.ts";

/** What a referral contributes to the extract: its kind and how far it got, as stored. */
export type ExtractReferral = { createdOn: string } & (
  | { type: "nsp-placement"; status: NspPlacementStatus }
  | { type: "nsp-support"; status: NspSupportStatus; kind: NspSupportKind; inHomeCountry: boolean }
  | { type: "amp"; status: AmpStatus; phase: AmpPhase | null }
  | { type: "reflection"; status: ReflectionStatus }
  | { type: "witness-permit"; status: ReflectionStatus }
  | { type: "other"; status: OtherReferralStatus; kind: OtherReferralKind }
);

/**
 * An individual case as the extract reads it: the coded columns of `cases` and `persons` and
 * the referrals' types and statuses. No reference, pseudonym, municipality, name or free text.
 */
export interface ExtractCase {
  openedOn: string;
  status: "open" | "closed";
  closeReason: CloseReason | null;
  regionId: RegionId;
  referringOrg: ReferringOrg;
  forms: readonly Form[];
  category: Category | null;
  step: number | null;
  person: {
    ageGroup: AgeGroup;
    birthYear: number | null;
    gender: Gender;
    /** ISO 3166-1 alpha-2. */
    citizenship: string | null;
  };
  referrals: readonly ExtractReferral[];
}

export type ExtractValue = string | number | boolean | readonly string[] | null;
export type ExtractRow = Record<string, ExtractValue>;

/** The columns of the extract, in order: HTCDS fields first, then the extensions. */
export const EXTRACT_COLUMNS = [
  "prs_Gender",
  "prs_Citizenship",
  "vic_TraffickingStatus",
  "vic_TypeOfExploitation",
  "vic_TypeOfSexExploitation",
  "cas_Status",
  "cas_ReasonForCaseClosure",
  "cas_ReferringOrganisation",
  "cas_IncomingReferralDate",
  "cas_ReferredOrganisation",
  "cas_ReasonForOutgoingReferral",
  "cas_OutgoingReferralDate",
  "ext_YearOfRegistration",
  "ext_AgeBand",
  "ext_MajorityStatus",
  "ext_Region",
  "ext_Category",
  "ext_ForcedCriminality",
  "ext_StepReached",
  "ext_ReflectionPeriod",
  "ext_NspPlacement",
  "ext_NspSupport",
  "ext_AmpStatus",
  "ext_AmpPhase",
] as const;

const year = (isoDate: string) => Number(isoDate.slice(0, 4));
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

const CATEGORY_EXT: Readonly<Record<Category, string>> = {
  trafficking: "Trafficking",
  "human-exploitation": "HumanExploitation",
  prostitution: "Prostitution",
  "child-sexual-exploitation": "ChildSexualExploitation",
};

/** The furthest of the statuses present, in the order given (later = further). */
function furthest<T extends string>(present: readonly string[], order: readonly [string, T][], none: T): T {
  let out = none;
  for (const [status, value] of order) if (present.includes(status)) out = value;
  return out;
}

function referralFields(referrals: readonly ExtractReferral[]): ExtractRow {
  const of = <K extends ExtractReferral["type"]>(type: K) =>
    referrals.filter((r): r is Extract<ExtractReferral, { type: K }> => r.type === type);
  const sent = referrals.filter((r) => !["draft", "prepared", "planned"].includes(r.status));
  const orgs = sortedUnique(
    sent
      .map((r) => (r.type === "other" ? OTHER_REFERRAL_TO_HTCDS_ORG[r.kind] : REFERRAL_TO_HTCDS_ORG[r.type]))
      .filter((o): o is string => o !== null),
  );
  const firstSent = sent.map((r) => r.createdOn).sort()[0];
  const reflection = of("reflection").map((r) => r.status);
  const placements = of("nsp-placement").map((r) => r.status);
  const support = of("nsp-support").filter((r) => r.status === "ongoing" || r.status === "completed");
  const supportKinds: Record<NspSupportKind, string> = {
    rehabilitation: "Rehabilitation",
    reintegration: "Reintegration",
    "exit-support": "ExitSupport",
    "one-off": "OneOff",
  };
  const amp = of("amp");
  const ampPhase = amp.find((a) => a.status === "approved" && a.phase !== null)?.phase ?? null;
  const phases: Record<AmpPhase, string> = {
    "pre-departure": "PreDeparture",
    travel: "Travel",
    reintegration: "Reintegration",
    completed: "Completed",
  };
  return {
    cas_ReferredOrganisation: orgs.length > 0 ? orgs : null,
    cas_ReasonForOutgoingReferral:
      sent.length === 0
        ? null
        : sent.every((r) => r.type === "amp")
          ? "MigrationOrChangeOfLocation"
          : "AdditionalServicesRequired",
    cas_OutgoingReferralDate: firstSent === undefined ? null : year(firstSent),
    ext_ReflectionPeriod: furthest(
      reflection,
      [
        ["withdrawn", "Withdrawn"],
        ["submitted", "Applied"],
        ["rejected", "Rejected"],
        ["granted", "Granted"],
      ],
      "None",
    ),
    ext_NspPlacement: furthest(
      placements,
      [
        ["requested", "Requested"],
        ["cancelled", "Requested"],
        ["declined", "Declined"],
        ["placed", "Placed"],
        ["exited", "Placed"],
        ["extended", "ExtendedBeyondFlatRate"],
      ],
      "None",
    ),
    ext_NspSupport:
      support.length === 0
        ? null
        : sortedUnique([
            ...support.map((s) => supportKinds[s.kind]),
            ...(support.some((s) => s.inHomeCountry) ? ["InHomeCountry"] : []),
          ]),
    ext_AmpStatus: furthest(
      amp.map((a) => a.status),
      [
        ["prepared", "Prepared"],
        ["withdrawn", "Withdrawn"],
        ["submitted", "Submitted"],
        ["refused", "Refused"],
        ["approved", "Approved"],
      ],
      "None",
    ),
    ext_AmpPhase: ampPhase === null ? null : phases[ampPhase],
  };
}

/**
 * One case as an extract row, before the privacy step. Only what the rules below allow leaves:
 * the registration year (not the date), the age band from the birth year (never the year itself).
 */
export function toHtcdsRow(c: ExtractCase): ExtractRow {
  const registered = year(c.openedOn);
  const age = c.person.birthYear === null ? null : Math.max(0, registered - c.person.birthYear);
  const forms = sortedUnique(c.forms.map((f) => FORM_TO_HTCDS[f]));
  const inReintegration =
    c.status === "open" &&
    c.referrals.some(
      (r) =>
        r.type === "amp" &&
        r.status === "approved" &&
        (r.phase === "reintegration" || r.phase === "completed"),
    );
  const row: ExtractRow = {
    prs_Gender: GENDER_TO_HTCDS[c.person.gender],
    prs_Citizenship: c.person.citizenship === null ? null : [c.person.citizenship],
    // Stödkedjan records support, not a formal identification decision: every case is a possible victim.
    vic_TraffickingStatus: "PossibleVictimOfTrafficking",
    vic_TypeOfExploitation: forms.length > 0 ? forms : null,
    vic_TypeOfSexExploitation: c.category === "prostitution" ? ["Prostitution"] : null,
    cas_Status: c.status === "closed" ? "Closed" : inReintegration ? "FollowUp" : "Active",
    cas_ReasonForCaseClosure: c.closeReason === null ? null : CLOSE_REASON_TO_HTCDS[c.closeReason],
    cas_ReferringOrganisation: REFERRING_ORG_TO_HTCDS[c.referringOrg],
    cas_IncomingReferralDate: registered,
    ...referralFields(c.referrals),
    ext_YearOfRegistration: registered,
    ext_AgeBand: age === null ? null : ageBand(age),
    ext_MajorityStatus: c.person.ageGroup === "child" ? "Minor" : "Adult",
    ext_Region: REGION_TO_HTCDS_EXT[c.regionId],
    ext_Category: c.category === null ? null : CATEGORY_EXT[c.category],
    ext_ForcedCriminality: c.forms.includes("crime"),
    ext_StepReached: c.step,
  };
  return Object.fromEntries(EXTRACT_COLUMNS.map((col) => [col, row[col] ?? null]));
}

// ---------------------------------------------------------------------------------------------
// CTDC's public-data practice: k-anonymity over the quasi-identifiers.
// ---------------------------------------------------------------------------------------------

/** The columns an outsider could know about a person and link on. */
export const QUASI_IDENTIFIERS = [
  "ext_YearOfRegistration",
  "ext_Region",
  "prs_Gender",
  "ext_AgeBand",
  "ext_MajorityStatus",
  "prs_Citizenship",
  "vic_TypeOfExploitation",
] as const;

export const DEFAULT_K = 11;
/** The share of rows the extract may drop at a level of generalisation before it goes one level up. */
export const DEFAULT_MAX_DROPPED = 0.05;

/**
 * The generalisation ladder, applied level by level to every row alike. Level 1 blanks a
 * citizenship shared by fewer than k rows; 2 blanks the age band (the majority status stays);
 * 3 blanks the region; 4 blanks every citizenship.
 */
export const GENERALISATION_LEVELS = 5;

function generalise(rows: readonly ExtractRow[], level: number, k: number): ExtractRow[] {
  const citizenshipCount = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify(r.prs_Citizenship);
    citizenshipCount.set(key, (citizenshipCount.get(key) ?? 0) + 1);
  }
  return rows.map((r) => {
    const out = { ...r };
    if (level >= 1 && (citizenshipCount.get(JSON.stringify(r.prs_Citizenship)) ?? 0) < k)
      out.prs_Citizenship = null;
    if (level >= 2) out.ext_AgeBand = null;
    if (level >= 3) out.ext_Region = null;
    if (level >= 4) out.prs_Citizenship = null;
    return out;
  });
}

/** The quasi-identifier combination of a row, as one key (a blanked value is its own value, "*"). */
export function quasiKey(row: ExtractRow): string {
  return JSON.stringify(QUASI_IDENTIFIERS.map((q) => row[q] ?? "*"));
}

function classSizes(rows: readonly ExtractRow[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const r of rows) sizes.set(quasiKey(r), (sizes.get(quasiKey(r)) ?? 0) + 1);
  return sizes;
}

export interface ExtractOptions {
  k?: number;
  maxDroppedShare?: number;
}

export interface HtcdsExtract {
  columns: readonly string[];
  rows: ExtractRow[];
  k: number;
  /** The level of the ladder applied (0 = none). */
  generalisation: number;
  /** Rows left out because their combination stayed rarer than k. */
  dropped: number;
}

/**
 * The extract: every case as a row, generalised at the lowest level where at most
 * `maxDroppedShare` of the rows fall in a combination rarer than k (the top level if none), then
 * those rows dropped. Rows come out sorted by their values, so their order says nothing of the
 * input's (a case list is newest first).
 */
export function buildHtcdsExtract(cases: readonly ExtractCase[], options: ExtractOptions = {}): HtcdsExtract {
  const k = options.k ?? DEFAULT_K;
  const maxDropped = options.maxDroppedShare ?? DEFAULT_MAX_DROPPED;
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError("k must be a whole number ≥ 1");
  if (!(maxDropped >= 0 && maxDropped <= 1)) throw new RangeError("maxDroppedShare must be between 0 and 1");
  const rows = cases.map(toHtcdsRow);
  let level = 0;
  let generalised = generalise(rows, 0, k);
  for (; level < GENERALISATION_LEVELS - 1; level++) {
    const sizes = classSizes(generalised);
    const rare = generalised.filter((r) => (sizes.get(quasiKey(r)) ?? 0) < k).length;
    if (rare <= maxDropped * generalised.length) break;
    generalised = generalise(rows, level + 1, k);
  }
  const sizes = classSizes(generalised);
  const kept = generalised.filter((r) => (sizes.get(quasiKey(r)) ?? 0) >= k);
  const byValue = (r: ExtractRow) => JSON.stringify(EXTRACT_COLUMNS.map((c) => r[c]));
  kept.sort((a, b) => (byValue(a) < byValue(b) ? -1 : byValue(a) > byValue(b) ? 1 : 0));
  return {
    columns: EXTRACT_COLUMNS,
    rows: kept,
    k,
    generalisation: level,
    dropped: rows.length - kept.length,
  };
}
