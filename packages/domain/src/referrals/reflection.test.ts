import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "./dates.ts";
import {
  canApply,
  REFLECTION_DAYS,
  type ReflectionApplication,
  reflectionDeadlines,
  reflectionPeriodEnd,
  reflectionProblems,
  type WitnessPermit,
  witnessPermitDeadlines,
  witnessPermitProblems,
} from "./reflection.ts";
import { isoDate } from "./test-arbitraries.ts";

const granted: ReflectionApplication = {
  applicant: "social-welfare-board",
  status: "granted",
  submittedOn: "2026-03-01",
  decidedOn: "2026-03-05",
  permitStart: "2026-03-06",
};

describe("the reflection period", () => {
  it("lasts 30 days with the start day as day 1", () => {
    expect(REFLECTION_DAYS).toBe(30);
    expect(reflectionPeriodEnd("2026-03-01")).toBe("2026-03-30");
    expect(reflectionPeriodEnd("2026-02-01")).toBe("2026-03-02");
    expect(reflectionPeriodEnd("2028-02-01")).toBe("2028-03-01"); // leap year
    expect(reflectionPeriodEnd("2026-12-15")).toBe("2027-01-13");
  });

  it("always covers exactly 30 calendar days", () => {
    fc.assert(
      fc.property(isoDate, (start) => {
        expect(daysBetween(start, reflectionPeriodEnd(start)) + 1).toBe(30);
      }),
    );
  });

  it("lets both applicants apply, but only a preliminary-investigation leader for a witness permit", () => {
    expect(canApply("social-welfare-board", "reflection")).toBe(true);
    expect(canApply("preliminary-investigation-leader", "reflection")).toBe(true);
    expect(canApply("preliminary-investigation-leader", "witness-permit")).toBe(true);
    expect(canApply("social-welfare-board", "witness-permit")).toBe(false);
  });
});

describe("reflection deadlines", () => {
  it("warns 7 days before the last day of the period", () => {
    const on = (today: string) => reflectionDeadlines(granted, today)[0];
    expect(on("2026-03-06")).toMatchObject({ code: "reflection-ends", due: "2026-04-04", state: "upcoming" });
    expect(on("2026-03-27")).toMatchObject({ daysLeft: 8, state: "upcoming" });
    expect(on("2026-03-28")).toMatchObject({ daysLeft: 7, state: "due" });
    expect(on("2026-04-04")).toMatchObject({ daysLeft: 0, state: "due" });
    expect(on("2026-04-05")).toMatchObject({ daysLeft: -1, state: "overdue" });
    expect(reflectionDeadlines(granted, addDays("2026-04-04", 31))).toEqual([]);
  });

  it("follows up a decision pending more than 14 days", () => {
    const submitted: ReflectionApplication = {
      ...granted,
      status: "submitted",
      decidedOn: null,
      permitStart: null,
    };
    const on = (today: string) => reflectionDeadlines(submitted, today)[0];
    expect(on("2026-03-15")).toMatchObject({
      code: "reflection-decision-pending",
      due: "2026-03-15",
      state: "due",
    });
    expect(on("2026-03-16")).toMatchObject({ state: "overdue", params: { daysWaiting: 15 } });
    expect(on("2026-03-14")?.state).toBe("upcoming");
  });

  it("has none for drafts, rejections and withdrawals", () => {
    for (const status of ["draft", "rejected", "withdrawn"] as const) {
      expect(reflectionDeadlines({ ...granted, status }, "2026-03-20")).toEqual([]);
    }
  });
});

describe("the witness permit", () => {
  const permit: WitnessPermit = {
    applicant: "preliminary-investigation-leader",
    status: "granted",
    submittedOn: "2026-05-01",
    decidedOn: "2026-05-10",
    start: "2026-05-10",
    end: "2026-11-09",
  };

  it("warns 14 days before the permit ends", () => {
    expect(witnessPermitDeadlines(permit, "2026-10-25")[0]).toMatchObject({
      code: "witness-permit-ends",
      daysLeft: 15,
      state: "upcoming",
    });
    expect(witnessPermitDeadlines(permit, "2026-10-26")[0]).toMatchObject({ daysLeft: 14, state: "due" });
    expect(witnessPermitDeadlines(permit, "2026-11-10")[0]?.state).toBe("overdue");
    expect(witnessPermitDeadlines({ ...permit, status: "submitted" }, "2026-11-01")).toEqual([]);
  });

  it("is refused to a social welfare board and needs both dates once granted", () => {
    expect(witnessPermitProblems(permit)).toEqual([]);
    expect(witnessPermitProblems({ ...permit, applicant: "social-welfare-board" })).toEqual([
      { code: "applicant-not-allowed", field: "applicant" },
    ]);
    expect(witnessPermitProblems({ ...permit, end: null })).toEqual([{ code: "date-missing", field: "end" }]);
    expect(witnessPermitProblems({ ...permit, end: "2026-05-01" })).toEqual([
      { code: "date-order", field: "end" },
    ]);
  });

  it("checks the reflection application's dates", () => {
    expect(reflectionProblems(granted)).toEqual([]);
    expect(reflectionProblems({ ...granted, permitStart: null })).toEqual([
      { code: "date-missing", field: "permitStart" },
    ]);
    expect(reflectionProblems({ ...granted, decidedOn: "2026-02-01" })).toEqual([
      { code: "date-order", field: "decidedOn" },
    ]);
  });
});
