import { describe, expect, it } from "vitest";
import { content } from "./content.ts";
import {
  displayOrder,
  isCorrect,
  moduleScore,
  moduleStatus,
  type Progress,
  readProgress,
  recordAnswer,
  resetModule,
  swedishDate,
} from "./learning.ts";

const single = {
  kind: "single" as const,
  options: [
    { id: "a", correct: false },
    { id: "b", correct: true },
  ],
};
const multiple = {
  kind: "multiple" as const,
  options: [
    { id: "a", correct: true },
    { id: "b", correct: false },
    { id: "c", correct: true },
  ],
};
const ordering = { kind: "ordering" as const, options: [{ id: "x" }, { id: "y" }, { id: "z" }] };

describe("marking an answer", () => {
  it("needs exactly the right options", () => {
    expect(isCorrect(single, ["b"])).toBe(true);
    expect(isCorrect(single, ["a"])).toBe(false);
    expect(isCorrect(multiple, ["c", "a"])).toBe(true);
    expect(isCorrect(multiple, ["a"])).toBe(false);
    expect(isCorrect(multiple, ["a", "b", "c"])).toBe(false);
  });

  it("needs the items of an ordering question in the listed order", () => {
    expect(isCorrect(ordering, ["x", "y", "z"])).toBe(true);
    expect(isCorrect(ordering, ["y", "x", "z"])).toBe(false);
    expect(isCorrect(ordering, ["x", "y"])).toBe(false);
  });

  it("never shows an ordering question in its right order, and always shows the same order", () => {
    for (const m of content().training) {
      for (const q of m.quiz.filter((x) => x.kind === "ordering")) {
        const shown = displayOrder(q.options, q.id).map((o) => o.id);
        expect(shown).not.toEqual(q.options.map((o) => o.id));
        expect([...shown].sort()).toEqual(q.options.map((o) => o.id).sort());
        expect(displayOrder(q.options, q.id).map((o) => o.id)).toEqual(shown);
      }
    }
    expect(displayOrder(["a", "b"], "any")).toEqual(["b", "a"]);
  });
});

describe("progress in the browser", () => {
  const ids = ["q1", "q2"];

  it("completes a module, dated, when every question has a first answer, and keeps the first answer", () => {
    let p: Progress = { modules: {} };
    p = recordAnswer(p, "concepts", ids, "q1", false, "2026-12-07");
    expect(moduleStatus(p, "concepts", ids)).toBe("started");
    p = recordAnswer(p, "concepts", ids, "q1", true, "2026-12-07");
    expect(p.modules.concepts?.answers.q1).toBe(false);
    p = recordAnswer(p, "concepts", ids, "q2", true, "2026-12-08");
    expect(moduleStatus(p, "concepts", ids)).toBe("done");
    expect(p.modules.concepts?.completed).toBe("2026-12-08");
    expect(moduleScore(p, "concepts", ids)).toBe(1);
    // A module whose quiz gained a question is no longer done.
    expect(moduleStatus(p, "concepts", [...ids, "q3"])).toBe("started");
    expect(moduleStatus(resetModule(p, "concepts"), "concepts", ids)).toBe("none");
  });

  it("reads whatever is stored without failing, keeping only well-formed entries", () => {
    expect(readProgress(null)).toEqual({ modules: {} });
    expect(readProgress("not json")).toEqual({ modules: {} });
    expect(readProgress('{"modules": 3}')).toEqual({ modules: {} });
    const stored = JSON.stringify({
      modules: {
        concepts: { answers: { q1: true, q2: "yes", "<b>": true }, completed: "2026-12-07" },
        "Bad Id": { answers: {} },
        children: { answers: { q1: false }, completed: "<script>" },
      },
    });
    expect(readProgress(stored)).toEqual({
      modules: {
        concepts: { answers: { q1: true }, completed: "2026-12-07" },
        children: { answers: { q1: false } },
      },
    });
  });

  it("dates completion by the Swedish calendar", () => {
    // 23:30 UTC on 31 December is already New Year's Day in Stockholm.
    expect(swedishDate(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(swedishDate(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
  });
});
