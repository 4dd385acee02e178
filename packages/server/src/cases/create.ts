/** Opening cases: a consultation (no person) or an individual case with its person; both get the next number. */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { swedishInstant } from "@stodkedjan/domain";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import * as persons from "../persons/service.ts";
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

/**
 * Opens an individual case for a new person, or, with `linkTo`, for a person already registered
 * whom the coordinator chose among the possible duplicates (persons/service.ts).
 */
export async function createIndividualCase(ctx: Ctx, input: IndividualInput, linkTo?: string) {
  const regionId = requireRegion(ctx, "case.create");
  const place = await municipalityName(ctx.db, input.municipalityCode);
  const linked = linkTo === undefined ? null : await persons.linkablePerson(ctx, linkTo);
  const id = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  const p = input.person;
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    const pseudonym = linked?.pseudonym ?? pseudonymOf(ref);
    const personId = linked?.id ?? (await persons.insertPerson(tx, ctx.keys, pseudonym, p));
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
      title: individualTitle(input.forms, linked?.ageGroup ?? p.ageGroup, place),
      personId,
      createdBy: userId(ctx),
    });
    await tx.insert(schema.caseSteps).values({ caseId: id, step: input.step, changedBy: userId(ctx) });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
      detail: { person: personId, linked: linked !== null },
    });
    return { id, ref, pseudonym, personId };
  });
}

export const pseudonymOf = (ref: string) => `P-${ref.slice(-6)}`;

/** An individual case's coded title: forms, age group and municipality, never a name. */
export const individualTitle = (forms: readonly string[], ageGroup: "child" | "adult", place: string) =>
  `${forms.map((f) => FORM_TITLES[f]).join(", ")}, ${ageGroup === "child" ? "barn" : "vuxen"}, ${place}`;
