/**
 * From Stödkedjan's codes to HTCDS 2.0 fields and picklist values, and the extensions (`ext_`)
 * for what the standard has no field for. Every map is total over our codes: a code with no
 * HTCDS value maps to null and is said so in docs/htcds-mapping.md.
 */
import type { CloseReason, Form, Gender, ReferringOrg, RegionId } from "../case-codes.ts";
import type { OtherReferralKind } from "../referrals/index.ts";

/** vic_TypeOfExploitation. Forced crime has no value since HTCDS 1.0: Other, plus ext_ForcedCriminality. */
export const FORM_TO_HTCDS: Readonly<Record<Form, string>> = {
  sexual: "SexualExploitation",
  labour: "ForcedLabour",
  begging: "ForcedBegging",
  crime: "Other",
  "forced-marriage": "ForcedMarriage",
  // Swedish law's "krigstjänst"; HTCDS's nearest value is forced military service by non-state actors.
  "war-service": "ForcedMilitaryByNonStateActors",
  "organ-trade": "OrganRemoval",
  "illegal-adoption": "ForcedAdoption",
  other: "Other",
};

/** prs_Gender. */
export const GENDER_TO_HTCDS: Readonly<Record<Gender, string>> = {
  woman: "Feminine",
  man: "Masculine",
  "non-binary": "NonConforming",
  unknown: "NonSpecifiedUnknown",
};

/**
 * cas_ReferringOrganisation is a lookup to an organisation; we record only the kind of
 * organisation, so the extract gives that kind as an org_Type value (none for "other").
 */
export const REFERRING_ORG_TO_HTCDS: Readonly<Record<ReferringOrg, string | null>> = {
  "social-services": "LocalGovernmentOrganisation",
  "health-care": "HealthServiceOrganisation",
  police: "LawEnforcement",
  school: "SchoolOrCollege",
  migrationsverket: "ImmigrationService",
  "civil-society": "NGO",
  employer: "CorporateBusiness",
  other: null,
};

/**
 * cas_ReferredOrganisation, likewise as org_Type values, per kind of referral. NSP is run by a
 * civil-society platform; Migrationsverket decides on reflection periods and permits; IOM, an
 * intergovernmental organisation, has no org_Type (ÅMP is in ext_AmpStatus instead).
 */
export const REFERRAL_TO_HTCDS_ORG: Readonly<
  Record<"nsp-placement" | "nsp-support" | "amp" | "reflection" | "witness-permit", string | null>
> = {
  "nsp-placement": "NGO",
  "nsp-support": "NGO",
  amp: null,
  reflection: "ImmigrationService",
  "witness-permit": "ImmigrationService",
};

/** KAST and MIKA are municipal clinics within the social services. */
export const OTHER_REFERRAL_TO_HTCDS_ORG: Readonly<Record<OtherReferralKind, string | null>> = {
  kast: "LocalGovernmentOrganisation",
  mika: "LocalGovernmentOrganisation",
  "health-care": "HealthServiceOrganisation",
  "legal-counsel": "LegalService",
  "police-report": "LawEnforcement",
  other: null,
};

/** cas_ReasonForCaseClosure is long text: the extract gives the coded reason, never free text. */
export const CLOSE_REASON_TO_HTCDS: Readonly<Record<CloseReason, string>> = {
  "support-completed": "Support completed",
  "returned-home": "Returned home",
  moved: "Moved",
  "declined-support": "Declined support",
  "no-contact": "No contact",
  answered: "Consultation answered",
  other: "Other",
};

// ---------------------------------------------------------------------------------------------
// Extensions. HTCDS names a field by a three-letter prefix for its table and an underscore
// (org_, prs_, vic_, per_, cas_, cco_, hte_, spl_, con_); it allows implementers to add fields
// but names no prefix for them. Ours take `ext_`, which no HTCDS table uses, so that a reader
// never mistakes one of them for a field of the standard.
// ---------------------------------------------------------------------------------------------

/** CTDC's ageBroad bands (the first number of each band is its lower bound in years). */
export const AGE_BANDS = [
  "0--8",
  "9--17",
  "18--20",
  "21--23",
  "24--26",
  "27--29",
  "30--38",
  "39--47",
  "48+",
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
const AGE_BAND_FLOORS = [0, 9, 18, 21, 24, 27, 30, 39, 48];

/** The band of an age in whole years. */
export function ageBand(age: number): AgeBand {
  if (!Number.isInteger(age) || age < 0) throw new RangeError(`not an age: ${age}`);
  let band = 0;
  AGE_BAND_FLOORS.forEach((floor, i) => {
    if (age >= floor) band = i;
  });
  return AGE_BANDS[band] as AgeBand;
}

/** ext_Region: the police regions in the standard's PascalCase ASCII style, not our internal ids. */
export const REGION_TO_HTCDS_EXT: Readonly<Record<RegionId, string>> = {
  nord: "Nord",
  mitt: "Mitt",
  stockholm: "Stockholm",
  ost: "Ost",
  vast: "Vast",
  syd: "Syd",
  bergslagen: "Bergslagen",
};

export interface HtcdsExtension {
  name: string;
  type: "number" | "checkbox" | "picklist" | "multi-picklist";
  values?: readonly string[];
  /** What it records, for the documentation and the extract's header. */
  description: string;
}

export const REFLECTION_EXT_VALUES = ["None", "Applied", "Granted", "Rejected", "Withdrawn"] as const;
export const NSP_PLACEMENT_EXT_VALUES = [
  "None",
  "Requested",
  "Declined",
  "Placed",
  "ExtendedBeyondFlatRate",
] as const;
export const NSP_SUPPORT_EXT_VALUES = [
  "Rehabilitation",
  "Reintegration",
  "ExitSupport",
  "OneOff",
  "InHomeCountry",
] as const;
export const AMP_STATUS_EXT_VALUES = [
  "None",
  "Prepared",
  "Submitted",
  "Approved",
  "Refused",
  "Withdrawn",
] as const;
export const AMP_PHASE_EXT_VALUES = ["PreDeparture", "Travel", "Reintegration", "Completed"] as const;

export const HTCDS_EXTENSIONS: readonly HtcdsExtension[] = [
  {
    name: "ext_YearOfRegistration",
    type: "number",
    description: "The year the case was opened (CTDC's yearOfRegistration); no full date is released.",
  },
  {
    name: "ext_AgeBand",
    type: "picklist",
    values: AGE_BANDS,
    description:
      "Age at registration in CTDC's ageBroad bands, from the birth year; instead of prs_Birthdate.",
  },
  {
    name: "ext_MajorityStatus",
    type: "picklist",
    values: ["Minor", "Adult"],
    description: "Child (under 18) or adult at registration, as recorded (CTDC's majorityStatus).",
  },
  {
    name: "ext_Region",
    type: "picklist",
    values: Object.values(REGION_TO_HTCDS_EXT),
    description: "The police region whose coordinator has the case; Sweden is the country of exploitation.",
  },
  {
    name: "ext_Category",
    type: "picklist",
    values: ["Trafficking", "HumanExploitation", "Prostitution", "ChildSexualExploitation"],
    description:
      "The Swedish legal category: human trafficking (BrB 4:1 a), human exploitation (4:1 b), and prostitution or sexual exploitation of children.",
  },
  {
    name: "ext_ForcedCriminality",
    type: "checkbox",
    description: "Exploited in crime (theft, handling drugs): HTCDS removed IllicitActivities in 1.0.",
  },
  {
    name: "ext_StepReached",
    type: "number",
    description:
      "The step of the support and protection process (1 identification … 6 a safe return) the case is at.",
  },
  {
    name: "ext_ReflectionPeriod",
    type: "picklist",
    values: REFLECTION_EXT_VALUES,
    description:
      "The furthest a reflection period (a 30-day time-limited residence permit Migrationsverket decides on) got.",
  },
  {
    name: "ext_NspPlacement",
    type: "picklist",
    values: NSP_PLACEMENT_EXT_VALUES,
    description:
      "The furthest a placement in an NSP-certified shelter got; extended means beyond the 90 flat-rate days.",
  },
  {
    name: "ext_NspSupport",
    type: "multi-picklist",
    values: NSP_SUPPORT_EXT_VALUES,
    description: "NSP support without housing that started, and whether any was given in the home country.",
  },
  {
    name: "ext_AmpStatus",
    type: "picklist",
    values: AMP_STATUS_EXT_VALUES,
    description: "The furthest an application to ÅMP, the voluntary return programme run by IOM, got.",
  },
  {
    name: "ext_AmpPhase",
    type: "picklist",
    values: AMP_PHASE_EXT_VALUES,
    description: "The phase an approved return has reached: before the return, the journey, reintegration.",
  },
];
