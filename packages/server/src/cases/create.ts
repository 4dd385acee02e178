/** Opening cases: a consultation (no person) or an individual case with its person; both get the next number. */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import { type Ctx, enc, municipalityName, requireRegion, today, userId } from "./context.ts";
import type { ConsultationInput, IndividualInput } from "./schemas.ts";

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
  const personId = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  const p = input.person;
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    const pseudonym = `P-${ref.slice(-6)}`;
    const age = p.ageGroup === "child" ? "barn" : "vuxen";
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
      title: `${input.forms.map((f) => FORM_TITLES[f]).join(", ")}, ${age}, ${place}`,
      createdBy: userId(ctx),
    });
    await tx.insert(schema.persons).values({
      id: personId,
      caseId: id,
      pseudonym,
      ageGroup: p.ageGroup,
      birthYear: p.birthYear ?? null,
      gender: p.gender,
      citizenship: p.citizenship ?? null,
      languages: p.languages,
      nameEnc: enc(ctx, p.name, `persons.name:${personId}`),
      contactEnc: enc(ctx, p.contact, `persons.contact:${personId}`),
      identityDocsEnc: enc(ctx, p.identityDocuments, `persons.identity_docs:${personId}`),
    });
    await tx.insert(schema.caseSteps).values({ caseId: id, step: input.step, changedBy: userId(ctx) });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
    });
    return { id, ref, pseudonym };
  });
}
