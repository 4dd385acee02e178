/**
 * Transfers between regions wait for the receiving region (ADR 0021): the owning region asks, the
 * receiving region accepts or declines, and until it accepts the case stays with its sender. At
 * most one transfer per case waits at a time (a unique index, and the case's row lock). Accepting
 * adds the transfer share, which moves the case (see `scopeOf`). Every step is audited.
 */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, eq, or, sql } from "drizzle-orm";
import { can, scopeOf } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { isUuid } from "../ids.ts";
import { type Ctx, userId } from "./context.ts";
import { conflict, invalid, notFound } from "./errors.ts";
import { activeShares, authorizeCase, change, denied, lockCase } from "./scope.ts";

/**
 * The checks before a case is shared with, or offered to, `regionId`: another region than the
 * owner's, one that exists, not already sharing the case. Returns the case's active shares.
 */
export async function sharesBeforeAdding(tx: Db, caseId: string, ownerId: string, regionId: string) {
  if (regionId === ownerId)
    throw invalid("The case already belongs to that region.", [
      { path: "regionId", message: "choose another region", code: "share-own-region" },
    ]);
  const [region] = await tx.select().from(schema.regions).where(eq(schema.regions.id, regionId));
  if (!region)
    throw invalid("Unknown region", [
      { path: "regionId", message: "no such region", code: "region-unknown" },
    ]);
  const active = await activeShares(tx, caseId);
  if (active.some((s) => s.regionId === regionId))
    throw conflict("The case is already shared with that region.", "share-exists");
  return active;
}

/** Asks `regionId` to take the case over; the owning region's decision. */
export function requestTransfer(ctx: Ctx, caseId: string, regionId: string) {
  return change(
    ctx,
    caseId,
    "transfer-request",
    async (tx, row) => {
      const active = await sharesBeforeAdding(tx, caseId, row.regionId, regionId);
      if (active.some((s) => s.mode === "transfer"))
        throw conflict("The case is already transferred; take the transfer back first.", "transfer-exists");
      if (await pendingOf(tx, caseId)) throw conflict("A transfer of this case already waits for an answer.");
      const id = randomUUID();
      await tx.insert(schema.caseTransfers).values({
        id,
        caseId,
        fromRegionId: row.regionId,
        toRegionId: regionId,
        requestedBy: userId(ctx),
      });
      return { id };
    },
    { permission: "case.manage" },
  );
}

/** What the confirmation page before a transfer shows; checks the owner's right and the region. Audited. */
export async function transferPreview(ctx: Ctx, caseId: string, regionId: string) {
  const { row } = await authorizeCase(ctx, caseId, "case.manage");
  const [region] = await ctx.db.select().from(schema.regions).where(eq(schema.regions.id, regionId));
  if (!region || region.id === row.regionId)
    throw invalid("Choose another region.", [
      { path: "regionId", message: "choose another region", code: "share-own-region" },
    ]);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "transfer-preview", region: regionId },
  });
  return { id: caseId, ref: row.ref, region };
}

async function pendingOf(db: Pick<Db, "select">, caseId: string) {
  const [t] = await db
    .select()
    .from(schema.caseTransfers)
    .where(and(eq(schema.caseTransfers.caseId, caseId), eq(schema.caseTransfers.state, "pending")));
  return t;
}

/** Takes back a transfer that waits for an answer; the owning region's. */
export function withdrawTransfer(ctx: Ctx, caseId: string, transferId: string) {
  return change(
    ctx,
    caseId,
    "transfer-withdrawn",
    async (tx) => {
      const t = await pendingOf(tx, caseId);
      if (!t || t.id !== transferId) throw notFound();
      await tx
        .update(schema.caseTransfers)
        .set({ state: "withdrawn", decidedAt: ctx.now ?? new Date(), decidedBy: userId(ctx) })
        .where(eq(schema.caseTransfers.id, transferId));
    },
    { permission: "case.manage" },
  );
}

/**
 * The receiving region's check: its coordinators answer a transfer that waits on it, and see what
 * the offer shows (number, coded title, step), not the case. Anyone else is audited and told 404.
 */
async function authorizeReceiver(ctx: Ctx, caseId: string, transferId: string) {
  const [found] =
    isUuid(caseId) && isUuid(transferId)
      ? await ctx.db
          .select({ transfer: schema.caseTransfers, row: schema.cases })
          .from(schema.caseTransfers)
          .innerJoin(schema.cases, eq(schema.cases.id, schema.caseTransfers.caseId))
          .where(and(eq(schema.caseTransfers.id, transferId), eq(schema.caseTransfers.caseId, caseId)))
      : [];
  const scope = found
    ? {
        ...scopeOf(found.row.regionId, await activeShares(ctx.db, caseId)),
        pendingTransferTo: found.transfer.state === "pending" ? found.transfer.toRegionId : null,
      }
    : undefined;
  if (!found || !can(ctx.principal, "case.receive", scope))
    throw await denied(ctx, caseId, !!found, "case.receive");
  return found;
}

/** The offer as the receiving region sees it before answering; audited as a read of the case. */
export async function transferOffer(ctx: Ctx, caseId: string, transferId: string) {
  const { transfer, row } = await authorizeReceiver(ctx, caseId, transferId);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "transfer-offer", transfer: transferId },
  });
  return {
    id: transfer.id,
    fromRegionId: transfer.fromRegionId,
    requestedAt: transfer.requestedAt,
    caseId,
    ref: row.ref,
    kind: row.kind,
    title: row.title,
    step: row.step,
    openedOn: row.openedOn,
  };
}

/**
 * Accepts or declines a transfer waiting on the principal's region. Accepting adds the transfer
 * share in the same transaction, so the case moves at once and only once: a second answer, or a
 * withdrawal that came first, finds nothing pending (409).
 */
export async function answerTransfer(
  ctx: Ctx,
  caseId: string,
  transferId: string,
  answer: "accept" | "decline",
) {
  await authorizeReceiver(ctx, caseId, transferId);
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, "open", ctx.now);
    const t = await pendingOf(tx as unknown as Db, caseId);
    if (!t || t.id !== transferId) throw conflict("The transfer no longer waits for an answer.");
    const at = ctx.now ?? new Date();
    let shareId: string | null = null;
    if (answer === "accept") {
      const active = await activeShares(tx as unknown as Db, caseId);
      if (active.some((s) => s.regionId === t.toRegionId || s.mode === "transfer"))
        throw conflict("The case is already shared with your region or transferred; it cannot move now.");
      const [c] = await tx
        .select({ openedOn: schema.cases.openedOn })
        .from(schema.cases)
        .where(eq(schema.cases.id, caseId));
      shareId = randomUUID();
      await tx.insert(schema.caseShares).values({
        id: shareId,
        caseId,
        openedOn: c?.openedOn as string,
        regionId: t.toRegionId,
        mode: "transfer",
        createdBy: userId(ctx),
      });
    }
    await tx
      .update(schema.caseTransfers)
      .set({ state: answer === "accept" ? "accepted" : "declined", decidedAt: at, decidedBy: userId(ctx) })
      .where(eq(schema.caseTransfers.id, transferId));
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: {
        change: answer === "accept" ? "transfer-accepted" : "transfer-declined",
        transfer: transferId,
      },
    });
    return { shareId };
  });
}

/** The transfers waiting on, or sent by, the principal's region, for its start and list pages; audited. */
export async function pendingTransfers(ctx: Ctx) {
  const regionId = ctx.principal.regionId;
  if (!can(ctx.principal, "case.list") || !regionId) return { incoming: [], outgoing: [] };
  const rows = await ctx.db
    .select({
      id: schema.caseTransfers.id,
      caseId: schema.caseTransfers.caseId,
      fromRegionId: schema.caseTransfers.fromRegionId,
      toRegionId: schema.caseTransfers.toRegionId,
      requestedAt: schema.caseTransfers.requestedAt,
      ref: schema.cases.ref,
      title: schema.cases.title,
    })
    .from(schema.caseTransfers)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.caseTransfers.caseId))
    .where(
      and(
        eq(schema.caseTransfers.state, "pending"),
        or(eq(schema.caseTransfers.toRegionId, regionId), eq(schema.caseTransfers.fromRegionId, regionId)),
      ),
    )
    .orderBy(sql`${schema.caseTransfers.requestedAt} desc`);
  if (rows.length)
    await audit(ctx.db, {
      actor: ctx.principal,
      action: "list",
      objectType: "case",
      outcome: "ok",
      detail: { part: "pending-transfers", ids: rows.map((r) => r.caseId).join(",") },
    });
  return {
    incoming: rows.filter((r) => r.toRegionId === regionId),
    outgoing: rows.filter((r) => r.fromRegionId === regionId),
  };
}
