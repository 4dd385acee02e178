import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "./dates.ts";
import { InvalidTransitionError } from "./machine.ts";
import {
  extendNspPlacement,
  NSP_FLAT_RATE_DAYS,
  NSP_WARNING_DAY,
  type NspPlacement,
  nspDayDate,
  nspDaysUsed,
  nspDeadlines,
  nspPlacementProblems,
  nspSupportProblems,
} from "./nsp.ts";
import { isoDate } from "./test-arbitraries.ts";

const start = "2026-01-10";
/** The date of day n of the stay that starts on `start`. */
const day = (n: number) => addDays(start, n - 1);
const placed: NspPlacement = { status: "placed", start, end: null, extensionReason: null };
const byCode = (p: NspPlacement, today: string) =>
  Object.fromEntries(nspDeadlines(p, today).map((d) => [d.code, d]));

describe("NSP day counting", () => {
  it("counts the start day as day 1", () => {
    expect(NSP_FLAT_RATE_DAYS).toBe(90);
    expect(NSP_WARNING_DAY).toBe(80);
    expect(nspDayDate(start, 1)).toBe(start);
    expect(nspDaysUsed({ start }, day(1))).toBe(1);
    expect(nspDaysUsed({ start }, day(80))).toBe(80);
    expect(nspDaysUsed({ start }, day(90))).toBe(90);
    expect(nspDaysUsed({ start }, day(91))).toBe(91);
    expect(nspDayDate(start, 80)).toBe("2026-03-30");
    expect(nspDayDate(start, 90)).toBe("2026-04-09");
  });

  it("counts 0 before the stay starts", () => {
    expect(nspDaysUsed({ start }, addDays(start, -1))).toBe(0);
  });

  it("counts through the exit day, and a future end only up to today", () => {
    expect(nspDaysUsed({ start, end: day(30) }, day(60))).toBe(30);
    expect(nspDaysUsed({ start, end: start }, day(60))).toBe(1);
    expect(nspDaysUsed({ start, end: day(100) }, day(60))).toBe(60);
    expect(nspDaysUsed({ start, end: null }, day(60))).toBe(60);
  });

  it("crosses a leap day", () => {
    expect(nspDaysUsed({ start: "2028-02-01" }, "2028-03-01")).toBe(30);
    expect(nspDayDate("2028-01-01", 90)).toBe("2028-03-30");
    expect(nspDayDate("2027-01-01", 90)).toBe("2027-03-31");
  });

  it("is never negative and never more than the days from start to today", () => {
    fc.assert(
      fc.property(isoDate, isoDate, fc.option(isoDate, { nil: null }), (s, today, end) => {
        const used = nspDaysUsed({ start: s, end }, today);
        expect(used).toBeGreaterThanOrEqual(0);
        expect(used).toBeLessThanOrEqual(Math.max(0, daysBetween(s, today) + 1));
      }),
    );
  });
});

describe("NSP deadlines", () => {
  it("warns on day 80 and ends the flat rate on day 90", () => {
    const d = byCode(placed, day(1));
    expect(d["nsp-day-80"]).toMatchObject({ due: day(80), daysLeft: 79, state: "upcoming" });
    expect(d["nsp-flat-rate-ends"]).toMatchObject({
      due: day(90),
      daysLeft: 89,
      state: "upcoming",
      params: { daysUsed: 1, daysLeft: 89 },
    });
  });

  it("is due on day 80, with ten flat-rate days left after it", () => {
    const d = byCode(placed, day(80));
    expect(d["nsp-day-80"]).toMatchObject({ daysLeft: 0, state: "due" });
    expect(d["nsp-flat-rate-ends"]).toMatchObject({
      daysLeft: 10,
      state: "due",
      params: { daysUsed: 80, daysLeft: 10 },
    });
    expect(byCode(placed, day(79))["nsp-flat-rate-ends"]?.state).toBe("upcoming");
  });

  it("is still due on day 90 and overdue on day 91", () => {
    expect(byCode(placed, day(90))["nsp-flat-rate-ends"]).toMatchObject({
      daysLeft: 0,
      state: "due",
      params: { daysUsed: 90, daysLeft: 0 },
    });
    expect(byCode(placed, day(91))["nsp-flat-rate-ends"]).toMatchObject({
      daysLeft: -1,
      state: "overdue",
      params: { daysUsed: 91, daysLeft: 0 },
    });
    expect(byCode(placed, day(81))["nsp-day-80"]?.state).toBe("overdue");
  });

  it("keeps the 90-day limit after an extension", () => {
    const extended = extendNspPlacement(placed, "  awaiting the social services' decision ");
    expect(extended).toMatchObject({
      status: "extended",
      extensionReason: "awaiting the social services' decision",
    });
    expect(nspDeadlines(extended, day(95))).toEqual(nspDeadlines(placed, day(95)));
    expect(byCode(extended, day(95))["nsp-flat-rate-ends"]).toMatchObject({ due: day(90), state: "overdue" });
  });

  it("needs a reason and a placed stay to extend", () => {
    expect(() => extendNspPlacement(placed, "   ")).toThrow(/reason/);
    expect(() => extendNspPlacement({ ...placed, status: "requested" }, "x")).toThrow(InvalidTransitionError);
    expect(() => extendNspPlacement({ ...placed, status: "extended" }, "x")).toThrow(InvalidTransitionError);
  });

  it("ends with the exit, and has none before placement", () => {
    expect(nspDeadlines({ ...placed, status: "exited", end: day(85) }, day(85))).toEqual([]);
    for (const status of ["requested", "declined", "cancelled"] as const) {
      expect(nspDeadlines({ ...placed, status }, day(85))).toEqual([]);
    }
    expect(nspDeadlines({ ...placed, start: null }, day(85))).toEqual([]);
  });
});

describe("NSP data checks", () => {
  it("asks for the dates and the reason each status needs", () => {
    expect(nspPlacementProblems(placed)).toEqual([]);
    expect(nspPlacementProblems({ ...placed, start: null })).toEqual([
      { code: "date-missing", field: "start" },
    ]);
    expect(nspPlacementProblems({ ...placed, status: "exited" })).toEqual([
      { code: "date-missing", field: "end" },
    ]);
    expect(nspPlacementProblems({ ...placed, status: "extended" })).toEqual([
      { code: "reason-missing", field: "extensionReason" },
    ]);
    expect(nspPlacementProblems({ ...placed, end: addDays(start, -1) })).toEqual([
      { code: "date-order", field: "end" },
    ]);
    expect(nspPlacementProblems({ ...placed, start: "2026-02-30" })).toEqual([
      { code: "date-invalid", field: "start" },
    ]);
    expect(
      nspPlacementProblems({ status: "requested", start: null, end: null, extensionReason: null }),
    ).toEqual([]);
  });

  it("checks support without housing", () => {
    expect(nspSupportProblems({ kind: "one-off", status: "planned", start: null, end: null })).toEqual([]);
    expect(nspSupportProblems({ kind: "rehabilitation", status: "completed", start, end: null })).toEqual([
      { code: "date-missing", field: "end" },
    ]);
  });
});
