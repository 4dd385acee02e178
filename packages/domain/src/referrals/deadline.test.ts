import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates.ts";
import { classify, DEADLINE_CODES, type DeadlineState, makeDeadline, sortDeadlines } from "./deadline.ts";
import { isoDate } from "./test-arbitraries.ts";

const rank: Record<DeadlineState, number> = { upcoming: 0, due: 1, overdue: 2 };

describe("classify", () => {
  it("is due from warnDays before through the due day, overdue after", () => {
    const due = "2026-06-30";
    expect(classify(due, "2026-06-22", 7)).toBe("upcoming");
    expect(classify(due, "2026-06-23", 7)).toBe("due");
    expect(classify(due, "2026-06-30", 7)).toBe("due");
    expect(classify(due, "2026-07-01", 7)).toBe("overdue");
    expect(classify(due, "2026-06-29", 0)).toBe("upcoming");
    expect(classify(due, "2026-06-30", 0)).toBe("due");
  });

  it("refuses a negative or fractional warning period", () => {
    expect(() => classify("2026-06-30", "2026-06-01", -1)).toThrow(RangeError);
    expect(() => classify("2026-06-30", "2026-06-01", 1.5)).toThrow(RangeError);
  });

  it("never moves backwards as today advances", () => {
    fc.assert(
      fc.property(
        isoDate,
        isoDate,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 120 }),
        (due, today, step, warn) => {
          const later = addDays(today, step);
          expect(rank[classify(due, later, warn)]).toBeGreaterThanOrEqual(rank[classify(due, today, warn)]);
        },
      ),
    );
  });

  it("agrees with daysLeft", () => {
    fc.assert(
      fc.property(isoDate, isoDate, fc.integer({ min: 0, max: 120 }), (due, today, warn) => {
        const d = makeDeadline("reflection-ends", due, today, warn);
        expect(addDays(today, d.daysLeft)).toBe(due);
        expect(d.state === "overdue").toBe(d.daysLeft < 0);
        expect(d.state === "upcoming").toBe(d.daysLeft > warn);
      }),
    );
  });
});

describe("sortDeadlines", () => {
  it("orders by due date, then by code, without changing its input", () => {
    const today = "2026-01-01";
    const input = [
      makeDeadline("referral-unanswered", "2026-02-01", today, 0),
      makeDeadline("nsp-flat-rate-ends", "2026-01-15", today, 10),
      makeDeadline("reflection-ends", "2026-02-01", today, 7),
      makeDeadline("nsp-day-80", "2026-01-05", today, 0),
    ];
    const sorted = sortDeadlines(input);
    expect(sorted.map((d) => d.code)).toEqual([
      "nsp-day-80",
      "nsp-flat-rate-ends",
      "reflection-ends",
      "referral-unanswered",
    ]);
    expect(input[0]?.code).toBe("referral-unanswered");
  });

  it("lists every code once", () => {
    expect(new Set(DEADLINE_CODES).size).toBe(DEADLINE_CODES.length);
    expect(DEADLINE_CODES).toHaveLength(11);
  });

  it("omits params when there are none", () => {
    expect("params" in makeDeadline("amp-claims-close", "2026-01-01", "2026-01-01", 0)).toBe(false);
  });
});
