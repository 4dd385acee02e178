import { describe, expect, it } from "vitest";
import { coarsenPeriod, yearFamily } from "./periods.ts";

describe("the period family of a year", () => {
  it("lists months, quarters, year-to-date and the year, each once", () => {
    const family = yearFamily(2026);
    expect(family).toHaveLength(12 + 4 + 9 + 1);
    expect(new Set(family.map((p) => p.atoms.join())).size).toBe(family.length);
    expect(family.find((p) => p.id === "2026-Q1")?.atoms).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(family.find((p) => p.id === "2026-01..07")).toMatchObject({
      from: "2026-01-01",
      to: "2026-07-31",
    });
    expect(family.find((p) => p.id === "2026-02")?.to).toBe("2026-02-28");
    expect(yearFamily(2028).find((p) => p.id === "2028-02")?.to).toBe("2028-02-29");
  });

  it("widens a period in days to the smallest period of the family that covers it", () => {
    expect(coarsenPeriod("2026-07-03", "2026-07-20").id).toBe("2026-07");
    expect(coarsenPeriod("2026-07-03", "2026-08-20").id).toBe("2026-Q3");
    expect(coarsenPeriod("2026-01-01", "2026-07-31").id).toBe("2026-01..07");
    expect(coarsenPeriod("2026-01-15", "2026-06-30").id).toBe("2026-01..06");
    expect(coarsenPeriod("2026-03-01", "2026-08-31").id).toBe("2026-01..08");
    expect(coarsenPeriod("2026-03-01", "2026-12-31").id).toBe("2026");
    expect(() => coarsenPeriod("2025-12-01", "2026-01-31")).toThrow(RangeError);
    expect(() => coarsenPeriod("2026-02-30", "2026-03-01")).toThrow(RangeError);
    expect(() => coarsenPeriod("2026-05-01", "2026-04-01")).toThrow(RangeError);
  });
});
