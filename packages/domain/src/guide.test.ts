import { GUIDE_ACTION_IDS, GUIDE_CALLS, GUIDE_URGENCIES, loadContent } from "@stodkedjan/content";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPLOITATION_FORMS, type GuideAnswers, planActions, planCalls } from "./guide.ts";
import { fill } from "./template.ts";

const base: GuideAnswers = { danger: false, urgent: false, child: "no", form: "unknown", officeHours: true };
const ids = (a: Partial<GuideAnswers>) => planActions({ ...base, ...a }).map((x) => x.id);

describe("the guide's action list", () => {
  it("puts 112 first when someone is in acute danger", () => {
    expect(ids({ danger: true })[0]).toBe("call-112");
  });

  it("sends an urgent case to the police, not to 112", () => {
    const list = ids({ urgent: true });
    expect(list[0]).toBe("call-police");
    expect(list).not.toContain("call-112");
  });

  it("always involves social services for a child, also when unsure of the age", () => {
    expect(ids({ child: "yes" })).toContain("report-child");
    expect(ids({ child: "unsure" })).toContain("report-child");
    expect(ids({ child: "no" })).not.toContain("report-child");
  });

  it("uses socialjour out of hours and moves the support line and the coordinator to the next weekday", () => {
    const plan = planActions({ ...base, child: "yes", officeHours: false, municipality: "1880" });
    expect(plan.map((a) => a.id)).toContain("socialjour");
    expect(plan.find((a) => a.id === "support-line")?.urgency).toBe("next-weekday");
    expect(plan.find((a) => a.id === "coordinator")?.urgency).toBe("next-weekday");
    const day = planActions({ ...base, municipality: "1880" });
    expect(day.find((a) => a.id === "coordinator")?.urgency).toBe("today");
  });

  it("puts 112, socialjour and 114 14 first for a child in acute danger at night", () => {
    expect(planCalls({ ...base, danger: true, urgent: true, child: "yes", officeHours: false })).toEqual([
      "emergency",
      "socialjour",
      "police",
    ]);
    expect(planCalls({ ...base, danger: true, urgent: true, child: "yes", officeHours: true })).toEqual([
      "emergency",
      "police",
    ]);
    expect(planCalls({ ...base, urgent: true })).toEqual(["police"]);
    expect(planCalls(base)).toEqual([]);
  });

  it("has a text in the guide's content for every action and urgency it can plan, and nothing more", () => {
    const { guide } = loadContent();
    const answers = fc.record({
      danger: fc.boolean(),
      urgent: fc.boolean(),
      child: fc.constantFrom("yes", "no", "unsure"),
      form: fc.constantFrom(...EXPLOITATION_FORMS, "unknown"),
      municipality: fc.option(fc.constant("1880"), { nil: undefined }),
      officeHours: fc.boolean(),
    }) as fc.Arbitrary<GuideAnswers>;
    const planned = new Set<string>();
    const urgencies = new Set<string>();
    const calls = new Set<string>();
    fc.assert(
      fc.property(answers, (a) => {
        for (const x of planActions(a)) {
          planned.add(x.id);
          urgencies.add(x.urgency);
        }
        for (const c of planCalls(a)) calls.add(c);
      }),
      { numRuns: 500 },
    );
    expect([...planned].sort()).toEqual([...GUIDE_ACTION_IDS].sort());
    expect([...urgencies].sort()).toEqual([...GUIDE_URGENCIES].sort());
    expect([...calls].sort()).toEqual([...GUIDE_CALLS].sort());
    for (const lang of ["sv", "en"] as const) {
      expect(Object.keys(guide[lang].actions).sort()).toEqual([...planned].sort());
      expect(Object.keys(guide[lang].when).sort()).toEqual([...urgencies].sort());
    }
  });

  it("names the coordinator once the municipality is known", () => {
    expect(ids({ municipality: "1880" })).toContain("coordinator");
    expect(ids({})).toContain("find-coordinator");
  });

  it("gives form-specific next steps for an adult labour case", () => {
    const list = ids({ form: "labour" });
    expect(list).toEqual([
      "support-line",
      "find-coordinator",
      "form-next",
      "document",
      "inform-rights",
      "read-more",
    ]);
  });

  it("always ends with documentation and further reading and never repeats an action", () => {
    const answers = fc.record({
      danger: fc.boolean(),
      urgent: fc.boolean(),
      child: fc.constantFrom("yes", "no", "unsure"),
      form: fc.constantFrom(...EXPLOITATION_FORMS, "unknown"),
      municipality: fc.option(fc.constant("1880"), { nil: undefined }),
      officeHours: fc.boolean(),
    }) as fc.Arbitrary<GuideAnswers>;
    fc.assert(
      fc.property(answers, (a) => {
        const list = planActions(a).map((x) => x.id);
        expect(new Set(list).size).toBe(list.length);
        expect(list).toContain("document");
        expect(list.at(-1)).toBe("read-more");
        if (a.danger) expect(list[0]).toBe("call-112");
      }),
    );
  });
});

describe("fill", () => {
  it("fills the placeholders it is given and leaves others", () => {
    expect(fill("{municipality} hör till {region}.", { municipality: "Håbo", region: "Region Mitt" })).toBe(
      "Håbo hör till Region Mitt.",
    );
    expect(fill("Fråga {n} av {of}", { n: 2 })).toBe("Fråga 2 av {of}");
  });
});
