import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentCopies } from "./content-copy.ts";
import {
  type ExerciseData,
  exerciseShape,
  exerciseUrl,
  graphProblems,
  loadContent,
  moduleShape,
  pathMinutes,
  trainingUrl,
} from "./index.ts";

const content = contentCopies();

const node = (id: string, next: string[], debrief = false) => ({
  id,
  step: 1,
  title: id,
  situation: id,
  actors: [],
  minutes: 5,
  discussion: ["?"],
  debrief,
  choices: next.map((n) => ({
    id: `to-${n}`,
    text: n,
    next: n,
    consequence: n,
    feedback: n,
    quality: "good" as const,
    manual: "page:law",
  })),
});
type Graph = Pick<ExerciseData, "start" | "nodes">;

describe("an exercise's graph", () => {
  it("holds when every path from the start ends in a debrief", () => {
    const g: Graph = {
      start: "a",
      nodes: [
        node("a", ["b", "c"]),
        node("b", ["d"]),
        node("c", ["d", "e"]),
        node("d", ["e"]),
        node("e", [], true),
      ],
    };
    expect(graphProblems(g)).toEqual([]);
    expect(pathMinutes(g)).toEqual({ min: 15, max: 20 });
  });

  it("finds a dead end, a missing target, an unreachable node, a cycle and a debrief with choices", () => {
    expect(graphProblems({ start: "a", nodes: [node("a", ["b"]), node("b", [])] })).toEqual([
      "node b is a dead end (no choices, not a debrief)",
    ]);
    expect(graphProblems({ start: "a", nodes: [node("a", ["x"])] })).toEqual([
      "node a, choice to-x: next node x does not exist",
    ]);
    expect(
      graphProblems({ start: "a", nodes: [node("a", ["z"]), node("u", ["z"]), node("z", [], true)] }),
    ).toEqual(["node u cannot be reached from the start"]);
    expect(
      graphProblems({ start: "a", nodes: [node("a", ["b", "z"]), node("b", ["a"]), node("z", [], true)] }),
    ).toEqual(["a path never ends: a → b → a"]);
    expect(graphProblems({ start: "a", nodes: [node("a", ["z"]), node("z", ["a"], true)] })).toContain(
      "debrief z must not have choices",
    );
    expect(graphProblems({ start: "nowhere", nodes: [node("z", [], true)] })).toContain(
      "start node nowhere does not exist",
    );
  });
});

describe("the web training and the case exercises", () => {
  const c = loadContent();

  it("has at least five modules and three exercises, in both languages with the same shape", () => {
    const sv = c.training.filter((m) => m.lang === "sv");
    const en = c.training.filter((m) => m.lang === "en");
    expect(sv.length).toBeGreaterThanOrEqual(5);
    expect(sv.map((m) => moduleShape(m))).toEqual(en.map((m) => moduleShape(m)));
    const kinds = new Set(sv.flatMap((m) => m.quiz.map((q) => q.kind)));
    expect([...kinds].sort()).toEqual(["multiple", "ordering", "scenario", "single"]);
    const exSv = c.exercises.filter((e) => e.lang === "sv");
    const exEn = c.exercises.filter((e) => e.lang === "en");
    expect(exSv.map((e) => e.id)).toEqual(["child", "labour", "sexual"]);
    expect(exSv.find((e) => e.id === "child")?.steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(exSv.map((e) => exerciseShape(e))).toEqual(exEn.map((e) => exerciseShape(e)));
    for (const item of [...c.training, ...c.exercises]) expect(item.review.status).toBe("example");
  });

  it("explains every answer and links every question and decision to a manual section in its own language", () => {
    for (const m of c.training) {
      expect(m.url).toBe(trainingUrl(m.lang, m.slug));
      for (const q of m.quiz) {
        expect(q.options.every((o) => o.explanation.length > 0)).toBe(true);
        expect(q.manualRef.url).toMatch(new RegExp(`^/${m.lang}/manual/[a-z-]+/(#[a-z0-9-]+)?$`));
      }
      expect(m.lessons.map((l) => l.html).join("")).not.toContain('href="page:');
    }
    for (const e of c.exercises) {
      expect(e.url).toBe(exerciseUrl(e.lang, e.slug));
      const choices = e.nodes.flatMap((n) => n.choices);
      expect(choices.every((ch) => ch.manualRef.url.startsWith(`/${e.lang}/manual/`))).toBe(true);
      expect(e.minutes.max).toBeLessThanOrEqual(90);
    }
  });

  it("walks the process's steps and the real actors in each exercise", () => {
    for (const e of c.exercises) {
      expect(e.steps.length, e.id).toBeGreaterThanOrEqual(5);
      const actors = new Set(e.nodes.flatMap((n) => n.actors));
      for (const a of ["social-services", "police", "regional-coordinator", "iom", "migrationsverket"])
        expect(actors.has(a as never), `${e.id} ${a}`).toBe(true);
    }
  });

  it("states the reflection period as applied for and decided, in the sources' terms", () => {
    const texts = [...c.training, ...c.exercises].map((x) => JSON.stringify(x));
    const all = texts.join(" ");
    expect(all).not.toMatch(/tillfälligt uppehållstillstånd på 30/i);
    expect(all).toContain("tidsbegränsat uppehållstillstånd på 30 dagar");
    expect(all).toContain("time-limited residence permit of 30 days");
    expect(all).toContain("Den nationella samordningen mot prostitution och människohandel (NSPM)");
    expect(all).toContain("stöd- och skyddsprocessen");
  });
});

describe("a broken module or exercise fails the build", () => {
  it("fails on a section that does not exist in the manual page", () => {
    content.copy();
    content.edit("training/sv/concepts.yaml", (s) =>
      s.replace("page:law#brottsbalken", "page:law#no-such-section"),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /concepts\.yaml: page law \(sv\) has no section #no-such-section/,
    );
  });

  it("fails on an unknown manual page in a lesson", () => {
    content.copy();
    content.edit("training/en/process.yaml", (s) =>
      s.replace("(page:regional-coordinators)", "(page:nowhere)"),
    );
    expect(() => loadContent(content.dir)).toThrow(/process\.yaml: unknown page id "nowhere"/);
  });

  it("fails when the languages differ in shape", () => {
    content.copy();
    content.edit("training/en/concepts.yaml", (s) => s.replace("id: studies", "id: study"));
    expect(() => loadContent(content.dir)).toThrow(/en\/concepts\.yaml: not the same ids and structure/);
    content.copy();
    content.edit("exercises/en/child.yaml", (s) => s.replace("next: gone", "next: investigation"));
    expect(() => loadContent(content.dir)).toThrow(/en\/child\.yaml/);
  });

  it("fails on a missing translation", () => {
    content.copy();
    rmSync(join(content.dir, "exercises/en/labour.yaml"));
    expect(() => loadContent(content.dir)).toThrow(/en\/labour\.yaml: missing translation/);
  });

  it("fails on a question without an explanation or with two right answers to a single choice", () => {
    content.copy();
    content.edit("training/sv/concepts.yaml", (s) =>
      s.replace(
        /correct: false\n(\s+)explanation: Nej. Människohandel kan ske helt inom Sverige[^\n]*/,
        "correct: true",
      ),
    );
    expect(() => loadContent(content.dir)).toThrow(/concepts\.yaml: quiz\.0\.options\.1\.explanation/);
  });

  it("fails on a dead end in an exercise", () => {
    content.copy();
    content.edit("exercises/sv/sexual.yaml", (s) => s.replace("next: future\n", "next: limbo\n"));
    expect(() => loadContent(content.dir)).toThrow(/sexual\.yaml: .*next node limbo does not exist/);
  });
});
