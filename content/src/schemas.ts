/** Zod schemas for everything in content/. The site build fails on the first violation. */
import { z } from "zod";

export const LANGS = ["sv", "en"] as const;
export const langSchema = z.enum(LANGS);
export type Lang = z.infer<typeof langSchema>;

export const ACTOR_IDS = [
  "social-services",
  "police",
  "prosecutor",
  "migrationsverket",
  "health-care",
  "regional-coordinator",
  "nsp",
  "iom",
  "support-line",
  "school",
  "labour-inspection",
  "county-board",
  "nspm",
  "legal-counsel",
] as const;
export const actorIdSchema = z.enum(ACTOR_IDS);
export type ActorId = z.infer<typeof actorIdSchema>;

export const AUDIENCES = [
  "all",
  "social-services",
  "health-care",
  "police",
  "school",
  "migration",
  "labour-inspection",
  "civil-society",
  "employer",
] as const;

export const PAGE_IDS = [
  "step-1-identification",
  "step-2-acute-protection",
  "step-3-initial-support",
  "step-4-long-term-support",
  "step-5-criminal-proceedings",
  "step-6-safe-return",
  "children",
  "reflection-period",
  "nsp-shelters",
  "return-programme",
  "regional-coordinators",
  "support-line",
  "forms-of-exploitation",
  "law",
  "about",
] as const;
export const pageIdSchema = z.enum(PAGE_IDS);
export type PageId = z.infer<typeof pageIdSchema>;

const nonEmpty = z.string().trim().min(1);
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a slug is lower-case ascii words joined by -");
const isoDate = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return d.toISOString().slice(0, 10);
});

/**
 * A page that the agency has not reviewed has no review date: showing one would say that
 * someone vouched for it. A reviewed page must say when.
 */
export const reviewSchema = z
  .object({
    status: z.enum(["example", "reviewed"]),
    lastReviewed: isoDate.optional(),
    /** When the text was first written (shown to editors; optional). */
    written: isoDate.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.status === "example" && r.lastReviewed !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["lastReviewed"],
        message: "a page awaiting review (status: example) has no lastReviewed date",
      });
    if (r.status === "reviewed" && r.lastReviewed === undefined)
      ctx.addIssue({ code: "custom", path: ["lastReviewed"], message: "a reviewed page needs lastReviewed" });
  });

export const pageFrontmatterSchema = z
  .object({
    title: nonEmpty,
    slug,
    summary: nonEmpty,
    kind: z.enum(["step", "topic"]),
    step: z.number().int().min(1).max(6).optional(),
    steps: z.array(z.number().int().min(1).max(6)).min(1, "a page must relate to at least one step"),
    audience: z.array(z.enum(AUDIENCES)).min(1, "a page must name its audience"),
    actors: z.array(actorIdSchema).default([]),
    review: reviewSchema,
    verify: z.array(nonEmpty).default([]),
    responsibilities: z.array(z.object({ actor: actorIdSchema, text: nonEmpty })).default([]),
    rights: z.array(nonEmpty).default([]),
    checklist: z.array(nonEmpty).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === "step") {
      if (p.step === undefined) ctx.addIssue({ code: "custom", message: "a step page needs `step`" });
      for (const key of ["responsibilities", "rights", "checklist"] as const) {
        if (p[key].length === 0) ctx.addIssue({ code: "custom", message: `a step page needs ${key}` });
      }
    } else if (p.step !== undefined) {
      ctx.addIssue({ code: "custom", message: "only step pages have `step`" });
    }
  });
export type PageFrontmatter = z.infer<typeof pageFrontmatterSchema>;

const bilingual = <T extends z.ZodType>(inner: T) => z.object({ sv: inner, en: inner });

export const actorsSchema = z
  .array(
    z
      .object({ id: actorIdSchema })
      .extend(bilingual(z.object({ name: nonEmpty, description: nonEmpty })).shape),
  )
  .superRefine((actors, ctx) => {
    for (const id of ACTOR_IDS) {
      if (!actors.some((a) => a.id === id))
        ctx.addIssue({ code: "custom", message: `actor ${id} is missing` });
    }
  });
export type Actor = z.infer<typeof actorsSchema>[number];

export const glossarySchema = z.array(
  z
    .object({ id: slug, page: pageIdSchema.or(z.literal("glossary")).optional() })
    .extend(bilingual(z.object({ term: nonEmpty, definition: nonEmpty })).shape),
);
export type GlossaryTerm = z.infer<typeof glossarySchema>[number];

const municipalitySchema = z.object({ code: z.string().regex(/^\d{4}$/), name: nonEmpty });
const coordinatorSchema = z.object({
  id: slug,
  placeholder: z.boolean(),
  name: nonEmpty,
  host: nonEmpty,
  focus: z.enum(["all", "children", "adults"]),
  phone: nonEmpty,
  email: z.email().or(z.string().regex(/^[^@\s]+@[^@\s]+\.invalid$/)),
});
export const regionsSchema = z
  .array(
    z
      .object({
        id: slug,
        counties: z.array(
          z.object({
            code: z.string().regex(/^\d{2}$/),
            name: nonEmpty,
            municipalities: z.array(municipalitySchema),
          }),
        ),
        coordinators: z.array(coordinatorSchema).min(1),
      })
      .extend(bilingual(z.object({ name: nonEmpty })).shape),
  )
  .superRefine((regions, ctx) => {
    const codes = new Set<string>();
    const names = new Set<string>();
    for (const r of regions) {
      for (const c of r.counties) {
        for (const m of c.municipalities) {
          if (!m.code.startsWith(c.code))
            ctx.addIssue({ code: "custom", message: `${m.name} (${m.code}) is not in county ${c.code}` });
          if (codes.has(m.code))
            ctx.addIssue({ code: "custom", message: `municipality code ${m.code} twice` });
          codes.add(m.code);
          names.add(m.name);
        }
      }
      for (const k of r.coordinators) {
        if (!r.counties.some((c) => c.municipalities.some((m) => m.name === k.host)))
          ctx.addIssue({ code: "custom", message: `coordinator ${k.id}: host ${k.host} is not in ${r.id}` });
      }
    }
    if (regions.length !== 7)
      ctx.addIssue({ code: "custom", message: `7 regions expected, got ${regions.length}` });
    if (codes.size !== 290)
      ctx.addIssue({ code: "custom", message: `290 municipalities expected, got ${codes.size}` });
  });
export type Region = z.infer<typeof regionsSchema>[number];
export type Coordinator = z.infer<typeof coordinatorSchema>;

export const FORM_IDS = ["sexual", "labour", "begging", "crime", "forced-marriage", "other"] as const;
export type FormId = (typeof FORM_IDS)[number];
export const DIMENSION_IDS = ["recruitment", "control", "conditions", "situation"] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

const text2 = bilingual(nonEmpty);
export const indicatorsSchema = z
  .object({
    disclaimer: text2,
    forms: z.array(
      z
        .object({ id: z.enum(FORM_IDS) })
        .extend(
          bilingual(z.object({ name: nonEmpty, description: nonEmpty, next: z.array(nonEmpty).min(1) }))
            .shape,
        ),
    ),
    dimensions: z.array(
      z
        .object({ id: z.enum(DIMENSION_IDS) })
        .extend(bilingual(z.object({ name: nonEmpty, description: nonEmpty })).shape),
    ),
    indicators: z.array(
      z
        .object({
          id: slug,
          dimension: z.enum(DIMENSION_IDS),
          forms: z.array(z.enum([...FORM_IDS, "all"])).min(1),
          child: z.boolean().default(false),
        })
        .extend(text2.shape),
    ),
    levels: z
      .array(
        z
          .object({ min: z.number().int().min(0) })
          .extend(bilingual(z.object({ title: nonEmpty, text: nonEmpty })).shape),
      )
      .min(1),
    childNote: text2,
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    for (const i of d.indicators) {
      if (ids.has(i.id)) ctx.addIssue({ code: "custom", message: `indicator ${i.id} twice` });
      ids.add(i.id);
    }
    if (d.forms.map((f) => f.id).join() !== FORM_IDS.join())
      ctx.addIssue({ code: "custom", message: `forms must be ${FORM_IDS.join(", ")} in that order` });
    if (d.dimensions.map((f) => f.id).join() !== DIMENSION_IDS.join())
      ctx.addIssue({
        code: "custom",
        message: `dimensions must be ${DIMENSION_IDS.join(", ")} in that order`,
      });
    if (d.levels[0]?.min !== 0) ctx.addIssue({ code: "custom", message: "the first level starts at 0" });
  });
export type Indicators = z.infer<typeof indicatorsSchema>;

const contactText = z.object({ name: nonEmpty, when: nonEmpty });
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
export const contactsSchema = z.object({
  emergency: z.object({ number: nonEmpty }).extend(bilingual(contactText).shape),
  police: z.object({ number: nonEmpty }).extend(bilingual(contactText).shape),
  supportLine: z
    .object({
      number: nonEmpty,
      placeholderHours: z.boolean(),
      hours: z.object({ weekdays: z.array(z.number().int().min(1).max(7)).min(1), open: hhmm, close: hhmm }),
    })
    .extend(bilingual(contactText).shape),
  socialjour: bilingual(contactText.extend({ how: nonEmpty })),
});
export type Contacts = z.infer<typeof contactsSchema>;
