/** What the public pages may send (ADR 0014): five kinds of anonymous event, each a few coded fields. */
import { z } from "@hono/zod-openapi";
import { FEEDBACK_REASONS, MAX_BEACON_EVENTS, MAX_QUERY_LENGTH } from "@stodkedjan/domain/signals";

const slug = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a slug: lower-case ascii words joined by -");
/** A page of the site by its path; the service accepts only paths the site has. */
const page = z
  .string()
  .max(200)
  .regex(/^\/(sv|en)\/([a-z0-9-]+\/)*$/, "a page path of the site, e.g. /sv/manual/identifiering/")
  .openapi({ example: "/sv/manual/identifiering/" });

export const signalEvent = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("view"), page }).strict(),
    z
      .object({
        type: z.literal("feedback"),
        page,
        helped: z.boolean(),
        reason: z.enum(FEEDBACK_REASONS).optional().openapi({ description: "Only with helped: false" }),
      })
      .strict(),
    z
      .object({
        type: z.literal("search-miss"),
        query: z
          .string()
          .max(MAX_QUERY_LENGTH * 2)
          .openapi({ description: "Counted only when every word is on the shipped word list" }),
        lang: z.enum(["sv", "en"]),
      })
      .strict(),
    z.object({ type: z.literal("quiz-answer"), module: slug, question: slug, correct: z.boolean() }).strict(),
    z.object({ type: z.literal("exercise-decision"), exercise: slug, node: slug, choice: slug }).strict(),
  ])
  .superRefine((e, ctx) => {
    if (e.type === "feedback" && e.helped && e.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "a reason goes only with helped: false" });
  })
  .openapi("SignalEvent");
export type SignalEvent = z.infer<typeof signalEvent>;

export const signalBatch = z
  .object({ events: z.array(signalEvent).min(1).max(MAX_BEACON_EVENTS) })
  .strict()
  .openapi("SignalBatch");

/** The "did this page help?" form as posted without JavaScript. */
export const feedbackForm = z
  .object({
    type: z.literal("feedback"),
    page,
    helped: z.enum(["yes", "no"]),
    reason: z.enum(FEEDBACK_REASONS).optional(),
  })
  .openapi("FeedbackForm");
