import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stayMonths, sumDays } from "./flat-rate.ts";
import { addDays, daysBetween } from "./referrals/dates.ts";
import { nspDaysUsed } from "./referrals/nsp.ts";
import { isoDate } from "./referrals/test-arbitraries.ts";

describe("the flat-rate basis", () => {
  it("splits a stay into months, day 1 to 90 at the flat rate and the rest apart", () => {
    // 2026-01-20 is day 1; day 90 is 2026-04-19; the exit on 2026-05-05 is day 106.
    const stay = { start: "2026-01-20", end: "2026-05-05", extended: false };
    expect(stayMonths(stay, "2026-01-01", "2026-12-31", "2026-12-07")).toEqual([
      { month: "2026-01", flatRate: 12, extension: 0, beyond: 0 },
      { month: "2026-02", flatRate: 28, extension: 0, beyond: 0 },
      { month: "2026-03", flatRate: 31, extension: 0, beyond: 0 },
      { month: "2026-04", flatRate: 19, extension: 0, beyond: 11 },
      { month: "2026-05", flatRate: 0, extension: 0, beyond: 5 },
    ]);
    expect(stayMonths({ ...stay, extended: true }, "2026-04-01", "2026-04-30", "2026-12-07")).toEqual([
      { month: "2026-04", flatRate: 19, extension: 11, beyond: 0 },
    ]);
  });

  it("counts a running stay up to today, and nothing before it starts or outside the period", () => {
    const running = { start: "2026-12-01", end: null, extended: false };
    expect(stayMonths(running, "2026-01-01", "2026-12-31", "2026-12-07")).toEqual([
      { month: "2026-12", flatRate: 7, extension: 0, beyond: 0 },
    ]);
    expect(stayMonths(running, "2026-01-01", "2026-11-30", "2026-12-07")).toEqual([]);
    expect(stayMonths({ ...running, start: "2026-12-10" }, "2026-01-01", "2026-12-31", "2026-12-07")).toEqual(
      [],
    );
  });

  it("never pays more than 90 flat-rate days, and every day of the stay is counted once", () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.boolean(),
        fc.boolean(),
        (start, length, later, extended, ended) => {
          const end = addDays(start, length);
          const today = addDays(start, later);
          const stay = { start, end: ended ? end : null, extended };
          // The whole life of the stay, from its start to well after it.
          const months = stayMonths(stay, start, addDays(start, 800), today);
          const total = sumDays(months);
          const used = nspDaysUsed(stay, today);
          expect(total.flatRate).toBeLessThanOrEqual(90);
          expect(total.flatRate + total.extension + total.beyond).toBe(used);
          expect(total.flatRate).toBe(Math.min(90, used));
          if (!extended) expect(total.extension).toBe(0);
          else expect(total.beyond).toBe(0);
          for (const m of months) expect(m.flatRate + m.extension + m.beyond).toBeGreaterThan(0);
          // Months are consecutive and each counted within its own length.
          for (const m of months) expect(m.flatRate + m.extension + m.beyond).toBeLessThanOrEqual(31);
          expect(daysBetween(start, today)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
