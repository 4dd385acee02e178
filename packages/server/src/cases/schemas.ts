/** The shapes of case input, shared by the staff forms and the JSON API. */
import { z } from "@hono/zod-openapi";
import { swedishToday } from "@stodkedjan/domain";
import { CATEGORIES, CLOSE_REASONS, FORMS, GENDERS, REFERRING_ORGS } from "@stodkedjan/domain/case-codes";

// The coded fields' lists live in the domain package (one list each); re-exported for the routes.
export { CATEGORIES, CLOSE_REASONS, FORMS, GENDERS, REFERRING_ORGS };
export const TOPICS = [
  "identification",
  "protection",
  "housing",
  "residence",
  "return",
  "children",
  "labour",
  "other",
] as const;
export const REFERRED_TO = [
  "none",
  "regional-coordinator",
  "police",
  "social-services",
  "nsp",
  "nmt",
  "migrationsverket",
  "health-care",
  "other",
] as const;

/** A calendar date the case work can be about; PostgreSQL has no year 0 and nothing here predates 1900. */
export const day = z.iso
  .date()
  .refine((d) => d >= "1900-01-01" && d <= "2199-12-31", "a date between 1900 and 2199");
const municipality = z.string().regex(/^\d{4}$/, "a four-digit SCB municipality code");
/**
 * Free text must be well-formed Unicode without NUL: a lone surrogate cannot be stored (or
 * encrypted) faithfully, and PostgreSQL's text and jsonb cannot hold U+0000.
 */
export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => s.isWellFormed() && !s.includes("\u0000"), "contains characters that are not valid text");
const optionalText = (max: number) =>
  freeText(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const forms = z.array(z.enum(FORMS)).min(1, "choose at least one form of exploitation").max(FORMS.length);

export const consultationInput = z
  .object({
    channel: z.enum(["support-line", "coordinator"]),
    referringOrg: z.enum(REFERRING_ORGS),
    municipalityCode: municipality,
    topic: z.enum(TOPICS),
    forms,
    referredTo: z.enum(REFERRED_TO),
    advice: optionalText(4000).openapi({ description: "Advice given; stored encrypted" }),
    openedOn: day.optional(),
    /** When the contact began, as Swedish date and time (now if not given), and how long it took. */
    contactOn: day.optional(),
    contactTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM")
      .optional(),
    contactMinutes: z.number().int().min(1).max(600).optional(),
  })
  .strict()
  .openapi("ConsultationInput");
export type ConsultationInput = z.infer<typeof consultationInput>;

const swedishYear = () => Number(swedishToday().slice(0, 4));

/**
 * A year of birth up to this Swedish calendar year, read when the input is checked: a server
 * running across New Year must take a child born on 1 January.
 */
const birthYear = z
  .number()
  .int()
  .superRefine((year, ctx) => {
    const thisYear = swedishYear();
    if (year > thisYear)
      ctx.addIssue({
        code: "custom",
        message: "a year of birth not after this year",
        params: { code: "birth-year-future" },
      });
    if (year < thisYear - 110)
      ctx.addIssue({
        code: "custom",
        message: "a year of birth within 110 years",
        params: { code: "birth-year-early" },
      });
  });
export const personInput = z
  .object({
    ageGroup: z.enum(["child", "adult"]),
    birthYear: birthYear.optional(),
    gender: z.enum(GENDERS),
    citizenship: z
      .string()
      .regex(/^[A-Z]{2}$/, "an ISO 3166 two-letter country code")
      .optional(),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, "an ISO 639 language code"))
      .max(10)
      .default([]),
    name: optionalText(200).openapi({ description: "Stored encrypted" }),
    contact: optionalText(500).openapi({ description: "Stored encrypted" }),
    identityDocuments: optionalText(500).openapi({ description: "Stored encrypted" }),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.birthYear === undefined) return;
    const age = swedishYear() - p.birthYear;
    if (p.ageGroup === "child" && age > 18)
      ctx.addIssue({ code: "custom", path: ["birthYear"], message: "a child is under 18" });
    if (p.ageGroup === "adult" && age < 17)
      ctx.addIssue({ code: "custom", path: ["birthYear"], message: "an adult is 18 or over" });
  });

export const individualInput = z
  .object({
    referringOrg: z.enum(REFERRING_ORGS),
    municipalityCode: municipality,
    forms,
    category: z.enum(CATEGORIES),
    step: z.number().int().min(1).max(6).default(1),
    person: personInput,
    openedOn: day.optional(),
  })
  .strict()
  .openapi("IndividualCaseInput");
export type IndividualInput = z.infer<typeof individualInput>;

/** What turns a consultation into an individual case: the assessment, the step and the person. */
export const convertInput = individualInput.pick({ category: true, step: true, person: true }).strict();
export type ConvertInput = z.infer<typeof convertInput>;

/** A child's responsible social services (a municipality) and whether a guardian (god man) is appointed. */
export const childCareInput = z
  .object({
    socialServicesCode: municipality.optional(),
    guardianAppointed: z.enum(["yes", "no", "unknown"]),
  })
  .strict();

export const caseFilter = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["open", "closed", "all"]).default("open"),
  kind: z.enum(["consultation", "individual", "all"]).default("all"),
  step: z.coerce.number().int().min(1).max(6).optional(),
  form: z.enum(FORMS).optional(),
  ageGroup: z.enum(["child", "adult"]).optional(),
  /** Only cases with a deadline overdue, or overdue or due within its warning period. */
  deadline: z.enum(["overdue", "due"]).optional(),
  /** Newest first by default; by nearest open deadline; by step. */
  sort: z.enum(["opened", "deadline", "step"]).optional(),
  /** Each order's natural direction by default: newest first, nearest deadline and lowest step first. */
  dir: z.enum(["asc", "desc"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type CaseFilter = z.infer<typeof caseFilter>;

export const stepInput = z.object({ step: z.number().int().min(1).max(6) }).strict();
export const noteInput = z
  .object({ body: freeText(8000).refine((s) => s.length > 0, "write something") })
  .strict();
export const taskInput = z
  .object({
    title: freeText(300).refine((s) => s.length > 0, "name the task"),
    dueOn: day,
    /** Who is responsible: by default whoever adds the task. */
    ownerId: z.uuid().optional(),
  })
  .strict();
export const closeInput = z
  .object({
    reason: z.enum(CLOSE_REASONS),
    closedOn: day.optional(),
    /** The key of the closing's effects the user reviewed (see closingPreview); none when it has none. */
    confirmed: z.string().max(4000).optional(),
  })
  .strict();
/** Reopening a closed case takes a reason (free text, stored encrypted). */
export const reopenInput = z
  .object({ reason: freeText(2000).refine((s) => s.length > 0, "say why the case is reopened") })
  .strict();
export const shareInput = z
  .object({ regionId: z.string().regex(/^[a-z]+$/), mode: z.enum(["joint", "transfer"]) })
  .strict();
