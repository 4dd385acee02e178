import { describe, expect, it } from "vitest";
import { type OtherReferral, otherReferralDeadlines, otherReferralProblems } from "./other.ts";

const sent: OtherReferral = { kind: "kast", status: "sent", sentOn: "2026-09-01", answeredOn: null };

describe("other referrals", () => {
  it("follow up a referral unanswered for more than 14 days", () => {
    expect(otherReferralDeadlines(sent, "2026-09-14")[0]).toMatchObject({
      code: "referral-unanswered",
      due: "2026-09-15",
      state: "upcoming",
      params: { kind: "kast", daysWaiting: 13 },
    });
    expect(otherReferralDeadlines(sent, "2026-09-15")[0]?.state).toBe("due");
    expect(otherReferralDeadlines(sent, "2026-09-16")[0]?.state).toBe("overdue");
  });

  it("stop once answered, and not before sending", () => {
    for (const status of ["planned", "accepted", "declined", "completed", "cancelled"] as const) {
      expect(otherReferralDeadlines({ ...sent, status, answeredOn: "2026-09-03" }, "2026-10-01")).toEqual([]);
    }
  });

  it("check the dates each status needs", () => {
    expect(otherReferralProblems(sent)).toEqual([]);
    expect(otherReferralProblems({ ...sent, status: "accepted" })).toEqual([
      { code: "date-missing", field: "answeredOn" },
    ]);
    expect(otherReferralProblems({ ...sent, sentOn: null })).toEqual([
      { code: "date-missing", field: "sentOn" },
    ]);
  });
});
