/** The shapes of shelter input, shared by the staff forms and the JSON API. Messages are the forms' Swedish. */
import { z } from "@hono/zod-openapi";
import { SHELTER_ACCEPTS } from "@stodkedjan/domain";
import { FORMS, freeText } from "../cases/schemas.ts";

const date = z.iso
  .date({ error: "Ange ett datum som ÅÅÅÅ-MM-DD." })
  .refine((d) => d >= "1900-01-01" && d <= "2199-12-31", "Ange ett datum mellan 1900 och 2199.");

const required = (max: number, missing: string) => freeText(max).refine((s) => s.length > 0, missing);
/** No value twice, so a list is a set. */
const set = <T extends z.ZodType<string>>(item: T, missing: string, max: number) =>
  z
    .array(item, { error: missing })
    .min(1, missing)
    .max(max)
    .refine((a) => new Set(a).size === a.length, "ett värde finns med två gånger");

export const shelterFields = {
  name: required(200, "Ange boendets namn.").openapi({ example: "Skyddat boende Norrsken" }),
  operator: required(200, "Ange vem som driver boendet.").openapi({
    example: "Plattformen Civila Sverige mot människohandel",
  }),
  regionId: z
    .string({ error: "Välj en region." })
    .regex(/^[a-z]{1,40}$/, "Välj en region.")
    .openapi({ example: "nord", description: "One of the seven regions, e.g. nord, stockholm, vast" }),
  capacity: z
    .number({ error: "Ange antalet platser som ett heltal." })
    .int("Ange antalet platser som ett heltal.")
    .min(1, "Ett boende har minst en plats.")
    .max(500, "Högst 500 platser.")
    .openapi({ example: 6 }),
  accepts: set(
    z.enum(SHELTER_ACCEPTS, { error: "Okänt värde." }),
    "Välj minst en grupp som boendet tar emot.",
    4,
  ),
  forms: set(z.enum(FORMS, { error: "Okänt värde." }), "Välj minst en form av exploatering.", FORMS.length),
  certifiedUntil: date.nullable().openapi({
    example: "2027-03-31",
    description: "The last day the NSP certification holds; null while the shelter is not certified",
  }),
};

export const shelterInput = z.object(shelterFields).strict().openapi("ShelterInput");
export type ShelterInput = z.infer<typeof shelterInput>;

/** A change: only the fields sent are changed. */
export const shelterUpdate = z
  .object(shelterFields)
  .partial()
  .strict()
  .refine((u) => Object.keys(u).length > 0, "Ändra minst ett fält.")
  .openapi("ShelterUpdate");
export type ShelterUpdate = z.infer<typeof shelterUpdate>;
