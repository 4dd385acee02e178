/** Everyday work on a case: its step in the support chain and its notes. */

import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { encryptField } from "../crypto/fields.ts";
import { type Ctx, userId } from "./context.ts";
import { conflict } from "./errors.ts";
import { change } from "./scope.ts";

export function changeStep(ctx: Ctx, caseId: string, step: number) {
  return change(ctx, caseId, "step", async (tx, row) => {
    if (row.kind !== "individual") throw conflict("A consultation has no step.", "consultation-no-step");
    await tx.update(schema.cases).set({ step }).where(eq(schema.cases.id, caseId));
    await tx.insert(schema.caseSteps).values({ caseId, step, changedBy: userId(ctx) });
  });
}

export function addNote(ctx: Ctx, caseId: string, body: string) {
  return change(ctx, caseId, "note", async (tx) => {
    const id = randomUUID();
    await tx.insert(schema.caseNotes).values({
      id,
      caseId,
      bodyEnc: encryptField(ctx.keys, body, `case_notes.body:${id}`),
      createdBy: userId(ctx),
    });
    return { id };
  });
}
