/** Closing a case and reopening it with a reason: the owning region's decisions. */

import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { encryptField } from "../crypto/fields.ts";
import { type Ctx, today, userId } from "./context.ts";
import { change } from "./scope.ts";

/** Closing is the owning region's decision; a joint partner works the case but does not close it. */
export function closeCase(ctx: Ctx, caseId: string, reason: string, closedOn?: string) {
  return change(
    ctx,
    caseId,
    "close",
    async (tx) => {
      await tx
        .update(schema.cases)
        .set({ status: "closed", closedOn: closedOn ?? today(ctx), closeReason: reason })
        .where(eq(schema.cases.id, caseId));
    },
    { permission: "case.manage" },
  );
}

/**
 * Reopens a closed case, by its owning region, with a reason: the reason is free text, stored
 * encrypted in the case's reopening record, and the audit entry names the record.
 */
export function reopenCase(ctx: Ctx, caseId: string, reason: string) {
  return change(
    ctx,
    caseId,
    "reopen",
    async (tx) => {
      const id = randomUUID();
      await tx.insert(schema.caseReopenings).values({
        id,
        caseId,
        reasonEnc: encryptField(ctx.keys, reason, `case_reopenings.reason:${id}`),
        reopenedBy: userId(ctx),
      });
      await tx
        .update(schema.cases)
        .set({ status: "open", closedOn: null, closeReason: null })
        .where(eq(schema.cases.id, caseId));
      return { id };
    },
    { permission: "case.manage", state: "closed" },
  );
}
