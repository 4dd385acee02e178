/** The certification checklist's input, shared by the staff forms and the JSON API (ADR 0027). */
import { z } from "@hono/zod-openapi";
import { day, freeText } from "../cases/schemas.ts";

const required = (max: number) => freeText(max).refine((s) => s.length > 0, "write something");

export const assessmentInput = z
  .object({
    criterionId: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/)
      .openapi({ example: "needs-assessment", description: "A criterion of the checklist" }),
    met: z.boolean().openapi({ description: "Whether the shelter meets the criterion" }),
    evidence: required(2000).openapi({
      example: "Mall för behovsbedömning granskad; tre anonymiserade bedömningar från 2026 visade.",
      description:
        "What the assessment rests on (documents seen, interviews); about the shelter, never a client",
    }),
    assessor: required(200).openapi({ example: "Plattformens certifieringsgrupp" }),
    assessedOn: day.openapi({
      example: "2026-11-30",
      description: "The day of the assessment, not in the future",
    }),
    validUntil: day.openapi({
      example: "2028-11-29",
      description: "The last day the assessment holds (at most three years after it)",
    }),
  })
  .strict()
  .openapi("CertificationAssessmentInput");
export type AssessmentInput = z.infer<typeof assessmentInput>;

export const criterionInput = z
  .object({
    textSv: required(300).openapi({ example: "Boendet har rutiner för barn som medföljer" }),
    textEn: required(300).openapi({ example: "The shelter has routines for accompanying children" }),
  })
  .strict()
  .openapi("CertificationCriterionInput");
export type CriterionInput = z.infer<typeof criterionInput>;

export const withdrawalInput = z
  .object({
    reason: required(1000).openapi({ example: "Tillsynen visade att behovsbedömningar saknades." }),
  })
  .strict()
  .openapi("CertificationWithdrawal");
export type WithdrawalInput = z.infer<typeof withdrawalInput>;

export const retirementInput = z
  .object({
    retiredOn: day.optional().openapi({
      example: "2026-12-01",
      description:
        "The first day the criterion no longer counts: today in Swedish time when left out; not in the future, not before the criterion was added",
    }),
  })
  .strict()
  .openapi("CertificationCriterionRetirement");
export type RetirementInput = z.infer<typeof retirementInput>;
