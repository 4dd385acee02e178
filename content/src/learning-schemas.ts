/**
 * Zod schemas for the competence platform: training modules (lessons + quiz) and case exercises
 * (a graph of situations and choices). One file per item and language; the loader in
 * learning.ts checks what crosses files (the same shape in sv and en, links into the manual).
 */
import { z } from "zod";
import { actorIdSchema, reviewSchema } from "./schemas.ts";

const nonEmpty = z.string().trim().min(1);
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a slug is lower-case ascii words joined by -");
/** A link into the manual: `page:<id>` or `page:<id>#<section>`; resolved and checked by the loader. */
const manualLink = z
  .string()
  .regex(/^page:[a-z0-9-]+(#[a-z0-9-]+)?$/, "a manual link is page:<id>#<section>");

function uniqueIds(items: { id: string }[], what: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) ctx.addIssue({ code: "custom", message: `${what} ${item.id} twice` });
    seen.add(item.id);
  }
}

const optionSchema = z
  .object({
    id: slug,
    text: nonEmpty,
    /** Single, multiple and scenario questions: whether this option is (one of) the right answer(s). */
    correct: z.boolean().optional(),
    /** Why this answer is right or wrong (ordering: why the item comes where it does). */
    explanation: nonEmpty,
  })
  .strict();

export const QUESTION_KINDS = ["single", "multiple", "ordering", "scenario"] as const;

export const questionSchema = z
  .object({
    id: slug,
    kind: z.enum(QUESTION_KINDS),
    /** Scenario questions: the situation the question is about (Markdown). */
    scenario: nonEmpty.optional(),
    prompt: nonEmpty,
    /** Ordering questions list their items in the right order; the page shuffles them. */
    options: z.array(optionSchema).min(2),
    /** Shown after the answer, with the link to the manual section behind it. */
    explanation: nonEmpty,
    manual: manualLink,
  })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.options, "option", ctx);
    const correct = q.options.filter((o) => o.correct).length;
    if (q.kind === "ordering") {
      if (q.options.some((o) => o.correct !== undefined))
        ctx.addIssue({
          code: "custom",
          message: "an ordering question lists its items in order, without `correct`",
        });
      if (q.options.length < 3)
        ctx.addIssue({ code: "custom", message: "an ordering question needs at least three items" });
    } else {
      if (q.options.some((o) => o.correct === undefined))
        ctx.addIssue({ code: "custom", message: "every option needs `correct: true|false`" });
      if (q.kind === "multiple" ? correct < 1 : correct !== 1)
        ctx.addIssue({
          code: "custom",
          message:
            q.kind === "multiple"
              ? "a multiple-choice question needs at least one right option"
              : "exactly one option must be right",
        });
    }
    if ((q.kind === "scenario") !== (q.scenario !== undefined))
      ctx.addIssue({ code: "custom", message: "a scenario question, and only one, has `scenario`" });
  });
export type Question = z.infer<typeof questionSchema>;

export const moduleSchema = z
  .object({
    title: nonEmpty,
    slug,
    summary: nonEmpty,
    /** Place in the course, 1-based. */
    order: z.number().int().min(1),
    minutes: z.number().int().min(1).max(60),
    review: reviewSchema,
    verify: z.array(nonEmpty).default([]),
    lessons: z
      .array(z.object({ id: slug, title: nonEmpty, body: nonEmpty }).strict())
      .min(1, "a module needs at least one lesson"),
    quiz: z.array(questionSchema).min(3, "a module's quiz needs at least three questions"),
  })
  .strict()
  .superRefine((m, ctx) => {
    uniqueIds(m.lessons, "lesson", ctx);
    uniqueIds(m.quiz, "question", ctx);
  });
export type ModuleData = z.infer<typeof moduleSchema>;

const choiceSchema = z
  .object({
    id: slug,
    text: nonEmpty,
    next: slug,
    /** What happens because of the choice (Markdown). */
    consequence: nonEmpty,
    /** Why the choice was good or not, in the light of the manual. */
    feedback: nonEmpty,
    quality: z.enum(["good", "partial", "poor"]),
    /** The manual section behind the decision; the debrief links to it. */
    manual: manualLink,
  })
  .strict();

const nodeSchema = z
  .object({
    id: slug,
    /** The step of the support and protection process this situation belongs to. */
    step: z.number().int().min(1).max(6),
    title: nonEmpty,
    situation: nonEmpty,
    actors: z.array(actorIdSchema).default([]),
    /** Suggested time for this part of a group session. */
    minutes: z.number().int().min(1).max(60),
    /** Facilitator support: questions for the group before it decides, and notes for the facilitator. */
    discussion: z.array(nonEmpty).min(1, "every situation needs discussion questions for the facilitator"),
    notes: nonEmpty.optional(),
    /** A debrief ends the exercise and has no choices; every other situation has at least one. */
    debrief: z.boolean().default(false),
    choices: z.array(choiceSchema).default([]),
  })
  .strict();
export type ExerciseNode = z.infer<typeof nodeSchema>;
export type ExerciseChoice = z.infer<typeof choiceSchema>;

export const exerciseSchema = z
  .object({
    title: nonEmpty,
    slug,
    summary: nonEmpty,
    order: z.number().int().min(1),
    audience: nonEmpty,
    actors: z.array(actorIdSchema).min(1),
    review: reviewSchema,
    verify: z.array(nonEmpty).default([]),
    /** Shown to the facilitator before the session starts. */
    preparation: nonEmpty,
    start: slug,
    nodes: z.array(nodeSchema).min(2),
  })
  .strict()
  .superRefine((e, ctx) => {
    uniqueIds(e.nodes, "node", ctx);
    for (const problem of graphProblems(e)) ctx.addIssue({ code: "custom", message: problem });
  });
export type ExerciseData = z.infer<typeof exerciseSchema>;

/**
 * What is wrong with an exercise's graph: unknown targets, dead ends, unreachable situations,
 * cycles (a path that never ends) and debriefs with choices. Empty when every path from the start
 * ends in a debrief.
 */
export function graphProblems(e: Pick<ExerciseData, "start" | "nodes">): string[] {
  const problems: string[] = [];
  const byId = new Map(e.nodes.map((n) => [n.id, n]));
  if (!byId.has(e.start)) problems.push(`start node ${e.start} does not exist`);
  for (const n of e.nodes) {
    if (n.debrief && n.choices.length > 0) problems.push(`debrief ${n.id} must not have choices`);
    if (!n.debrief && n.choices.length === 0)
      problems.push(`node ${n.id} is a dead end (no choices, not a debrief)`);
    const choiceIds = new Set<string>();
    for (const c of n.choices) {
      if (choiceIds.has(c.id)) problems.push(`node ${n.id}: choice ${c.id} twice`);
      choiceIds.add(c.id);
      if (!byId.has(c.next))
        problems.push(`node ${n.id}, choice ${c.id}: next node ${c.next} does not exist`);
    }
  }
  if (problems.length > 0) return problems;
  // Depth-first from the start: grey = on the current path (a cycle if met again), black = done.
  const colour = new Map<string, "grey" | "black">();
  const visit = (id: string, path: string[]): void => {
    const state = colour.get(id);
    if (state === "black") return;
    if (state === "grey") {
      problems.push(`a path never ends: ${[...path, id].join(" → ")}`);
      return;
    }
    colour.set(id, "grey");
    for (const c of byId.get(id)?.choices ?? []) visit(c.next, [...path, id]);
    colour.set(id, "black");
  };
  visit(e.start, []);
  for (const n of e.nodes)
    if (!colour.has(n.id)) problems.push(`node ${n.id} cannot be reached from the start`);
  return problems;
}

/** Ids and structure with the text left out: the two languages must have exactly the same. */
export function moduleShape(m: Pick<ModuleData, "order" | "quiz"> & { lessons: { id: string }[] }) {
  return {
    order: m.order,
    lessons: m.lessons.map((l) => l.id),
    quiz: m.quiz.map((q) => ({
      id: q.id,
      kind: q.kind,
      manual: q.manual.split("#")[0],
      options: q.options.map((o) => `${o.id}:${o.correct ?? "-"}`),
    })),
  };
}

export function exerciseShape(e: ExerciseData) {
  return {
    order: e.order,
    actors: e.actors,
    start: e.start,
    nodes: e.nodes.map((n) => ({
      id: n.id,
      step: n.step,
      debrief: n.debrief,
      minutes: n.minutes,
      actors: n.actors,
      discussion: n.discussion.length,
      choices: n.choices.map((c) => `${c.id}→${c.next}:${c.quality}:${c.manual.split("#")[0]}`),
    })),
  };
}
