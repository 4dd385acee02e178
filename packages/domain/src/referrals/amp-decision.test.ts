import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AMP_APPLICATION_MACHINE,
  type AmpApplication,
  type AmpClaim,
  type AmpStatus,
  ampBalances,
  ampClaimProblem,
  ampMay,
  ampPhaseProblems,
  monthsAndDays,
} from "./amp.ts";
import { addMonths } from "./dates.ts";
import { canTransition } from "./index.ts";
import { isoDate } from "./test-arbitraries.ts";

const STATUSES = AMP_APPLICATION_MACHINE.states as readonly AmpStatus[];

const approved: AmpApplication = {
  status: "approved",
  submittedOn: "2026-01-05",
  approvedOn: "2026-02-01",
  phase: null,
  items: [
    { kind: "travel", amountSek: 6000 },
    { kind: "financial", amountSek: 20000 },
    { kind: "financial", amountSek: 5000 },
  ],
};

describe("who decides an ÅMP application (ADR 0028)", () => {
  it("lets only IOM approve, refuse, ask for more or close, and only the coordinator submit or withdraw", () => {
    expect(ampMay("iom", "submitted", "approved")).toBe(true);
    expect(ampMay("iom", "submitted", "refused")).toBe(true);
    expect(ampMay("iom", "submitted", "info-requested")).toBe(true);
    expect(ampMay("iom", "approved", "closed")).toBe(true);
    expect(ampMay("coordinator", "submitted", "approved")).toBe(false);
    expect(ampMay("coordinator", "submitted", "refused")).toBe(false);
    expect(ampMay("coordinator", "info-requested", "submitted")).toBe(true);
    expect(ampMay("iom", "info-requested", "submitted")).toBe(false);
    expect(ampMay("iom", "prepared", "submitted")).toBe(false);
  });

  it("never lets the coordinator's referral changes reach IOM's decisions, from any status", () => {
    for (const from of STATUSES)
      for (const to of ["approved", "refused", "info-requested", "closed"]) {
        const app = { ...approved, type: "amp" as const, status: from };
        expect(canTransition(app, to)).toBe(false);
      }
  });

  it("splits every move of the machine between exactly one side", () => {
    for (const from of STATUSES)
      for (const to of AMP_APPLICATION_MACHINE.next(from)) {
        expect(Number(ampMay("iom", from, to)) + Number(ampMay("coordinator", from, to))).toBe(1);
      }
  });
});

describe("claims against granted support", () => {
  it("sums items of one kind and subtracts what was paid", () => {
    const claims: AmpClaim[] = [{ kind: "financial", amountSek: 4000, on: "2026-03-01" }];
    expect(ampBalances(approved.items, claims)).toEqual([
      { kind: "travel", grantedSek: 6000, claimedSek: 0, remainingSek: 6000 },
      { kind: "financial", grantedSek: 25000, claimedSek: 4000, remainingSek: 21000 },
    ]);
  });

  it("refuses a claim over the balance, of a kind not granted, outside the window or before approval", () => {
    const paid: AmpClaim[] = [{ kind: "travel", amountSek: 5000, on: "2026-02-10" }];
    const claim = (c: Partial<AmpClaim>) =>
      ampClaimProblem(approved, paid, { kind: "travel", amountSek: 1000, on: "2026-03-01", ...c });
    expect(claim({})).toBeNull();
    expect(claim({ amountSek: 1001 })).toBe("claim-over-balance");
    expect(claim({ kind: "housing" })).toBe("claim-not-granted");
    expect(claim({ on: "2028-02-01" })).toBeNull();
    expect(claim({ on: "2028-02-02" })).toBe("claim-window");
    expect(claim({ on: "2026-01-31" })).toBe("claim-window");
    expect(
      ampClaimProblem({ ...approved, status: "closed" }, [], {
        kind: "travel",
        amountSek: 1,
        on: "2026-03-01",
      }),
    ).toBe("claim-not-approved");
  });

  it("never lets accepted claims add up to more than was granted", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 30000 }), { maxLength: 20 }), (amounts) => {
        const paid: AmpClaim[] = [];
        for (const amountSek of amounts) {
          const c: AmpClaim = { kind: "financial", amountSek, on: "2026-06-01" };
          if (ampClaimProblem(approved, paid, c) === null) paid.push(c);
        }
        const total = paid.reduce((s, c) => s + c.amountSek, 0);
        expect(total).toBeLessThanOrEqual(25000);
      }),
    );
  });
});

describe("the remaining window in months and days", () => {
  it("counts whole months, then days", () => {
    expect(monthsAndDays("2026-02-01", "2028-02-01")).toEqual({ months: 24, days: 0 });
    expect(monthsAndDays("2026-01-31", "2026-03-02")).toEqual({ months: 1, days: 2 });
    expect(monthsAndDays("2026-03-02", "2026-03-01")).toEqual({ months: 0, days: 0 });
  });

  it("lands on the closing day for any pair of dates", () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const { months, days } = monthsAndDays(from, to);
        const mid = addMonths(from, months);
        expect(mid <= to).toBe(true);
        expect(addMonths(from, months + 1) > to).toBe(true);
        expect(days).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("phases with dates", () => {
  const today = "2026-06-01";
  it("takes the next phase with a day after the approval and the previous phase", () => {
    expect(ampPhaseProblems(approved, "pre-departure", "2026-02-02", today)).toEqual([]);
    const pre = {
      ...approved,
      phase: "pre-departure" as const,
      phaseDates: { "pre-departure": "2026-03-01" },
    };
    expect(ampPhaseProblems(pre, "travel", "2026-03-01", today)).toEqual([]);
    expect(ampPhaseProblems(pre, "travel", "2026-02-20", today)).toEqual([
      { code: "date-order", field: "on" },
    ]);
    expect(ampPhaseProblems(pre, "reintegration", "2026-03-05", today)).toEqual([
      { code: "phase-order", field: "phase" },
    ]);
    expect(ampPhaseProblems(approved, "pre-departure", "2026-01-20", today)).toEqual([
      { code: "date-order", field: "on" },
    ]);
    expect(ampPhaseProblems(approved, "pre-departure", "2026-07-01", today)).toEqual([
      { code: "date-future", field: "on" },
    ]);
    expect(ampPhaseProblems(approved, "pre-departure", "2026-02-30", today)).toEqual([
      { code: "date-invalid", field: "on" },
    ]);
  });

  it("holds a child's return before the journey until both sides have confirmed", () => {
    const pre = {
      ...approved,
      child: true,
      phase: "pre-departure" as const,
      phaseDates: { "pre-departure": "2026-03-01" },
    };
    const one = { ...pre, childConfirmations: { coordinator: { on: "2026-03-02", by: "K" } } };
    const both = {
      ...pre,
      childConfirmations: { ...one.childConfirmations, iom: { on: "2026-03-03", by: "I" } },
    };
    expect(ampPhaseProblems(pre, "travel", "2026-03-05", today)).toEqual([
      { code: "child-unconfirmed", field: "phase" },
    ]);
    expect(ampPhaseProblems(one, "travel", "2026-03-05", today)).toEqual([
      { code: "child-unconfirmed", field: "phase" },
    ]);
    expect(ampPhaseProblems(both, "travel", "2026-03-05", today)).toEqual([]);
  });
});
