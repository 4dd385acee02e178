import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { swedishToday } from "../office-hours.ts";
import {
  type AMP_FOLLOW_UP_KINDS,
  type AmpApplication,
  type AmpStatus,
  acceptsFollowUps,
  ampClaimWindow,
  ampDeadlines,
  ampFollowUpProblems,
  ampProblems,
  canAdvanceAmpPhase,
  canAmpTransition,
  canClaim,
  isChildOn,
  totalGranted,
  withChildRoutine,
} from "./amp.ts";
import { addDays, addYears } from "./dates.ts";
import { isoDate } from "./test-arbitraries.ts";

const approved: AmpApplication = {
  status: "approved",
  submittedOn: "2026-01-05",
  approvedOn: "2026-02-01",
  phase: null,
  items: [],
};

describe("the ÅMP claim window", () => {
  it("runs from approval through the same day two years later", () => {
    expect(ampClaimWindow({ approvedOn: "2026-02-01" }, "2026-02-01")).toEqual({
      closesOn: "2028-02-01",
      daysLeft: 730,
      open: true,
    });
    expect(ampClaimWindow({ approvedOn: "2026-02-01" }, "2028-02-01")).toMatchObject({
      daysLeft: 0,
      open: true,
    });
    expect(ampClaimWindow({ approvedOn: "2026-02-01" }, "2028-02-02")).toMatchObject({
      daysLeft: -1,
      open: false,
    });
    expect(ampClaimWindow({ approvedOn: "2026-02-01" }, "2026-01-31").open).toBe(false);
  });

  it("handles leap years", () => {
    expect(ampClaimWindow({ approvedOn: "2024-02-29" }, "2024-02-29")).toMatchObject({
      closesOn: "2026-02-28",
      daysLeft: 730,
    });
    expect(ampClaimWindow({ approvedOn: "2027-03-01" }, "2027-03-01")).toMatchObject({
      closesOn: "2029-03-01",
      daysLeft: 731, // includes 29 February 2028
    });
    expect(ampClaimWindow({ approvedOn: "2026-02-28" }, "2026-02-28").closesOn).toBe("2028-02-28");
  });

  it("rejects a claim dated after the window, before approval, or without an approval", () => {
    expect(canClaim(approved, "2026-02-01")).toBe(true);
    expect(canClaim(approved, "2028-02-01")).toBe(true);
    expect(canClaim(approved, "2028-02-02")).toBe(false);
    expect(canClaim(approved, "2026-01-31")).toBe(false);
    expect(canClaim({ ...approved, status: "withdrawn" }, "2026-03-01")).toBe(false);
    expect(canClaim({ status: "submitted", approvedOn: null }, "2026-03-01")).toBe(false);
  });

  it("is open exactly from approval to approval + 2 years", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -100, max: 900 }), (approvedOn, offset) => {
        const on = addDays(approvedOn, offset);
        const closesOn = addYears(approvedOn, 2);
        expect(canClaim({ status: "approved", approvedOn }, on)).toBe(on >= approvedOn && on <= closesOn);
      }),
    );
  });
});

describe("ÅMP rules", () => {
  it("allows withdrawing an approved return only before travel", () => {
    expect(canAmpTransition(approved, "withdrawn")).toBe(true);
    expect(canAmpTransition({ ...approved, phase: "pre-departure" }, "withdrawn")).toBe(true);
    expect(canAmpTransition({ ...approved, phase: "travel" }, "withdrawn")).toBe(false);
    expect(canAmpTransition({ ...approved, phase: "reintegration" }, "withdrawn")).toBe(false);
    expect(canAmpTransition({ status: "prepared", phase: null }, "withdrawn")).toBe(true);
    expect(canAmpTransition({ status: "refused", phase: null }, "withdrawn")).toBe(false);
  });

  it("runs phases only after approval, from pre-departure onwards", () => {
    expect(canAdvanceAmpPhase(approved, "pre-departure")).toBe(true);
    expect(canAdvanceAmpPhase(approved, "travel")).toBe(false);
    expect(canAdvanceAmpPhase({ ...approved, phase: "pre-departure" }, "travel")).toBe(true);
    expect(canAdvanceAmpPhase({ ...approved, phase: "reintegration" }, "completed")).toBe(true);
    expect(canAdvanceAmpPhase({ ...approved, phase: "completed" }, "completed")).toBe(false);
    expect(canAdvanceAmpPhase({ status: "submitted", phase: null }, "pre-departure")).toBe(false);
  });

  it("adds granted support in whole kronor", () => {
    expect(totalGranted([])).toBe(0);
    expect(
      totalGranted([
        { kind: "travel", amountSek: 4_500 },
        { kind: "financial", amountSek: 12_000 },
        { kind: "escort", amountSek: 0 },
      ]),
    ).toBe(16_500);
    expect(() => totalGranted([{ kind: "housing", amountSek: -1 }])).toThrow(RangeError);
    expect(() => totalGranted([{ kind: "housing", amountSek: 10.5 }])).toThrow(RangeError);
    expect(() => totalGranted([{ kind: "housing", amountSek: Number.NaN }])).toThrow(RangeError);
  });
});

describe("ÅMP deadlines", () => {
  const submitted: AmpApplication = { ...approved, status: "submitted", approvedOn: null };

  it("follows up a decision pending more than 30 days", () => {
    const on = (today: string) => ampDeadlines(submitted, today)[0];
    expect(on("2026-01-05")).toMatchObject({
      code: "amp-decision-pending",
      due: "2026-02-04",
      state: "upcoming",
    });
    expect(on("2026-02-04")).toMatchObject({ state: "due", daysLeft: 0, params: { daysWaiting: 30 } });
    expect(on("2026-02-05")).toMatchObject({ state: "overdue", params: { daysWaiting: 31 } });
    expect(ampDeadlines(approved, "2026-02-05").map((d) => d.code)).not.toContain("amp-decision-pending");
  });

  it("makes the coordinator's answer due 14 days after IOM asked, in its last week due, then overdue", () => {
    const asked: AmpApplication = {
      ...submitted,
      status: "info-requested",
      submittedOn: "2026-01-05",
      infoRequestedOn: "2026-01-20",
    };
    const on = (today: string) => ampDeadlines(asked, today)[0];
    expect(on("2026-01-26")).toMatchObject({
      code: "amp-answer-pending",
      due: "2026-02-03",
      state: "upcoming",
      params: { since: "2026-01-20", daysWaiting: 6 },
    });
    expect(on("2026-01-27")).toMatchObject({ state: "due", daysLeft: 7 });
    expect(on("2026-02-03")).toMatchObject({ state: "due", daysLeft: 0 });
    expect(on("2026-02-04")).toMatchObject({ state: "overdue", daysLeft: -1, params: { daysWaiting: 15 } });
    expect(ampDeadlines(asked, "2026-02-04")).toHaveLength(1);
    // Asked before the day was kept: counted from the submission, never later than the truth.
    expect(ampDeadlines({ ...asked, infoRequestedOn: undefined }, "2026-01-19")[0]).toMatchObject({
      code: "amp-answer-pending",
      due: "2026-01-19",
      params: { since: "2026-01-05" },
    });
    // Answered (resubmitted): IOM's decision is due again, from the first submission.
    expect(ampDeadlines({ ...asked, status: "submitted" }, "2026-02-04").map((d) => [d.code, d.due])).toEqual(
      [["amp-decision-pending", "2026-02-04"]],
    );
    // A question before the submission is not a date the rules accept.
    expect(ampProblems({ ...asked, infoRequestedOn: "2026-01-01" })).toEqual([
      { code: "date-order", field: "infoRequestedOn" },
    ]);
  });

  it("counts the answer's days on the Swedish calendar day, not the UTC date", () => {
    const asked: AmpApplication = {
      ...submitted,
      status: "info-requested",
      submittedOn: "2026-06-01",
      infoRequestedOn: "2026-06-02",
    };
    // 00:30 in Stockholm on 17 June is still 16 June in UTC: the answer is already overdue.
    const day = swedishToday(new Date("2026-06-16T22:30:00Z"));
    expect(day).toBe("2026-06-17");
    expect(ampDeadlines(asked, day)[0]).toMatchObject({ state: "overdue", daysLeft: -1 });
  });

  it("warns 60 days before the claim window closes", () => {
    const on = (today: string) => ampDeadlines(approved, today)[0];
    expect(on("2027-12-02")).toMatchObject({
      code: "amp-claims-close",
      due: "2028-02-01",
      daysLeft: 61,
      state: "upcoming",
    });
    expect(on("2027-12-03")).toMatchObject({ daysLeft: 60, state: "due" });
    expect(on("2028-02-02")).toMatchObject({ state: "overdue" });
    expect(on("2028-03-02")).toMatchObject({ state: "overdue", daysLeft: -30 });
    expect(ampDeadlines(approved, "2028-03-03")).toEqual([]);
  });

  it("has none for prepared, refused or withdrawn applications", () => {
    for (const status of ["prepared", "refused", "withdrawn"] as const) {
      expect(ampDeadlines({ ...approved, status }, "2026-06-01")).toEqual([]);
    }
  });
});

describe("ÅMP data checks", () => {
  it("reports missing dates, phases out of place and bad amounts", () => {
    expect(ampProblems(approved)).toEqual([]);
    expect(ampProblems({ ...approved, approvedOn: null })).toEqual([
      { code: "date-missing", field: "approvedOn" },
    ]);
    expect(ampProblems({ ...approved, approvedOn: "2026-01-01" })).toEqual([
      { code: "date-order", field: "approvedOn" },
    ]);
    expect(ampProblems({ ...approved, status: "submitted", approvedOn: null, phase: "travel" })).toEqual([
      { code: "phase-invalid", field: "phase" },
    ]);
    expect(ampProblems({ ...approved, items: [{ kind: "legal", amountSek: -5 }] })).toEqual([
      { code: "amount-invalid", field: "items.0.amountSek" },
    ]);
  });
});

describe("ÅMP follow-up entries", () => {
  const submitted: AmpApplication = { ...approved, status: "submitted", approvedOn: null };
  const home: AmpApplication = { ...approved, phase: "reintegration" };

  it("belong to an application with IOM or running, not to a draft or an ended one", () => {
    const statuses: AmpStatus[] = ["prepared", "submitted", "approved", "refused", "withdrawn"];
    expect(statuses.filter((status) => acceptsFollowUps({ status }))).toEqual(["submitted", "approved"]);
  });

  it("accept a day from submission through today", () => {
    expect(ampFollowUpProblems(submitted, { on: "2026-01-05", kind: "iom-contact" }, "2026-01-05")).toEqual(
      [],
    );
    expect(ampFollowUpProblems(approved, { on: "2026-03-01", kind: "person-contact" }, "2026-03-01")).toEqual(
      [],
    );
    expect(
      ampFollowUpProblems(home, { on: "2027-06-01", kind: "reintegration-check" }, "2027-06-30"),
    ).toEqual([]);
  });

  it("refuse a day in the future, before submission, or not a date", () => {
    expect(ampFollowUpProblems(approved, { on: "2026-03-02", kind: "other" }, "2026-03-01")).toEqual([
      { code: "date-future", field: "on" },
    ]);
    expect(ampFollowUpProblems(approved, { on: "2026-01-04", kind: "other" }, "2026-03-01")).toEqual([
      { code: "date-order", field: "on" },
    ]);
    expect(ampFollowUpProblems(approved, { on: "2026-02-30", kind: "other" }, "2026-03-01")).toEqual([
      { code: "date-invalid", field: "on" },
    ]);
  });

  it("refuse an unknown kind, and a reintegration check before the return reached reintegration", () => {
    const kind = "visit" as (typeof AMP_FOLLOW_UP_KINDS)[number];
    expect(ampFollowUpProblems(approved, { on: "2026-03-01", kind }, "2026-03-01")).toEqual([
      { code: "kind-invalid", field: "kind" },
    ]);
    for (const app of [submitted, approved, { ...approved, phase: "travel" as const }]) {
      expect(
        ampFollowUpProblems(app, { on: "2026-03-01", kind: "reintegration-check" }, "2026-03-01"),
      ).toEqual([{ code: "kind-too-early", field: "kind" }]);
    }
    expect(
      ampFollowUpProblems(
        { ...approved, phase: "completed" },
        { on: "2026-03-01", kind: "reintegration-check" },
        "2026-03-01",
      ),
    ).toEqual([]);
  });

  it("accept exactly the days from submission to today", () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: -50, max: 900 }),
        fc.integer({ min: -50, max: 900 }),
        (s, a, b) => {
          const on = addDays(s, a);
          const today = addDays(s, b);
          const app = { ...submitted, submittedOn: s };
          const ok = ampFollowUpProblems(app, { on, kind: "iom-contact" }, today).length === 0;
          expect(ok).toBe(on >= s && on <= today);
        },
      ),
    );
  });
});

describe("a child's return follows the person", () => {
  it("is a child when recorded as one, or born in a year that makes them under 18 on the day", () => {
    expect(isChildOn({ ageGroup: "child", birthYear: null }, "2026-12-07")).toBe(true);
    expect(isChildOn({ ageGroup: "adult", birthYear: null }, "2026-12-07")).toBe(false);
    // Born 2009: 17 at most on any day of 2026.
    expect(isChildOn({ ageGroup: "adult", birthYear: 2009 }, "2026-12-31")).toBe(true);
    // Born 2008: 18 by the end of 2026, so the recorded age group decides.
    expect(isChildOn({ ageGroup: "adult", birthYear: 2008 }, "2026-01-01")).toBe(false);
    // New Year's night: 00:30 on 1 January in Stockholm is still 31 December in UTC.
    const newYear = swedishToday(new Date("2026-12-31T23:30:00Z"));
    expect(newYear).toBe("2027-01-01");
    expect(isChildOn({ ageGroup: "adult", birthYear: 2009 }, newYear)).toBe(false);
    expect(isChildOn({ ageGroup: "adult", birthYear: 2009 }, "2026-12-31")).toBe(true);
  });

  it("flags a child's application whatever was stored, and keeps an adult's own flag", () => {
    expect(withChildRoutine({ child: false }, true)).toEqual({ child: true });
    expect(withChildRoutine({}, true)).toEqual({ child: true });
    expect(withChildRoutine({ child: true }, false)).toEqual({ child: true });
    expect(withChildRoutine({ child: false }, false)).toEqual({ child: false });
  });
});
