/** Input for ÅMP: IOM's decisions, claims, phases, the child routine, messages (ADR 0028). */
import { z } from "@hono/zod-openapi";
import { AMP_FOLLOW_UP_KINDS, AMP_PHASE_LIST, AMP_SUPPORT_KINDS } from "@stodkedjan/domain";
import { day, freeText } from "../cases/schemas.ts";

/** The largest amount of one item or claim, in whole kronor. */
export const AMP_MAX_SEK = 10_000_000;
const text = (max: number, description: string) =>
  freeText(max)
    .refine((s) => s.length > 0, "write something")
    .openapi({ description });
const amount = z.number().int().min(1).max(AMP_MAX_SEK);

/** Countries a person can return to: every ISO 3166-1 alpha-2 region Intl knows, except Sweden. */
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "SE"]);
export const RETURN_COUNTRIES: readonly string[] = Array.from({ length: 26 * 26 }, (_, i) =>
  String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)),
).filter((code) => !NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined);
const COUNTRY_SET = new Set(RETURN_COUNTRIES);

export const returnCountry = z
  .string()
  .refine((c) => COUNTRY_SET.has(c), { message: "not a country code", params: { code: "country-unknown" } })
  .openapi({ description: "ISO 3166-1 alpha-2 code of the country the person returns to (not SE)." });

export const ampDecision = z
  .discriminatedUnion("decision", [
    z
      .object({
        decision: z.literal("approve"),
        approvedOn: day.openapi({ description: "The day of approval: opens the two-year claim window." }),
        amounts: z
          .partialRecord(z.enum(AMP_SUPPORT_KINDS), amount)
          .refine((r) => Object.keys(r).length > 0, {
            message: "grant at least one support item",
            params: { code: "items-missing" },
          })
          .openapi({ description: "Granted support per kind, in whole kronor above 0." }),
      })
      .strict(),
    z
      .object({ decision: z.literal("request-info"), message: text(4000, "What IOM needs to know.") })
      .strict(),
    z
      .object({ decision: z.literal("refuse"), reason: text(4000, "Why the application is refused.") })
      .strict(),
    z.object({ decision: z.literal("close"), reason: text(4000, "Why the application is closed.") }).strict(),
  ])
  .openapi("AmpDecision");
export type AmpDecisionInput = z.infer<typeof ampDecision>;

export const ampClaimInput = z
  .object({
    kind: z.enum(AMP_SUPPORT_KINDS),
    amountSek: amount,
    on: day.openapi({ description: "The day paid: within two years of the approval, not in the future." }),
  })
  .strict()
  .openapi("AmpClaimInput");
export type AmpClaimInput = z.infer<typeof ampClaimInput>;

export const ampMessageInput = z
  .object({ body: text(4000, "The message; stored encrypted.") })
  .strict()
  .openapi("AmpMessageInput");

export const ampPhaseInput = z
  .object({
    phase: z.enum(AMP_PHASE_LIST as [string, ...string[]]),
    on: day.openapi({ description: "The day the phase began: not before approval or the previous phase." }),
  })
  .strict()
  .openapi("AmpPhaseInput");
export type AmpPhaseInput = z.infer<typeof ampPhaseInput>;

/** A child's return: this side confirms the child's guardian and the receiving authority. */
export const ampChildConfirmation = z
  .object({
    guardian: z
      .boolean()
      .refine((v) => v, { message: "confirm the guardian", params: { code: "confirm-guardian" } }),
    authority: z
      .boolean()
      .refine((v) => v, { message: "confirm the authority", params: { code: "confirm-authority" } }),
  })
  .strict()
  .openapi("AmpChildConfirmation");

/** The coordinator's part of the application: where the person returns, and whether a child returns. */
export const ampDetails = z
  .object({ returnCountry: returnCountry.nullable(), child: z.boolean() })
  .strict()
  .openapi("AmpDetails");
export type AmpDetailsInput = z.infer<typeof ampDetails>;

/** Submitting (or resubmitting after IOM asked for more): the answer is needed to resubmit. */
export const ampSubmit = z
  .object({ answer: freeText(4000).optional().openapi({ description: "The answer to IOM's question." }) })
  .strict()
  .openapi("AmpSubmit");

/** IOM's follow-up contact after the return; the text is encrypted and both sides see it. */
export const ampFollowUpInput = z
  .object({
    on: day,
    kind: z.enum(AMP_FOLLOW_UP_KINDS),
    body: text(4000, "What happened; stored encrypted."),
  })
  .strict()
  .openapi("AmpIomFollowUpInput");
