import { describe, expect, it } from "vitest";
import { isDue, reviewState } from "./content-review.ts";

describe("reviewState", () => {
  it("holds example text as awaiting its first review", () => {
    expect(reviewState({ status: "example" }, "2026-11-24")).toEqual({
      state: "awaiting",
      dueOn: "2026-11-24",
    });
  });
  it("puts a reviewed page due a year after its review, soon in the 30 days before", () => {
    const r = { status: "reviewed" as const, lastReviewed: "2025-12-01" };
    expect(reviewState(r, "2026-10-31").state).toBe("current");
    expect(reviewState(r, "2026-11-01")).toEqual({ state: "soon", dueOn: "2026-12-01" });
    expect(reviewState(r, "2026-12-01").state).toBe("overdue");
    expect(isDue("current")).toBe(false);
    expect(isDue("soon")).toBe(true);
  });
});
