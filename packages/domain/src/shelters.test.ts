import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./referrals/dates.ts";
import { isoDate } from "./referrals/test-arbitraries.ts";
import {
  CERTIFICATION_WARNING_DAYS,
  certificationOn,
  checklistCertifiedUntil,
  freePlaces,
  groupsFor,
  isCertifiedOn,
  placementRefusal,
  shelterMisfits,
} from "./shelters.ts";

const today = "2026-11-20";

describe("shelter certification", () => {
  it("is certified through its last day, warns within 60 days, and expires the day after", () => {
    expect(CERTIFICATION_WARNING_DAYS).toBe(60);
    expect(certificationOn("2027-03-31", today)).toEqual({
      state: "certified",
      until: "2027-03-31",
      daysLeft: 131,
    });
    expect(certificationOn(addDays(today, 61), today).state).toBe("certified");
    expect(certificationOn(addDays(today, 60), today)).toMatchObject({ state: "expiring", daysLeft: 60 });
    expect(certificationOn(today, today)).toMatchObject({ state: "expiring", daysLeft: 0 });
    expect(certificationOn(addDays(today, -1), today)).toMatchObject({ state: "expired", daysLeft: -1 });
    expect(certificationOn(null, today)).toEqual({ state: "uncertified", until: null, daysLeft: null });
  });

  it("holds on a day exactly when the state on that day is certified or expiring (property)", () => {
    fc.assert(
      fc.property(fc.option(isoDate, { nil: null }), isoDate, (until, day) => {
        const { state } = certificationOn(until, day);
        expect(isCertifiedOn(until, day)).toBe(state === "certified" || state === "expiring");
      }),
    );
  });

  it("refuses a placement unless the shelter is certified on the day of referral and on the start day", () => {
    expect(placementRefusal(null, today, null)).toBe("uncertified");
    expect(placementRefusal(addDays(today, -1), today, null)).toBe("expired");
    expect(placementRefusal(addDays(today, -1), today, addDays(today, -10))).toBe("expired");
    expect(placementRefusal(addDays(today, 5), today, addDays(today, 6))).toBe("expires-before-start");
    expect(placementRefusal(addDays(today, 5), today, addDays(today, 5))).toBeNull();
    expect(placementRefusal(today, today, null)).toBeNull();
    // A stay that began earlier, while the shelter was (and still is) certified.
    expect(placementRefusal(addDays(today, 30), today, addDays(today, -20))).toBeNull();
  });
});

describe("the certification checklist", () => {
  const criteria = [
    { id: "staff-knowledge", builtIn: true, retiredOn: null },
    { id: "needs-assessment", builtIn: true, retiredOn: null },
    { id: "client-participation", builtIn: true, retiredOn: null },
    { id: "added", builtIn: false, retiredOn: null },
  ];
  const met = (criterionId: string, assessedOn: string, validUntil: string, ok = true) => ({
    criterionId,
    met: ok,
    assessedOn,
    validUntil,
  });
  const all = [
    met("staff-knowledge", "2026-01-10", "2027-12-31"),
    met("needs-assessment", "2026-01-10", "2027-06-30"),
    met("client-participation", "2026-01-11", "2027-12-31"),
  ];

  it("certifies until the earliest end once every built-in criterion is met", () => {
    expect(checklistCertifiedUntil(criteria, all, null)).toBe("2027-06-30");
    expect(checklistCertifiedUntil(criteria, all.slice(0, 2), null)).toBeNull();
  });

  it("counts an added criterion from its first assessment, and a retired one no more", () => {
    expect(checklistCertifiedUntil(criteria, [...all, met("added", "2026-02-01", "2027-01-31")], null)).toBe(
      "2027-01-31",
    );
    expect(
      checklistCertifiedUntil(criteria, [...all, met("added", "2026-02-01", "2027-01-31", false)], null),
    ).toBeNull();
    const retired = criteria.map((c) => (c.id === "added" ? { ...c, retiredOn: "2026-03-01" } : c));
    expect(
      checklistCertifiedUntil(retired, [...all, met("added", "2026-02-01", "2027-01-31", false)], null),
    ).toBe("2027-06-30");
  });

  it("follows the latest assessment of a criterion", () => {
    const failed = [...all, met("needs-assessment", "2026-05-01", "2026-05-01", false)];
    expect(checklistCertifiedUntil(criteria, failed, null)).toBeNull();
    const again = [...failed, met("needs-assessment", "2026-06-01", "2028-05-31")];
    expect(checklistCertifiedUntil(criteria, again, null)).toBe("2027-12-31");
  });

  it("counts after a withdrawal only the assessments made after it", () => {
    expect(checklistCertifiedUntil(criteria, all, "2026-03-01")).toBeNull();
    expect(certificationOn(null, today, "2026-03-01").state).toBe("withdrawn");
    const renewed = [
      ...all,
      met("staff-knowledge", "2026-04-01", "2028-03-31"),
      met("needs-assessment", "2026-04-01", "2028-03-31"),
      met("client-participation", "2026-04-01", "2028-03-31"),
    ];
    expect(checklistCertifiedUntil(criteria, renewed, "2026-03-01")).toBe("2028-03-31");
  });
});

describe("which shelters fit a person", () => {
  const shelter = {
    accepts: ["women", "children"],
    forms: ["sexual", "labour"],
    capacity: 4,
    occupied: 1,
    certifiedUntil: "2027-12-31",
  };
  const woman = { ageGroup: "adult" as const, gender: "woman" };

  it("fits when certified, with a free place, taking the group and every form", () => {
    expect(shelterMisfits(shelter, woman, ["sexual"], today)).toEqual([]);
    expect(freePlaces(shelter)).toBe(3);
    expect(shelterMisfits({ ...shelter, occupied: 4 }, woman, ["sexual"], today)).toEqual(["full"]);
    expect(freePlaces({ capacity: 2, occupied: 5 })).toBe(0);
    expect(shelterMisfits(shelter, { ageGroup: "adult", gender: "man" }, ["sexual"], today)).toEqual([
      "group",
    ]);
    expect(shelterMisfits(shelter, woman, ["sexual", "begging"], today)).toEqual(["form"]);
    expect(shelterMisfits({ ...shelter, certifiedUntil: "2026-01-01" }, woman, [], today)).toEqual([
      "uncertified",
    ]);
    expect(shelterMisfits(shelter, { ageGroup: "child", gender: "man" }, ["labour"], today)).toEqual([]);
  });

  it("asks for a family place with accompanying children, and any adult place for another gender", () => {
    expect(groupsFor({ ...woman, withChildren: true })).toEqual([["women"], ["families"]]);
    expect(shelterMisfits(shelter, { ...woman, withChildren: true }, [], today)).toEqual(["group"]);
    expect(shelterMisfits(shelter, { ageGroup: "adult", gender: "non-binary" }, [], today)).toEqual([]);
  });
});
