import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPLOITATION_FORMS, type GuideAnswers, planActions } from "./guide.ts";

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

  it("uses socialjour and not the support line out of hours", () => {
    const list = ids({ child: "yes", officeHours: false });
    expect(list).toContain("socialjour");
    expect(list).toContain("support-line-closed");
    expect(list).not.toContain("support-line");
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
