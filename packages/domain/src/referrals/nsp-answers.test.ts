import { describe, expect, it } from "vitest";
import { deadlinesFor } from "./index.ts";
import { InvalidTransitionError } from "./machine.ts";
import { NSP_PLACEMENT_MACHINE, type NspPlacement, type NspPlacementStatus, nspDeadlines } from "./nsp.ts";
import {
  acceptNspReferral,
  confirmNspArrival,
  decideNspExtension,
  declineNspReferral,
  NSP_ANSWER_DAYS,
  nspMay,
  nspShelterAction,
  recordNspExit,
  requestNspExtension,
} from "./nsp-answers.ts";
import { ReferralProblemsError } from "./problems.ts";

const today = "2026-12-07";
const base: NspPlacement = {
  status: "requested",
  start: null,
  end: null,
  extensionReason: null,
  referredOn: "2026-12-05",
};
const at = (status: NspPlacementStatus, more: Partial<NspPlacement> = {}): NspPlacement => ({
  ...base,
  status,
  ...more,
});
const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ReferralProblemsError) return e.problems.map((p) => `${p.field} ${p.code}`);
    throw e;
  }
  return [];
};

describe("who may make each move of an NSP placement", () => {
  const statuses = NSP_PLACEMENT_MACHINE.states;
  // Every pair of statuses, with who may make the move (none when the machine forbids it).
  const table: Record<string, ("shelter" | "coordinator")[]> = {
    "requested→accepted": ["shelter", "coordinator"],
    "requested→placed": ["shelter", "coordinator"],
    "requested→declined": ["shelter", "coordinator"],
    "requested→cancelled": ["coordinator"],
    "accepted→placed": ["shelter", "coordinator"],
    "accepted→declined": ["shelter", "coordinator"],
    "accepted→cancelled": ["coordinator"],
    "placed→extension-requested": ["shelter"],
    "placed→extended": ["coordinator"],
    "placed→exited": ["shelter", "coordinator"],
    "extension-requested→exited": ["shelter", "coordinator"],
    "extended→exited": ["shelter", "coordinator"],
  };
  for (const from of statuses) {
    for (const to of statuses) {
      const who = table[`${from}→${to}`] ?? [];
      it(`${from} → ${to}: ${who.join(", ") || "nobody"}`, () => {
        expect(nspMay("shelter", from, to)).toBe(who.includes("shelter"));
        expect(nspMay("coordinator", from, to)).toBe(who.includes("coordinator"));
      });
    }
  }
  it("the extension's decision is the coordinator's, through decideNspExtension only", () => {
    expect(NSP_PLACEMENT_MACHINE.can("extension-requested", "extended")).toBe(true);
    expect(NSP_PLACEMENT_MACHINE.can("extension-requested", "placed")).toBe(true);
    expect(nspMay("coordinator", "extension-requested", "extended")).toBe(false);
    expect(nspMay("shelter", "extension-requested", "extended")).toBe(false);
  });
  it("answers safely for strings that are not statuses", () => {
    expect(nspMay("shelter", "nonsense", "accepted")).toBe(false);
    expect(nspMay("coordinator", "requested", "nonsense")).toBe(false);
  });
});

describe("the shelter's answers", () => {
  it("accepts with a start date today or later, and records the day it answered", () => {
    expect(acceptNspReferral(base, { start: "2026-12-09" }, today)).toMatchObject({
      status: "accepted",
      start: "2026-12-09",
      answeredOn: today,
    });
    expect(acceptNspReferral(base, { start: today }, today).start).toBe(today);
    expect(problemsOf(() => acceptNspReferral(base, { start: "2026-12-06" }, today))).toEqual([
      "start date-past",
    ]);
    expect(problemsOf(() => acceptNspReferral(base, { start: "2026-02-30" }, today))).toEqual([
      "start date-invalid",
    ]);
    expect(() => acceptNspReferral(at("placed"), { start: today }, today)).toThrow(InvalidTransitionError);
  });

  it("declines with a coded reason, also after accepting", () => {
    expect(declineNspReferral(base, { reason: "full" }, today)).toMatchObject({
      status: "declined",
      declineReason: "full",
      answeredOn: today,
    });
    expect(declineNspReferral(at("accepted", { start: today }), { reason: "safety" }, today).status).toBe(
      "declined",
    );
    expect(problemsOf(() => declineNspReferral(base, { reason: "because" as never }, today))).toEqual([
      "reason reason-missing",
    ]);
    expect(() => declineNspReferral(at("placed"), { reason: "full" }, today)).toThrow(InvalidTransitionError);
  });

  it("confirms the arrival: day 1 is the day of arrival, not in the future nor before the referral", () => {
    const placed = confirmNspArrival(
      at("accepted", { start: "2026-12-06", answeredOn: "2026-12-05" }),
      { arrivedOn: today },
      today,
    );
    expect(placed).toMatchObject({ status: "placed", start: today, answeredOn: "2026-12-05" });
    // An acute placement: arrival without an answer first.
    expect(confirmNspArrival(base, { arrivedOn: "2026-12-05" }, today)).toMatchObject({
      status: "placed",
      answeredOn: today,
    });
    expect(problemsOf(() => confirmNspArrival(base, { arrivedOn: "2026-12-08" }, today))).toEqual([
      "arrivedOn date-future",
    ]);
    expect(problemsOf(() => confirmNspArrival(base, { arrivedOn: "2026-12-04" }, today))).toEqual([
      "arrivedOn date-order",
    ]);
    expect(() => confirmNspArrival(at("exited"), { arrivedOn: today }, today)).toThrow(
      InvalidTransitionError,
    );
  });

  it("records the exit with its day and where the person went", () => {
    const stay = at("placed", { start: "2026-10-01" });
    expect(recordNspExit(stay, { end: today, exitTo: "own-housing" }, today)).toMatchObject({
      status: "exited",
      end: today,
      exitTo: "own-housing",
    });
    expect(problemsOf(() => recordNspExit(stay, { end: "2026-09-30", exitTo: "left" }, today))).toEqual([
      "end date-order",
    ]);
    expect(problemsOf(() => recordNspExit(stay, { end: "2026-12-08", exitTo: "x" as never }, today))).toEqual(
      ["end date-future", "exitTo kind-invalid"],
    );
    expect(() => recordNspExit(base, { end: today, exitTo: "left" }, today)).toThrow(InvalidTransitionError);
    const waiting = requestNspExtension(stay, { reason: "health" }, "2026-12-01");
    expect(recordNspExit(waiting, { end: today, exitTo: "care" }, today).extensionRequest).toMatchObject({
      decision: null,
      decidedOn: today,
    });
  });

  it("asks for an extension, which the coordinator grants or refuses", () => {
    const stay = at("placed", { start: "2026-09-20" });
    const asked = requestNspExtension(stay, { reason: "awaiting-housing" }, today);
    expect(asked).toMatchObject({
      status: "extension-requested",
      extensionRequest: { reason: "awaiting-housing", requestedOn: today, decision: null, decidedOn: null },
    });
    expect(problemsOf(() => requestNspExtension(stay, { reason: "" as never }, today))).toEqual([
      "reason reason-missing",
    ]);
    expect(() => requestNspExtension(asked, { reason: "health" }, today)).toThrow(InvalidTransitionError);
    const granted = decideNspExtension(asked, { grant: true }, "2026-12-08");
    expect(granted).toMatchObject({
      status: "extended",
      extensionReason: "awaiting-housing",
      extensionRequest: { decision: "granted", decidedOn: "2026-12-08" },
    });
    const refused = decideNspExtension(asked, { grant: false }, "2026-12-08");
    expect(refused).toMatchObject({ status: "placed", extensionRequest: { decision: "refused" } });
    // Refused, the shelter may ask again; nothing to decide without a request.
    expect(requestNspExtension(refused, { reason: "health" }, today).status).toBe("extension-requested");
    expect(() => decideNspExtension(stay, { grant: true }, today)).toThrow(InvalidTransitionError);
    expect(() => decideNspExtension(granted, { grant: true }, today)).toThrow(InvalidTransitionError);
  });
});

describe("deadlines of the answers", () => {
  it("an unanswered referral is due two days after it was made", () => {
    expect(NSP_ANSWER_DAYS).toBe(2);
    expect(deadlinesFor({ type: "nsp-placement", ...base }, "2026-12-06")).toEqual([
      {
        code: "referral-unanswered",
        due: "2026-12-07",
        daysLeft: 1,
        state: "upcoming",
        params: { kind: "nsp-placement", daysWaiting: 1 },
      },
    ]);
    expect(nspDeadlines(base, "2026-12-08")[0]).toMatchObject({ state: "overdue", daysLeft: -1 });
    // A referral made before the day was recorded has no answer deadline.
    expect(nspDeadlines({ ...base, referredOn: undefined }, today)).toEqual([]);
  });

  it("an accepted referral is due to arrive on its start day; declined and cancelled ones have none", () => {
    expect(nspDeadlines(at("accepted", { start: "2026-12-06" }), today)).toMatchObject([
      { code: "nsp-arrival-unconfirmed", due: "2026-12-06", state: "overdue" },
    ]);
    expect(nspDeadlines(at("declined"), today)).toEqual([]);
    expect(nspDeadlines(at("cancelled"), today)).toEqual([]);
  });

  it("a request for an extension waits for the coordinator, and the stay's clock runs on", () => {
    const asked = requestNspExtension(
      at("placed", { start: "2026-09-20" }),
      { reason: "health" },
      "2026-12-01",
    );
    expect(nspDeadlines(asked, today).map((d) => [d.code, d.due, d.state])).toEqual([
      ["nsp-extension-pending", "2026-12-06", "overdue"],
      ["nsp-day-80", "2026-12-08", "upcoming"],
      ["nsp-flat-rate-ends", "2026-12-18", "upcoming"],
    ]);
  });

  it("tells the shelter what it has to do", () => {
    expect(nspShelterAction(base)).toBe("answer");
    expect(nspShelterAction(at("accepted"))).toBe("arrival");
    expect(nspShelterAction(at("extension-requested"))).toBe("stay");
    expect(nspShelterAction(at("exited"))).toBeNull();
  });
});
