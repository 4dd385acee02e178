/**
 * Closing a case and reopening it with a reason: the owning region's decisions. Closing a case
 * whose referrals still run is confirmed against what it will do to each (ADR 0021): an NSP
 * placement ends with the case, a reflection period or an ÅMP application keeps running and keeps
 * its deadlines on the deadlines view, and a transfer waiting for an answer is withdrawn.
 */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { type Referral, referralProblems } from "@stodkedjan/domain";
import { and, eq, inArray } from "drizzle-orm";
import { appendAudit, audit } from "../audit/log.ts";
import { encryptField } from "../crypto/fields.ts";
import { type Ctx, today, userId } from "./context.ts";
import { ServiceError } from "./errors.ts";
import { authorizeCase, change } from "./scope.ts";

/** What closing does to one running referral, or to the pending transfer. */
export type ClosingEffect =
  | { kind: "placement-ends"; referralId: string; status: string; shelterId: string | null; end: string }
  | { kind: "placement-cancelled"; referralId: string; status: string; shelterId: string | null }
  | { kind: "referral-stays"; referralId: string; type: "reflection" | "amp"; status: string }
  | { kind: "transfer-withdrawn"; transferId: string; toRegionId: string };

/** Referrals that still run: a reflection period not yet over, an ÅMP application or return not done. */
function stillRuns(type: string, status: string, data: Record<string, unknown>): boolean {
  if (type === "reflection") return ["draft", "submitted", "granted"].includes(status);
  if (type === "amp")
    return (
      ["prepared", "submitted", "info-requested"].includes(status) ||
      (status === "approved" && data.phase !== "completed")
    );
  return false;
}

/** The effects of closing the case on `closedOn`, read inside the caller's transaction. */
async function effectsOf(db: Db, caseId: string, closedOn: string): Promise<ClosingEffect[]> {
  const effects: ClosingEffect[] = [];
  const rows = await db
    .select()
    .from(schema.referrals)
    .where(eq(schema.referrals.caseId, caseId))
    .orderBy(schema.referrals.createdAt);
  for (const r of rows) {
    const data = r.data as Record<string, unknown>;
    if (r.type === "nsp-placement" && r.status === "requested")
      effects.push({
        kind: "placement-cancelled",
        referralId: r.id,
        status: r.status,
        shelterId: r.shelterId,
      });
    else if (r.type === "nsp-placement" && (r.status === "placed" || r.status === "extended")) {
      // A placement that starts after the closing day ends on its first day.
      const start = typeof data.start === "string" ? data.start : closedOn;
      const end = start > closedOn ? start : closedOn;
      effects.push({
        kind: "placement-ends",
        referralId: r.id,
        status: r.status,
        shelterId: r.shelterId,
        end,
      });
    } else if ((r.type === "reflection" || r.type === "amp") && stillRuns(r.type, r.status, data))
      effects.push({ kind: "referral-stays", referralId: r.id, type: r.type, status: r.status });
  }
  const [pending] = await db
    .select()
    .from(schema.caseTransfers)
    .where(and(eq(schema.caseTransfers.caseId, caseId), eq(schema.caseTransfers.state, "pending")));
  if (pending)
    effects.push({ kind: "transfer-withdrawn", transferId: pending.id, toRegionId: pending.toRegionId });
  return effects;
}

/**
 * A key naming exactly the effects shown: closing goes ahead only with the key of the effects as
 * they are when it runs, so a placement added after the confirmation page was shown is not ended
 * unseen.
 */
export const effectsKey = (effects: ClosingEffect[]) =>
  effects
    .map((e) => ("referralId" in e ? `${e.kind}:${e.referralId}:${e.status}` : `${e.kind}:${e.transferId}`))
    .join(",");

/** What closing the case today would do, for the confirmation page; audited as a read of the case. */
export async function closingPreview(ctx: Ctx, caseId: string, closedOn?: string) {
  const { row } = await authorizeCase(ctx, caseId, "case.manage");
  const effects = await effectsOf(ctx.db, caseId, closedOn ?? today(ctx));
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "closing-preview", effects: effects.length },
  });
  // The shelters by name: the page names a placement's shelter, never its id.
  const shelterIds = [
    ...new Set(effects.flatMap((e) => ("shelterId" in e && e.shelterId ? [e.shelterId] : []))),
  ];
  const shelters = shelterIds.length
    ? Object.fromEntries(
        (
          await ctx.db
            .select({ id: schema.shelters.id, name: schema.shelters.name })
            .from(schema.shelters)
            .where(inArray(schema.shelters.id, shelterIds))
        ).map((s) => [s.id, s.name]),
      )
    : {};
  return { id: caseId, ref: row.ref, kind: row.kind, effects, key: effectsKey(effects), shelters };
}

/**
 * Closes the case. `confirmed` is the key of the effects the user confirmed (empty when there were
 * none): when the effects differ, nothing changes and the answer is a 409 naming the current key.
 * Closing is the owning region's decision; a joint partner works the case but does not close it.
 */
export function closeCase(
  ctx: Ctx,
  caseId: string,
  { reason, closedOn, confirmed = "" }: { reason: string; closedOn?: string; confirmed?: string },
) {
  const day = closedOn ?? today(ctx);
  return change(
    ctx,
    caseId,
    "close",
    async (tx) => {
      const effects = await effectsOf(tx, caseId, day);
      const key = effectsKey(effects);
      if (key !== confirmed)
        throw new ServiceError(
          409,
          `Closing changes running referrals or a pending transfer; confirm with "${key}" after reviewing them.`,
          [],
          "closing-unconfirmed",
        );
      const at = ctx.now ?? new Date();
      for (const e of effects) {
        if (e.kind === "placement-ends" || e.kind === "placement-cancelled") {
          const [row] = await tx.select().from(schema.referrals).where(eq(schema.referrals.id, e.referralId));
          if (!row) continue;
          const to = e.kind === "placement-ends" ? "exited" : "cancelled";
          const data = {
            ...(row.data as Record<string, unknown>),
            ...(e.kind === "placement-ends" ? { end: e.end } : {}),
          };
          const problems = referralProblems({ ...data, type: row.type, status: to } as unknown as Referral);
          if (problems.length)
            throw new ServiceError(
              409,
              "A placement of the case cannot be ended as it stands; end it first.",
              [...problems.map((p) => ({ path: p.field, message: p.code }))],
            );
          await tx
            .update(schema.referrals)
            .set({ status: to, data, updatedAt: at })
            .where(eq(schema.referrals.id, e.referralId));
          await tx
            .insert(schema.referralEvents)
            .values({ referralId: e.referralId, fromStatus: row.status, toStatus: to, by: userId(ctx) });
          await appendAudit(tx, {
            actor: ctx.principal,
            action: "update",
            objectType: "case",
            objectId: caseId,
            outcome: "ok",
            detail: { referral: e.referralId, status: to, by: "close" },
          });
        } else if (e.kind === "transfer-withdrawn") {
          await tx
            .update(schema.caseTransfers)
            .set({ state: "withdrawn", decidedAt: at, decidedBy: userId(ctx) })
            .where(eq(schema.caseTransfers.id, e.transferId));
          await appendAudit(tx, {
            actor: ctx.principal,
            action: "update",
            objectType: "case",
            objectId: caseId,
            outcome: "ok",
            detail: { transfer: e.transferId, state: "withdrawn", by: "close" },
          });
        }
      }
      await tx
        .update(schema.cases)
        .set({ status: "closed", closedOn: day, closeReason: reason })
        .where(eq(schema.cases.id, caseId));
      return { effects };
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
