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
  const [seq] = await appendMany(tx, [{ input, now }]);
  return seq as number;
}

/** Appends entries in order under one lock acquisition, chaining each to the one before. */
async function appendMany(tx: Tx, items: { input: AuditInput; now: Date }[]): Promise<number[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(784512)`);
  const [last] = await tx
    .select({ seq: schema.auditLog.seq, hash: schema.auditLog.hash })
    .from(schema.auditLog)
    .orderBy(desc(schema.auditLog.seq))
    .limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS;
  const rows = items.map(({ input, now }) => {
    const entry: AuditEntryData = {
      seq: ++seq,
      at: now.toISOString(),
      actorId: input.actor?.id ?? null,
      actorRole: input.actor?.role ?? "public",
      action: input.action,
      objectType: input.objectType ?? null,
      objectId: input.objectId ?? null,
      outcome: input.outcome,
      detail: input.detail ?? null,
    };
    const hash = hashEntry(entry, prevHash);
    const row = { ...entry, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.insert(schema.auditLog).values(rows);
  return rows.map((r) => r.seq);
}

interface Pending {
  input: AuditInput;
  now: Date;
  resolve(seq: number): void;
  reject(e: unknown): void;
}
const queues = new WeakMap<Db, { pending: Pending[]; flushing: boolean }>();

/**
 * Appends in a transaction of its own (reads, sign-ins, denials), by group commit: entries
 * that arrive while a batch is being written are chained and written together in the next
 * one, so concurrent reads do not queue one by one behind the chain's lock. Each caller still
 * waits until its own entry is committed.
 */
export function audit(db: Db, input: AuditInput): Promise<number> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { pending: [], flushing: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<number>((resolve, reject) => {
    q.pending.push({ input, now: new Date(), resolve, reject });
    if (!q.flushing) void flush(db, q);
  });
}

async function flush(db: Db, q: { pending: Pending[]; flushing: boolean }) {
  q.flushing = true;
  while (q.pending.length) {
    const batch = q.pending.splice(0, 500);
    try {
      const seqs = await db.transaction((tx) => appendMany(tx, batch));
      for (const [i, p] of batch.entries()) p.resolve(seqs[i] as number);
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
  q.flushing = false;
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
