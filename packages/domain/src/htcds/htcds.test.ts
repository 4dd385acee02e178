import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AGE_GROUPS,
  CATEGORIES,
  CLOSE_REASONS,
  FORMS,
  GENDERS,
  REFERRING_ORGS,
  REGION_IDS,
} from "../case-codes.ts";
import {
  AMP_PHASES,
  NSP_SUPPORT_KINDS,
  OTHER_REFERRAL_KINDS,
  type OtherReferralStatus,
  type ReflectionStatus,
} from "../referrals/index.ts";
import {
  ageBand,
  buildHtcdsExtract,
  EXTRACT_COLUMNS,
  type ExtractCase,
  type ExtractReferral,
  type ExtractRow,
  extractRowProblems,
  FORM_TO_HTCDS,
  GENDER_TO_HTCDS,
  HTCDS_EXTENSIONS,
  HTCDS_FIELDS,
  htcdsField,
  OTHER_REFERRAL_TO_HTCDS_ORG,
  picklist,
  QUASI_IDENTIFIERS,
  quasiKey,
  REFERRAL_TO_HTCDS_ORG,
  REFERRING_ORG_TO_HTCDS,
  toHtcdsRow,
} from "./index.ts";

describe("the HTCDS 2.0 field list", () => {
  it("has the standard's 84 fields, 40 of them Core, 3 deprecated, each named once with its table's prefix", () => {
    expect(HTCDS_FIELDS).toHaveLength(84);
    expect(HTCDS_FIELDS.filter((f) => f.core)).toHaveLength(40);
    expect(HTCDS_FIELDS.filter((f) => f.status === "deprecated").map((f) => f.name)).toEqual([
      "vic_AgreementToManagePersonalData",
      "vic_Vulnerabilities",
      "vic_DetailsOfVulnerabilities",
    ]);
    expect(new Set(HTCDS_FIELDS.map((f) => f.name)).size).toBe(84);
    for (const f of HTCDS_FIELDS) expect(f.name).toMatch(/^(org|prs|vic|per|cas|cco|hte|spl|con)_[A-Za-z]+$/);
    expect(picklist("vic_TypeOfExploitation")).toHaveLength(11);
    expect(picklist("vic_MethodsOfControl")).toHaveLength(16);
    expect(picklist("cas_Status")).toEqual(["Active", "FollowUp", "Closed", "ClosedReferred"]);
    expect(picklist("vic_ForcedLabourIndustry")).toHaveLength(21);
  });

  it("extensions never take a name of the standard", () => {
    for (const e of HTCDS_EXTENSIONS) {
      expect(e.name).toMatch(/^ext_[A-Za-z]+$/);
      expect(htcdsField(e.name)).toBeUndefined();
    }
  });
});

describe("the mapping of our codes", () => {
  it("gives every code a value of the HTCDS picklist, or none where the standard has none", () => {
    for (const f of FORMS) expect(picklist("vic_TypeOfExploitation")).toContain(FORM_TO_HTCDS[f]);
    for (const g of GENDERS) expect(picklist("prs_Gender")).toContain(GENDER_TO_HTCDS[g]);
    const orgTypes = picklist("org_Type");
    for (const o of REFERRING_ORGS) {
      const v = REFERRING_ORG_TO_HTCDS[o];
      if (v !== null) expect(orgTypes).toContain(v);
    }
    for (const v of [
      ...Object.values(REFERRAL_TO_HTCDS_ORG),
      ...Object.values(OTHER_REFERRAL_TO_HTCDS_ORG),
    ]) {
      if (v !== null) expect(orgTypes).toContain(v);
    }
  });

  it("bands ages as CTDC does", () => {
    expect([0, 8, 9, 17, 18, 20, 21, 29, 30, 38, 39, 47, 48, 90].map(ageBand)).toEqual([
      "0--8",
      "0--8",
      "9--17",
      "9--17",
      "18--20",
      "18--20",
      "21--23",
      "27--29",
      "30--38",
      "30--38",
      "39--47",
      "39--47",
      "48+",
      "48+",
    ]);
    expect(() => ageBand(-1)).toThrow(RangeError);
  });

  it("turns a case into a row: year-only dates, an age band, forced crime as an extension", () => {
    const row = toHtcdsRow({
      openedOn: "2026-03-14",
      status: "open",
      closeReason: null,
      regionId: "syd",
      referringOrg: "police",
      forms: ["labour", "crime"],
      category: "trafficking",
      step: 3,
      person: { ageGroup: "adult", birthYear: 2001, gender: "man", citizenship: "RO" },
      referrals: [
        { type: "reflection", status: "granted", createdOn: "2026-03-15" },
        { type: "nsp-placement", status: "extended", createdOn: "2026-03-16" },
        { type: "amp", status: "approved", phase: "reintegration", createdOn: "2026-05-02" },
        { type: "other", kind: "legal-counsel", status: "planned", createdOn: "2026-05-03" },
      ],
    });
    expect(row).toEqual({
      prs_Gender: "Masculine",
      prs_Citizenship: ["RO"],
      vic_TraffickingStatus: "PossibleVictimOfTrafficking",
      vic_TypeOfExploitation: ["ForcedLabour", "Other"],
      vic_TypeOfSexExploitation: null,
      cas_Status: "FollowUp",
      cas_ReasonForCaseClosure: null,
      cas_ReferringOrganisation: "LawEnforcement",
      cas_IncomingReferralDate: 2026,
      cas_ReferredOrganisation: ["ImmigrationService", "NGO"],
      cas_ReasonForOutgoingReferral: "AdditionalServicesRequired",
      cas_OutgoingReferralDate: 2026,
      ext_YearOfRegistration: 2026,
      ext_AgeBand: "24--26",
      ext_MajorityStatus: "Adult",
      ext_Region: "Syd",
      ext_Category: "Trafficking",
      ext_ForcedCriminality: true,
      ext_StepReached: 3,
      ext_ReflectionPeriod: "Granted",
      ext_NspPlacement: "ExtendedBeyondFlatRate",
      ext_NspSupport: null,
      ext_AmpStatus: "Approved",
      ext_AmpPhase: "Reintegration",
    });
    expect(Object.keys(row)).toEqual([...EXTRACT_COLUMNS]);
  });
});

// ---------------------------------------------------------------------------------------------
// Random case records.
// ---------------------------------------------------------------------------------------------

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const day = fc
  .record({
    y: fc.integer({ min: 2022, max: 2026 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const referral: fc.Arbitrary<ExtractReferral> = fc.oneof(
  fc.record({
    type: fc.constant("nsp-placement" as const),
    createdOn: day,
    status: pick(["requested", "placed", "declined", "cancelled", "extended", "exited"] as const),
  }),
  fc.record({
    type: fc.constant("nsp-support" as const),
    createdOn: day,
    status: pick(["planned", "ongoing", "completed", "cancelled"] as const),
    kind: pick(NSP_SUPPORT_KINDS),
    inHomeCountry: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("amp" as const),
    createdOn: day,
    status: pick(["prepared", "submitted", "approved", "refused", "withdrawn"] as const),
    phase: fc.option(pick(AMP_PHASES.states), { nil: null }),
  }),
  fc.record({
    type: pick(["reflection", "witness-permit"] as const),
    createdOn: day,
    status: pick<ReflectionStatus>(["draft", "submitted", "granted", "rejected", "withdrawn"]),
  }),
  fc.record({
    type: fc.constant("other" as const),
    createdOn: day,
    kind: pick(OTHER_REFERRAL_KINDS),
    status: pick<OtherReferralStatus>(["planned", "sent", "accepted", "declined", "completed", "cancelled"]),
  }),
) as fc.Arbitrary<ExtractReferral>;

const extractCase: fc.Arbitrary<ExtractCase> = fc
  .record({
    openedOn: day,
    closed: fc.boolean(),
    closeReason: pick(CLOSE_REASONS),
    regionId: pick(REGION_IDS),
    referringOrg: pick(REFERRING_ORGS),
    forms: fc.uniqueArray(pick(FORMS), { minLength: 1, maxLength: 3 }),
    category: fc.option(pick(CATEGORIES), { nil: null }),
    step: fc.integer({ min: 1, max: 6 }),
    ageGroup: pick(AGE_GROUPS),
    age: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
    gender: pick(GENDERS),
    citizenship: fc.option(pick(["SE", "RO", "NG", "TH", "UA", "VN", "BG"]), { nil: null }),
    referrals: fc.array(referral, { maxLength: 4 }),
  })
  .map((r) => ({
    openedOn: r.openedOn,
    status: r.closed ? ("closed" as const) : ("open" as const),
    closeReason: r.closed ? r.closeReason : null,
    regionId: r.regionId,
    referringOrg: r.referringOrg,
    forms: r.forms,
    category: r.category,
    step: r.step,
    person: {
      ageGroup: r.ageGroup,
      birthYear: r.age === null ? null : Number(r.openedOn.slice(0, 4)) - r.age,
      gender: r.gender,
      citizenship: r.citizenship,
    },
    referrals: r.referrals,
  }));

/** Every value checked against the field's definition: HTCDS picklists, or our extension's list. */
function validate(row: ExtractRow): void {
  expect(extractRowProblems(row)).toEqual([]);
}

describe("the research extract", () => {
  it("exports only values the HTCDS picklists (or our documented extensions) allow", () => {
    fc.assert(
      fc.property(fc.array(extractCase, { maxLength: 60 }), (cases) => {
        for (const c of cases) validate(toHtcdsRow(c));
        for (const row of buildHtcdsExtract(cases, { k: 2 }).rows) validate(row);
      }),
      { numRuns: 100 },
    );
  });

  it("has no combination of quasi-identifiers rarer than k", () => {
    fc.assert(
      fc.property(fc.array(extractCase, { maxLength: 300 }), fc.integer({ min: 1, max: 15 }), (cases, k) => {
        const extract = buildHtcdsExtract(cases, { k });
        const sizes = new Map<string, number>();
        for (const r of extract.rows) sizes.set(quasiKey(r), (sizes.get(quasiKey(r)) ?? 0) + 1);
        for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(k);
        expect(extract.rows.length + extract.dropped).toBe(cases.length);
      }),
      { numRuns: 60 },
    );
  });

  it("generalises before it drops: a believable year keeps most of its rows at k = 11", () => {
    const cases = fc.sample(extractCase, { numRuns: 490, seed: 15 });
    const extract = buildHtcdsExtract(cases);
    expect(extract.k).toBe(11);
    expect(extract.generalisation).toBeGreaterThan(0);
    const sizes = new Map<string, number>();
    for (const r of extract.rows) sizes.set(quasiKey(r), (sizes.get(quasiKey(r)) ?? 0) + 1);
    expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(11);
    // No birth year, date or pseudonym leaves.
    for (const r of extract.rows) {
      for (const q of QUASI_IDENTIFIERS) expect(Object.keys(r)).toContain(q);
      expect(Object.keys(r).some((k) => /Birthdate|Name|pseudonym|ref/i.test(k))).toBe(false);
    }
  });

  it("names every value off its list", () => {
    const row = toHtcdsRow(fc.sample(extractCase, { numRuns: 1, seed: 3 })[0] as ExtractCase);
    expect(extractRowProblems({ ...row, prs_Gender: "Female" })).toHaveLength(1);
    expect(extractRowProblems({ ...row, vic_TypeOfExploitation: ["IllicitActivities"] })).toHaveLength(1);
    expect(extractRowProblems({ ...row, cas_IncomingReferralDate: "2025-03-14" })).toHaveLength(1);
    expect(extractRowProblems({ ...row, prs_FirstName: "Anna" })).toHaveLength(1);
    expect(extractRowProblems({ ...row, ext_Unknown: 1 })).toHaveLength(1);
  });

  it("refuses a k below 1", () => {
    expect(() => buildHtcdsExtract([], { k: 0 })).toThrow(RangeError);
  });
});
