import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./referrals/dates.ts";
import { isoDate } from "./referrals/test-arbitraries.ts";
import { CERTIFICATION_WARNING_DAYS, certificationOn, isCertifiedOn, placementRefusal } from "./shelters.ts";

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
