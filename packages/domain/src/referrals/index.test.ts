import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates.ts";
import {
  type AmpSupportItem,
  assertTransition,
  canTransition,
  DEADLINE_CODES,
  deadlinesFor,
  InvalidTransitionError,
  REFERRAL_MACHINES,
  REFERRAL_TYPES,
  type Referral,
  referralMachine,
  referralProblems,
} from "./index.ts";
import { isoDate } from "./test-arbitraries.ts";

const placement: Referral = {
  type: "nsp-placement",
  status: "placed",
  start: "2026-01-10",
  end: null,
  extensionReason: null,
};

describe("deadlinesFor", () => {
  it("returns each referral's deadlines sorted by due date", () => {
    const today = "2026-03-30"; // day 80 of the placement
    expect(deadlinesFor(placement, today).map((d) => [d.code, d.due, d.state])).toEqual([
      ["nsp-day-80", "2026-03-30", "due"],
      ["nsp-flat-rate-ends", "2026-04-09", "due"],
    ]);
    const amp: Referral = {
      type: "amp",
      status: "approved",
      submittedOn: "2025-01-01",
      approvedOn: "2025-02-01",
      phase: "reintegration",
      items: [{ kind: "travel", amountSek: 3000 }],
    };
    expect(deadlinesFor(amp, today)).toEqual([
      { code: "amp-claims-close", due: "2027-02-01", daysLeft: 308, state: "upcoming" },
    ]);
    expect(
      deadlinesFor(
        { type: "nsp-support", kind: "reintegration", status: "ongoing", start: today, end: null },
        today,
      ),
    ).toEqual([]);
  });

  it("covers every referral type and is always sorted", () => {
    const referral: fc.Arbitrary<Referral> = fc.oneof(
      fc.record({
        type: fc.constant("nsp-placement" as const),
        status: fc.constantFrom(...REFERRAL_MACHINES["nsp-placement"].states),
        start: isoDate,
        end: fc.constant(null),
        extensionReason: fc.constant(null),
      }),
      fc.record({
        type: fc.constant("amp" as const),
        status: fc.constantFrom(...REFERRAL_MACHINES.amp.states),
        submittedOn: isoDate,
        approvedOn: isoDate,
        phase: fc.constant(null),
        items: fc.constant<AmpSupportItem[]>([]),
      }),
      fc.record({
        type: fc.constant("reflection" as const),
        applicant: fc.constant("social-welfare-board" as const),
        status: fc.constantFrom(...REFERRAL_MACHINES.reflection.states),
        submittedOn: isoDate,
        decidedOn: fc.constant(null),
        permitStart: isoDate,
      }),
      fc.record({
        type: fc.constant("witness-permit" as const),
        applicant: fc.constant("preliminary-investigation-leader" as const),
        status: fc.constantFrom(...REFERRAL_MACHINES["witness-permit"].states),
        submittedOn: isoDate,
        decidedOn: fc.constant(null),
        start: isoDate,
        end: isoDate,
      }),
      fc.record({
        type: fc.constant("other" as const),
        kind: fc.constantFrom("kast" as const, "mika" as const),
        status: fc.constantFrom(...REFERRAL_MACHINES.other.states),
        sentOn: isoDate,
        answeredOn: fc.constant(null),
      }),
    );
    fc.assert(
      fc.property(referral, isoDate, (r, today) => {
        const list = deadlinesFor(r, today);
        for (let i = 1; i < list.length; i++) {
          expect((list[i - 1]?.due ?? "") <= (list[i]?.due ?? "")).toBe(true);
        }
        for (const d of list) {
          expect(DEADLINE_CODES).toContain(d.code);
          expect(addDays(today, d.daysLeft)).toBe(d.due);
        }
        // A granted permit is final as an application, but its period still runs.
        if (referralMachine(r.type).isFinal(r.status) && r.status !== "granted") expect(list).toEqual([]);
      }),
    );
  });
});

describe("transitions on stored referrals", () => {
  it("has a machine for every referral type", () => {
    for (const type of REFERRAL_TYPES) expect(referralMachine(type).states.length).toBeGreaterThan(0);
  });

  it("checks statuses given as plain strings", () => {
    expect(canTransition(placement, "extended")).toBe(true);
    expect(canTransition(placement, "requested")).toBe(false);
    expect(canTransition(placement, "no-such-status")).toBe(false);
    expect(() => assertTransition(placement, "requested")).toThrow(InvalidTransitionError);
  });

  it("applies the ÅMP rule on withdrawal after travel", () => {
    const amp: Referral = {
      type: "amp",
      status: "approved",
      submittedOn: "2026-01-01",
      approvedOn: "2026-01-20",
      phase: "travel",
      items: [],
    };
    expect(canTransition(amp, "withdrawn")).toBe(false);
    expect(canTransition({ ...amp, phase: "pre-departure" }, "withdrawn")).toBe(true);
    expect(() => assertTransition(amp, "withdrawn")).toThrow(/amp-application/);
  });

  it("routes data checks by type", () => {
    expect(referralProblems(placement)).toEqual([]);
    expect(
      referralProblems({
        type: "witness-permit",
        applicant: "social-welfare-board",
        status: "draft",
        submittedOn: null,
        decidedOn: null,
        start: null,
        end: null,
      }),
    ).toEqual([{ code: "applicant-not-allowed", field: "applicant" }]);
  });
});
