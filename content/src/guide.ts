/**
 * The "Vad gör jag nu?" guide's texts as content: questions, answers, the action list's
 * advice and the static fallback, in Swedish and English. The guide's logic (which actions,
 * in which order) lives in @stodkedjan/domain; its unit tests check that every action it can
 * plan has a text here. Placeholders in {braces} are filled in by the guide: a text must use
 * exactly the ones listed for it, so a typo in a translation fails the build.
 */
import { z } from "zod";

export const GUIDE_ACTION_IDS = [
  "call-112",
  "call-police",
  "stay-safe",
  "report-child",
  "socialjour",
  "support-line",
  "coordinator",
  "find-coordinator",
  "form-next",
  "document",
  "inform-rights",
  "read-more",
] as const;
export const GUIDE_URGENCIES = ["now", "today", "next-weekday", "soon"] as const;
export const GUIDE_CALLS = ["emergency", "socialjour", "police"] as const;

const PLACEHOLDER = /\{([a-z]+)\}/g;

/** A text with exactly these placeholders (none by default) and no stray braces. */
function text(...names: string[]) {
  return z
    .string()
    .trim()
    .min(1)
    .superRefine((value, ctx) => {
      const used = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]);
      const missing = names.filter((n) => !used.includes(n));
      const unknown = used.filter((n) => !names.includes(n as string));
      if (missing.length) ctx.addIssue({ code: "custom", message: `missing {${missing.join("}, {")}}` });
      if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown {${unknown.join("}, {")}}` });
      if (/[{}]/.test(value.replace(PLACEHOLDER, "")))
        ctx.addIssue({ code: "custom", message: "a brace that is not a placeholder" });
    });
}

const question = z.object({ legend: text(), hint: text() }).strict();
const record = <K extends readonly string[]>(keys: K, value: z.ZodType<string>) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K[number], z.ZodType<string>>).strict();

export const guideTextSchema = z
  .object({
    title: text(),
    lead: text(),
    static: z
      .object({
        title: text(),
        intro: text(),
        stepsTitle: text(),
        /** What the professional does at each of the six steps. */
        steps: z.array(text()).length(6),
      })
      .strict(),
    answers: z.object({ yes: text(), no: text(), unsure: text() }).strict(),
    nav: z
      .object({
        next: text(),
        back: text(),
        show: text(),
        restart: text(),
        required: text(),
        progress: text("n", "of"),
      })
      .strict(),
    questions: z
      .object({
        danger: question,
        urgent: question,
        child: question,
        form: question.extend({ unknown: text() }),
        where: question.extend({
          label: text(),
          skip: text(),
          none: text(),
          chosen: text("municipality", "region"),
          choose: text(),
        }),
        office: question.extend({ nowYes: text(), nowNo: text() }),
      })
      .strict(),
    result: z
      .object({
        title: text(),
        notDecide: text(),
        callsTitle: text(),
        answersTitle: text(),
        signsTitle: text(),
        print: text(),
        hoursPreliminary: text("open", "close"),
      })
      .strict(),
    calls: record(GUIDE_CALLS, text()),
    when: record(GUIDE_URGENCIES, text()),
    actions: record(GUIDE_ACTION_IDS, text()).extend({
      coordinator: text("region"),
      "form-next": text("form"),
    }),
    links: z
      .object({ directory: text(), step1: text(), aid: text(), rights: text(), step: text("n") })
      .strict(),
  })
  .strict();
export type GuideText = z.infer<typeof guideTextSchema>;

export const guideSchema = z
  .object({
    /** The guide has not been reviewed until the agency says so; only then does it carry a date. */
    review: z.discriminatedUnion("status", [
      z.object({ status: z.literal("example") }).strict(),
      z.object({ status: z.literal("reviewed"), lastReviewed: z.iso.date() }).strict(),
    ]),
    /** Indicator ids (indicators.yaml) the result names as signs for a form of exploitation. */
    formSigns: z.record(z.string(), z.array(z.string()).min(1)).default({}),
    sv: guideTextSchema,
    en: guideTextSchema,
  })
  .strict();
export type Guide = z.infer<typeof guideSchema>;
