/**
 * A consultation that turns out to concern a person becomes an individual case: the same case,
 * same number and id, so its notes, tasks, files and access history stay where they were (ADR
 * 0021). The consultation's own record (channel, topic, advice, the contact) is kept and shown.
 */

import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import * as persons from "../persons/service.ts";
import { type Ctx, municipalityName, today, userId } from "./context.ts";
import { individualTitle, pseudonymOf } from "./create.ts";
import { conflict } from "./errors.ts";
import type { ConvertInput } from "./schemas.ts";
import { change } from "./scope.ts";

/** Turns a consultation of the owning region into an individual case with its person. */
export function convertToIndividual(ctx: Ctx, caseId: string, input: ConvertInput) {
  return change(
    ctx,
    caseId,
    "converted-to-individual",
    async (tx, row) => {
      if (row.kind !== "consultation") throw conflict("Only a consultation becomes an individual case.");
      const place = row.municipalityCode ? await municipalityName(tx, row.municipalityCode) : "–";
      const personId = await persons.insertPerson(tx, ctx.keys, pseudonymOf(row.ref), input.person);
      await tx
        .update(schema.cases)
        .set({
          kind: "individual",
          category: input.category,
          step: input.step,
          title: individualTitle(row.forms, input.person.ageGroup, place),
          convertedOn: today(ctx),
          personId,
        })
        .where(eq(schema.cases.id, caseId));
      await tx.insert(schema.caseSteps).values({ caseId, step: input.step, changedBy: userId(ctx) });
      return { id: caseId };
    },
    { permission: "case.manage" },
  );
}
