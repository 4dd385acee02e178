import { describe, expect, it } from "vitest";
import { indicatorsFor, levelFor } from "./aid.ts";

describe("identification aid", () => {
  const levels = [
    { min: 0, t: "none" },
    { min: 1, t: "some" },
    { min: 4, t: "many" },
  ];
  it("picks the highest level whose threshold is reached", () => {
    expect(levelFor(levels, 0).t).toBe("none");
    expect(levelFor(levels, 3).t).toBe("some");
    expect(levelFor(levels, 4).t).toBe("many");
    expect(levelFor(levels, 40).t).toBe("many");
  });

  it("shows general indicators for every form", () => {
    const all = [
      { id: "a", forms: ["all"] },
      { id: "b", forms: ["labour"] },
      { id: "c", forms: ["sexual", "labour"] },
    ];
    expect(indicatorsFor(all, "labour").map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(indicatorsFor(all, "sexual").map((i) => i.id)).toEqual(["a", "c"]);
    expect(indicatorsFor(all, "all")).toHaveLength(3);
  });
});
