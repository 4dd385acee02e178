/** Input for referrals: the type-specific fields a coordinator (or partner system) records. */
import { z } from "@hono/zod-openapi";
import {
  AMP_FOLLOW_UP_KINDS,
  AMP_SUPPORT_KINDS,
  NSP_PLACEMENT_NEEDS,
  NSP_SUPPORT_KINDS,
  OTHER_REFERRAL_KINDS,
  REFLECTION_APPLICANTS,
  SHELTER_CHOICE_REASONS,
} from "@stodkedjan/domain";
import { day, freeText } from "../cases/schemas.ts";

const date = day.nullable().optional();
const text = (max: number) => freeText(max).nullable().optional();

export const referralCreate = z
  .discriminatedUnion("type", [
    z
      .object({
        type: z.literal("nsp-placement"),
        shelterId: z.string().min(1).max(100),
        start: date,
        needs: z
          .array(z.enum(NSP_PLACEMENT_NEEDS))
          .max(NSP_PLACEMENT_NEEDS.length)
          .optional()
          .openapi({ description: "What the shelter must be ready for (coded; the shelter sees these)." }),
        shelterChoiceReason: z.enum(SHELTER_CHOICE_REASONS).nullable().optional().openapi({
          description:
            "Why a shelter was chosen that does not fit the person (certified, a free place, the person's group and forms); kept with the placement",
        }),
      })
      .strict(),
    z
      .object({
        type: z.literal("nsp-support"),
        kind: z.enum(NSP_SUPPORT_KINDS),
        inHomeCountry: z.boolean().default(false),
      })
      .strict(),
    z.object({ type: z.literal("amp") }).strict(),
    z.object({ type: z.literal("reflection"), applicant: z.enum(REFLECTION_APPLICANTS) }).strict(),
    z
      .object({ type: z.literal("witness-permit"), applicant: z.literal("preliminary-investigation-leader") })
      .strict(),
    z.object({ type: z.literal("other"), kind: z.enum(OTHER_REFERRAL_KINDS) }).strict(),
  ])
  .openapi("ReferralCreate");
export type ReferralCreate = z.infer<typeof referralCreate>;

/** The dates a referral's types record; a change may set any of them (or clear it with null). */
const dates = {
  start: date,
  end: date,
  submittedOn: date,
  approvedOn: date,
  decidedOn: date,
  permitStart: date,
  sentOn: date,
  answeredOn: date,
};
export const REFERRAL_DATE_FIELDS = Object.keys(dates) as (keyof typeof dates)[];

/** A change: a new status and/or new values for the type's fields; the rules decide what is valid. */
export const referralUpdate = z
  .object({
    status: z.string().max(40).optional(),
    ...dates,
    extensionReason: text(500),
    phase: z.enum(["pre-departure", "travel", "reintegration", "completed"]).nullable().optional(),
    addItem: z
      .object({ kind: z.enum(AMP_SUPPORT_KINDS), amountSek: z.number().int().min(0).max(10_000_000) })
      .strict()
      .optional(),
  })
  .strict()
  .openapi("ReferralUpdate");
export type ReferralUpdate = z.infer<typeof referralUpdate>;

/** A follow-up entry on an ÅMP application; the text is stored encrypted. */
export const followUpInput = z
  .object({
    on: day.openapi({ description: "The day of the follow-up (YYYY-MM-DD), not in the future." }),
    kind: z.enum(AMP_FOLLOW_UP_KINDS),
    body: freeText(4000)
      .refine((s) => s.length > 0, "write what happened")
      .openapi({ description: "What happened; stored encrypted, not shown to IOM." }),
  })
  .strict()
  .openapi("AmpFollowUpInput");
export type FollowUpInput = z.infer<typeof followUpInput>;

/** The coordinator's decision on a shelter's request to extend a stay beyond the flat-rate days. */
export const extensionDecision = z.object({ grant: z.boolean() }).strict().openapi("ExtensionDecision");
export type ExtensionDecision = z.infer<typeof extensionDecision>;
