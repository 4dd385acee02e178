import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addYears, daysBetween, isIsoDate } from "./dates.ts";
import { isoDate } from "./test-arbitraries.ts";

describe("calendar dates", () => {
  it("recognises real ISO dates only", () => {
    for (const s of ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01", "9999-12-31"]) {
      expect(isIsoDate(s), s).toBe(true);
    }
    for (const s of [
      "2025-02-29",
      "1900-02-29",
      "2024-13-01",
      "2024-04-31",
      "2024-1-01",
      "20240101",
      "",
      "0000-01-01",
    ]) {
      expect(isIsoDate(s), s).toBe(false);
    }
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate("2024-01-01T00:00:00Z")).toBe(false);
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-29", 0)).toBe("2026-03-29"); // summer time starts that day in Sweden
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
  });

  it("counts days between dates", () => {
    expect(daysBetween("2026-01-01", "2026-01-01")).toBe(0);
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2026-03-31", "2026-03-01")).toBe(-30);
  });

  it("adds years, turning 29 February into 28 February", () => {
    expect(addYears("2024-02-29", 2)).toBe("2026-02-28");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
    expect(addYears("2026-02-28", 2)).toBe("2028-02-28");
    expect(addYears("2025-03-01", 2)).toBe("2027-03-01");
  });

  it("rejects bad input", () => {
    expect(() => addDays("2025-02-29", 1)).toThrow(RangeError);
    expect(() => addDays("2025-01-01", 1.5)).toThrow(RangeError);
    expect(() => daysBetween("yesterday", "2025-01-01")).toThrow(RangeError);
    expect(() => addYears("9999-01-01", 1)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
  });

  it("keeps addDays and daysBetween consistent, and string order equal to date order", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const e = addDays(d, n);
        expect(isIsoDate(e)).toBe(true);
        expect(daysBetween(d, e)).toBe(n);
        expect(addDays(e, -n)).toBe(d);
        expect(e > d).toBe(n > 0);
      }),
    );
  });

  it("adds years to the same day, or the last day of February", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -50, max: 50 }), (d, n) => {
        const e = addYears(d, n);
        expect(Number(e.slice(0, 4))).toBe(Number(d.slice(0, 4)) + n);
        if (d.slice(5) === "02-29") expect(["02-28", "02-29"]).toContain(e.slice(5));
        else expect(e.slice(5)).toBe(d.slice(5));
      }),
    );
  });
});
