/** Sharing a case with another region (jointly, or as a transfer) and revoking a share: the owning region's. */

import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { and, eq, isNull } from "drizzle-orm";
import { isUuid } from "../ids.ts";
import { type Ctx, userId } from "./context.ts";
import { conflict, notFound } from "./errors.ts";
import { change } from "./scope.ts";
import { requestTransfer, sharesBeforeAdding } from "./transfers.ts";

/**
 * Shares the case: jointly at once, or as a transfer, which waits for the receiving region's
 * answer (see transfers.ts); `id` is then the transfer's, and `pending` says so.
 */
export async function shareCase(
  ctx: Ctx,
  caseId: string,
  regionId: string,
  mode: "joint" | "transfer",
): Promise<{ id: string; pending: boolean }> {
  if (mode === "transfer") return { ...(await requestTransfer(ctx, caseId, regionId)), pending: true };
  return change(
    ctx,
    caseId,
    "share",
    async (tx, row) => {
      await sharesBeforeAdding(tx, caseId, row.regionId, regionId);
      const [waiting] = await tx
        .select({ id: schema.caseTransfers.id })
        .from(schema.caseTransfers)
        .where(
          and(
            eq(schema.caseTransfers.caseId, caseId),
            eq(schema.caseTransfers.toRegionId, regionId),
            eq(schema.caseTransfers.state, "pending"),
          ),
        );
      if (waiting) throw conflict("A transfer to that region waits for its answer.");
      const id = randomUUID();
      await tx
        .insert(schema.caseShares)
        .values({ id, caseId, openedOn: row.openedOn, regionId, mode, createdBy: userId(ctx) });
      return { id, pending: false };
    },
    { permission: "case.manage" },
  );
}

export function revokeShare(ctx: Ctx, caseId: string, shareId: string) {
  return change(
    ctx,
    caseId,
    "unshare",
    async (tx) => {
      if (!isUuid(shareId)) throw notFound();
      const done = await tx
        .update(schema.caseShares)
        .set({ revokedAt: ctx.now ?? new Date(), revokedBy: userId(ctx) })
        .where(
          and(
            eq(schema.caseShares.id, shareId),
            eq(schema.caseShares.caseId, caseId),
            isNull(schema.caseShares.revokedAt),
          ),
        )
        .returning({ id: schema.caseShares.id });
      if (done.length === 0) throw notFound();
    },
    { permission: "case.manage" },
  );
}
