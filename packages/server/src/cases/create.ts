/** Opening cases: a consultation (no person) or an individual case with its person; both get the next number. */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { swedishInstant } from "@stodkedjan/domain";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import { type Ctx, enc, municipalityName, requireRegion, today, userId } from "./context.ts";
import type { ConsultationInput, IndividualInput } from "./schemas.ts";

type PersonInput = IndividualInput["person"];

export const FORM_TITLES: Record<string, string> = {
  sexual: "Sexuell exploatering",
  labour: "Arbetskraftsexploatering",
  begging: "Tiggeri",
  crime: "Brottslighet",
  "forced-marriage": "Tvångsäktenskap",
  "war-service": "Krigstjänst",
  "organ-trade": "Organhandel",
  "illegal-adoption": "Olaglig adoption",
  other: "Annan exploatering",
};

async function nextRef(db: Pick<Db, "execute">, year: string): Promise<string> {
  const result = await db.execute(sql`select nextval('case_ref_seq') as n`);
  const rows = (result as unknown as { rows: { n: string | number }[] }).rows;
  return `ÄR-${year}-${String(rows[0]?.n).padStart(6, "0")}`;
}

export async function createConsultation(ctx: Ctx, input: ConsultationInput) {
  const regionId = requireRegion(ctx, "case.create");
  const place = await municipalityName(ctx.db, input.municipalityCode);
  const id = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    await tx.insert(schema.cases).values({
      id,
      ref,
      kind: "consultation",
      regionId,
      municipalityCode: input.municipalityCode,
      openedOn,
      referringOrg: input.referringOrg,
      forms: input.forms,
      title: `Konsultation: ${input.forms.map((f) => FORM_TITLES[f]).join(", ")}, ${place}`,
      consultationChannel: input.channel,
      consultationTopic: input.topic,
      referredTo: input.referredTo,
      adviceEnc: enc(ctx, input.advice, `cases.advice:${id}`),
      contactAt: input.contactOn
        ? swedishInstant(input.contactOn, input.contactTime ?? "00:00")
        : (ctx.now ?? new Date()),
      contactMinutes: input.contactMinutes ?? null,
      takenBy: userId(ctx),
      createdBy: userId(ctx),
    });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
    });
    return { id, ref };
  });
}

export async function createIndividualCase(ctx: Ctx, input: IndividualInput) {
  const regionId = requireRegion(ctx, "case.create");
  const place = await municipalityName(ctx.db, input.municipalityCode);
  const id = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  const p = input.person;
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    await tx.insert(schema.cases).values({
      id,
      ref,
      kind: "individual",
      regionId,
      municipalityCode: input.municipalityCode,
      openedOn,
      referringOrg: input.referringOrg,
      forms: input.forms,
      category: input.category,
      step: input.step,
      title: individualTitle(input.forms, p.ageGroup, place),
      createdBy: userId(ctx),
    });
    await insertPerson(ctx, tx, id, ref, p);
    await tx.insert(schema.caseSteps).values({ caseId: id, step: input.step, changedBy: userId(ctx) });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
    });
    return { id, ref, pseudonym: pseudonymOf(ref) };
  });
}

const pseudonymOf = (ref: string) => `P-${ref.slice(-6)}`;

/** An individual case's coded title: forms, age group and municipality, never a name. */
export const individualTitle = (forms: readonly string[], ageGroup: "child" | "adult", place: string) =>
  `${forms.map((f) => FORM_TITLES[f]).join(", ")}, ${ageGroup === "child" ? "barn" : "vuxen"}, ${place}`;

/** The case's person, its identifying fields encrypted, its pseudonym from the case number. */
export async function insertPerson(
  ctx: Ctx,
  tx: Pick<Db, "insert">,
  caseId: string,
  ref: string,
  p: PersonInput,
) {
  const personId = randomUUID();
  await tx.insert(schema.persons).values({
    id: personId,
    caseId,
    pseudonym: pseudonymOf(ref),
    ageGroup: p.ageGroup,
    birthYear: p.birthYear ?? null,
    gender: p.gender,
    citizenship: p.citizenship ?? null,
    languages: p.languages,
    nameEnc: enc(ctx, p.name, `persons.name:${personId}`),
    contactEnc: enc(ctx, p.contact, `persons.contact:${personId}`),
    identityDocsEnc: enc(ctx, p.identityDocuments, `persons.identity_docs:${personId}`),
  });
}
