/**
 * Where a case belongs and who may touch it: its shares, the policy check with its audited denial,
 * the region's scope as SQL, and the one path every write to a case takes (lock, check, audit).
 */

import { type Db, preparedPerDb, schema } from "@stodkedjan/db";
import { and, eq, getTableColumns, inArray, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import { type CaseScope, can, type Permission, scopeOf } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { isUuid } from "../ids.ts";
import type { Ctx } from "./context.ts";
import { caseClosed, caseOpen, notFound, notOwner } from "./errors.ts";

export async function activeShares(db: Db, caseId: string) {
  return db
    .select()
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.caseId, caseId), isNull(schema.caseShares.revokedAt)));
}

/** JSON columns come back with timestamps as ISO text; the rest of the app works with Dates. */
const stamp = (v: string | null) => (v === null ? null : new Date(v));

/** A share as the case shows it; its copy of the case's opening date serves only the list. */
export type Share = Omit<typeof schema.caseShares.$inferSelect, "openedOn">;
export type ShareJson = Omit<Share, "createdAt" | "revokedAt"> & {
  createdAt: string;
  revokedAt: string | null;
};

/** A case's active shares as one JSON column, so a case and its scope come in one statement. */
export const sharesColumn = sql<ShareJson[]>`(select coalesce(json_agg(json_build_object(
    'id', s.id, 'caseId', s.case_id, 'regionId', s.region_id, 'mode', s.mode, 'createdBy', s.created_by,
    'createdAt', s.created_at, 'revokedAt', s.revoked_at, 'revokedBy', s.revoked_by) order by s.created_at), '[]')
  from case_shares s where s.case_id = "cases"."id" and s.revoked_at is null)`;

export const toShares = (rows: ShareJson[]): Share[] =>
  rows.map((s) => ({ ...s, createdAt: new Date(s.createdAt), revokedAt: stamp(s.revokedAt) }));

/** Audits a refused case access; the caller answers 404 whether the case exists or not. */
export async function denied(ctx: Ctx, caseId: string, exists: boolean, permission: Permission) {
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "access.denied",
    objectType: "case",
    objectId: exists ? caseId : null,
    outcome: "denied",
    detail: { permission },
  });
  return notFound();
}

const scopeQuery = preparedPerDb((db) =>
  db
    .select({ regionId: schema.cases.regionId, shares: sharesColumn })
    .from(schema.cases)
    .where(eq(schema.cases.id, sql.placeholder("id")))
    .prepare("case_scope"),
);

/** Where a case belongs and who it is shared with (one statement); null when there is no such case. */
export async function caseScopeOf(db: Db, caseId: string): Promise<CaseScope | null> {
  const [found] = isUuid(caseId) ? await scopeQuery(db).execute({ id: caseId }) : [];
  return found ? scopeOf(found.regionId, found.shares) : null;
}

const caseQuery = preparedPerDb((db) =>
  db
    .select({ row: getTableColumns(schema.cases), shares: sharesColumn })
    .from(schema.cases)
    .where(eq(schema.cases.id, sql.placeholder("id")))
    .prepare("case_with_shares"),
);

/** The case row and its scope, after checking the permission; audits and hides denials as 404. */
export async function authorizeCase(ctx: Ctx, caseId: string, permission: Permission) {
  const [found] = isUuid(caseId) ? await caseQuery(ctx.db).execute({ id: caseId }) : [];
  const shares = found ? toShares(found.shares) : [];
  const scope: CaseScope | undefined = found ? scopeOf(found.row.regionId, shares) : undefined;
  if (!found || !can(ctx.principal, permission, scope)) {
    const mayRead = !!scope && can(ctx.principal, "case.read", scope);
    const notFoundError = await denied(ctx, caseId, !!found, permission);
    // A region that handles the case jointly knows it exists: it is told the decision is the owner's.
    throw mayRead ? notOwner() : notFoundError;
  }
  return { row: found.row, shares };
}

/**
 * The cases a region works with: its own, except those transferred away, and those shared with
 * or transferred to it. The same rule as the policy's, as SQL for lists.
 */
export function inRegionScope(db: Db, regionId: string): SQL {
  const sharedHere = db
    .select({ id: schema.caseShares.caseId })
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.regionId, regionId), isNull(schema.caseShares.revokedAt)));
  const transferredAway = db
    .select({ id: schema.caseShares.caseId })
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.mode, "transfer"), isNull(schema.caseShares.revokedAt)));
  return or(
    and(eq(schema.cases.regionId, regionId), notInArray(schema.cases.id, transferredAway)),
    inArray(schema.cases.id, sharedHere),
  ) as SQL;
}

/**
 * Locks the case's row for the rest of the transaction and checks its state: every write to a
 * case goes through here, so a close (or reopening) and a write never interleave, and a closed
 * case takes no write until it is reopened.
 */
export async function lockCase(tx: Pick<Db, "update">, caseId: string, state: "open" | "closed", now?: Date) {
  const [locked] = await tx
    .update(schema.cases)
    .set({ updatedAt: now ?? new Date() })
    .where(eq(schema.cases.id, caseId))
    .returning({ status: schema.cases.status });
  if (!locked) throw notFound();
  if (locked.status !== state) throw state === "open" ? caseClosed() : caseOpen();
}

/**
 * Runs a change to a case in one transaction with its audit entry: by default work on an open
 * case by its owning region or a joint partner (`case.write`).
 */
export async function change<T>(
  ctx: Ctx,
  caseId: string,
  what: string,
  fn: (tx: Db, row: typeof schema.cases.$inferSelect) => Promise<T>,
  { permission = "case.write", state = "open" }: { permission?: Permission; state?: "open" | "closed" } = {},
) {
  const { row } = await authorizeCase(ctx, caseId, permission);
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, state, ctx.now);
    const result = await fn(tx as unknown as Db, row);
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { change: what },
    });
    return result;
  });
}
