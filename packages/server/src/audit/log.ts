/**
 * The audit log in the database. Appends take a transaction-scoped advisory lock so entries
 * get consecutive sequence numbers and each hash covers the one before; writes append inside
 * the same transaction as the change they record, so no acknowledged change lacks its entry.
 */
import { type Db, schema } from "@stodkedjan/db";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Principal } from "../access/policy.ts";
import { type AuditEntryData, GENESIS, hashEntry, verifyChain } from "./chain.ts";

export type AuditAction =
  | "login"
  | "login.failed"
  | "login.totp"
  | "login.totp.failed"
  | "logout"
  | "logout.everywhere"
  | "totp.enrol"
  | "read"
  | "list"
  | "create"
  | "update"
  | "export"
  | "share"
  | "unshare"
  | "access.denied"
  | "verify";

export interface AuditInput {
  actor: Pick<Principal, "id" | "role"> | null;
  action: AuditAction;
  objectType?: string | null;
  objectId?: string | null;
  outcome: AuditEntryData["outcome"];
  detail?: AuditEntryData["detail"];
}

type Tx = Pick<Db, "execute" | "select" | "insert">;

export async function appendAudit(tx: Tx, input: AuditInput, now = new Date()): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(784512)`);
  const [last] = await tx
    .select({ seq: schema.auditLog.seq, hash: schema.auditLog.hash })
    .from(schema.auditLog)
    .orderBy(desc(schema.auditLog.seq))
    .limit(1);
  const entry: AuditEntryData = {
    seq: (last?.seq ?? 0) + 1,
    at: now.toISOString(),
    actorId: input.actor?.id ?? null,
    actorRole: input.actor?.role ?? "public",
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    outcome: input.outcome,
    detail: input.detail ?? null,
  };
  const prevHash = last?.hash ?? GENESIS;
  await tx.insert(schema.auditLog).values({ ...entry, prevHash, hash: hashEntry(entry, prevHash) });
  return entry.seq;
}

/** Appends in a transaction of its own (reads, sign-ins, denials). */
export function audit(db: Db, input: AuditInput): Promise<number> {
  return db.transaction((tx) => appendAudit(tx, input));
}

/** Streams the log in pages so verification runs in constant memory over any size. */
async function* entries(db: Db, pageSize = 1000) {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(schema.auditLog)
      .where(gt(schema.auditLog.seq, after))
      .orderBy(asc(schema.auditLog.seq))
      .limit(pageSize);
    for (const row of rows) {
      yield {
        ...row,
        outcome: row.outcome as AuditEntryData["outcome"],
        detail: row.detail as AuditEntryData["detail"],
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.seq ?? after;
  }
}

export function verifyAuditLog(db: Db) {
  return verifyChain(entries(db));
}

/** Who looked at or changed an object, newest first, with the actor's name where it is a user. */
export function historyOf(db: Db, objectType: string, objectId: string) {
  return db
    .select({
      seq: schema.auditLog.seq,
      at: schema.auditLog.at,
      actorId: schema.auditLog.actorId,
      actorName: schema.users.displayName,
      actorRole: schema.auditLog.actorRole,
      action: schema.auditLog.action,
      outcome: schema.auditLog.outcome,
      detail: schema.auditLog.detail,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, sql`${schema.users.id}::text = ${schema.auditLog.actorId}`)
    .where(sql`${schema.auditLog.objectType} = ${objectType} and ${schema.auditLog.objectId} = ${objectId}`)
    .orderBy(desc(schema.auditLog.seq));
}
