import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AMP_APPLICATION_MACHINE, AMP_PHASES } from "./amp.ts";
import { defineMachine, InvalidTransitionError, type Machine } from "./machine.ts";
import { NSP_PLACEMENT_MACHINE, NSP_SUPPORT_MACHINE } from "./nsp.ts";
import { OTHER_REFERRAL_MACHINE } from "./other.ts";
import { REFLECTION_MACHINE, WITNESS_PERMIT_MACHINE } from "./reflection.ts";

const traffic = defineMachine(
  { red: ["green"], green: ["amber"], amber: ["red", "off"], off: [] },
  "traffic",
);

describe("defineMachine", () => {
  it("lists states, successors and final states", () => {
    expect(traffic.states).toEqual(["red", "green", "amber", "off"]);
    expect(traffic.next("amber")).toEqual(["red", "off"]);
    expect(traffic.isFinal("off")).toBe(true);
    expect(traffic.isFinal("red")).toBe(false);
  });

  it("allows only listed transitions, never a state to itself unless listed", () => {
    expect(traffic.can("red", "green")).toBe(true);
    expect(traffic.can("green", "red")).toBe(false);
    expect(traffic.can("red", "red")).toBe(false);
  });

  it("throws an InvalidTransitionError naming the machine and both states", () => {
    expect(() => traffic.assert("red", "green")).not.toThrow();
    try {
      traffic.assert("off", "red");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidTransitionError);
      expect(e).toBeInstanceOf(Error);
      const err = e as InvalidTransitionError;
      expect([err.machine, err.from, err.to, err.name]).toEqual([
        "traffic",
        "off",
        "red",
        "InvalidTransitionError",
      ]);
      expect(err.message).toContain("traffic");
    }
  });

  it("answers safely for strings that are not states", () => {
    const m = traffic as unknown as Machine<string>;
    expect(m.isState("blue")).toBe(false);
    expect(m.isState("red")).toBe(true);
    expect(m.can("blue", "red")).toBe(false);
    expect(m.can("red", "blue")).toBe(false);
    expect(m.next("blue")).toEqual([]);
    expect(m.isState("constructor")).toBe(false);
    expect(m.can("constructor", "red")).toBe(false);
  });

  it("refuses a table that leads to an unknown state", () => {
    // @ts-expect-error the type of the table already refuses a target that is not a key
    expect(() => defineMachine({ a: ["b"] }, "bad")).toThrow(/not a state/);
  });

  it("is not changed by mutating what it returns", () => {
    const m = defineMachine({ a: ["b"], b: [] });
    m.states.push("b");
    expect(() => (m.next("a") as string[]).push("a")).toThrow();
    expect(m.can("a", "b")).toBe(true);
    expect(m.name).toBe("machine");
  });
});

type Row = [from: string, to: string, allowed: boolean];

const tables: [string, Machine<string>, Row[]][] = [
  [
    "NSP placement",
    NSP_PLACEMENT_MACHINE,
    [
      ["requested", "accepted", true],
      ["requested", "placed", true],
      ["requested", "declined", true],
      ["accepted", "placed", true],
      ["accepted", "declined", true],
      ["accepted", "cancelled", true],
      ["accepted", "exited", false],
      ["accepted", "requested", false],
      ["placed", "extension-requested", true],
      ["extension-requested", "extended", true],
      ["extension-requested", "placed", true],
      ["extension-requested", "exited", true],
      ["extension-requested", "cancelled", false],
      ["extended", "extension-requested", false],
      ["requested", "cancelled", true],
      ["requested", "extended", false],
      ["requested", "exited", false],
      ["placed", "extended", true],
      ["placed", "exited", true],
      ["placed", "cancelled", false],
      ["placed", "requested", false],
      ["extended", "exited", true],
      ["extended", "placed", false],
      ["extended", "extended", false],
      ["exited", "placed", false],
      ["declined", "placed", false],
      ["cancelled", "requested", false],
    ],
  ],
  [
    "NSP support",
    NSP_SUPPORT_MACHINE,
    [
      ["planned", "ongoing", true],
      ["planned", "cancelled", true],
      ["planned", "completed", false],
      ["ongoing", "completed", true],
      ["ongoing", "cancelled", true],
      ["ongoing", "planned", false],
      ["completed", "ongoing", false],
      ["cancelled", "planned", false],
    ],
  ],
  [
    "ÅMP application",
    AMP_APPLICATION_MACHINE,
    [
      ["prepared", "submitted", true],
      ["prepared", "withdrawn", true],
      ["prepared", "approved", false],
      ["submitted", "approved", true],
      ["submitted", "refused", true],
      ["submitted", "withdrawn", true],
      ["submitted", "prepared", false],
      ["approved", "withdrawn", true],
      ["approved", "refused", false],
      ["refused", "approved", false],
      ["refused", "submitted", false],
      ["withdrawn", "prepared", false],
    ],
  ],
  [
    "ÅMP phases",
    AMP_PHASES,
    [
      ["pre-departure", "travel", true],
      ["pre-departure", "reintegration", false],
      ["travel", "reintegration", true],
      ["travel", "pre-departure", false],
      ["reintegration", "completed", true],
      ["reintegration", "travel", false],
      ["completed", "reintegration", false],
    ],
  ],
  ...(["reflection", "witness permit"] as const).map((label): [string, Machine<string>, Row[]] => [
    label,
    label === "reflection" ? REFLECTION_MACHINE : WITNESS_PERMIT_MACHINE,
    [
      ["draft", "submitted", true],
      ["draft", "withdrawn", true],
      ["draft", "granted", false],
      ["submitted", "granted", true],
      ["submitted", "rejected", true],
      ["submitted", "withdrawn", true],
      ["submitted", "draft", false],
      ["granted", "withdrawn", false],
      ["rejected", "submitted", false],
      ["withdrawn", "draft", false],
    ],
  ]),
  [
    "other referral",
    OTHER_REFERRAL_MACHINE,
    [
      ["planned", "sent", true],
      ["planned", "cancelled", true],
      ["planned", "accepted", false],
      ["sent", "accepted", true],
      ["sent", "declined", true],
      ["sent", "cancelled", true],
      ["sent", "completed", false],
      ["accepted", "completed", true],
      ["accepted", "cancelled", false],
      ["declined", "accepted", false],
      ["completed", "sent", false],
      ["cancelled", "planned", false],
    ],
  ],
];

describe.each(tables)("the %s machine", (_label, machine, rows) => {
  it.each(rows)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(machine.can(from, to)).toBe(allowed);
    if (allowed) expect(() => machine.assert(from, to)).not.toThrow();
    else expect(() => machine.assert(from, to)).toThrow(InvalidTransitionError);
  });

  it("never leaves a final state, and every non-final state can move", () => {
    fc.assert(
      fc.property(fc.constantFrom(...machine.states), fc.constantFrom(...machine.states), (from, to) => {
        if (machine.isFinal(from)) expect(machine.can(from, to)).toBe(false);
        else expect(machine.next(from).length).toBeGreaterThan(0);
        expect(machine.can(from, to)).toBe(machine.next(from).includes(to));
      }),
    );
  });

  it("has a final state reachable from every state", () => {
    for (const start of machine.states) {
      const seen = new Set([start]);
      const queue = [start];
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (const n of machine.next(s)) {
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      expect(
        [...seen].some((s) => machine.isFinal(s)),
        start,
      ).toBe(true);
    }
  });
});
