/**
 * The audit log in the database. Appends take a transaction-scoped advisory lock so entries
 * get consecutive sequence numbers and each hash covers the one before; writes append inside
 * the same transaction as the change they record, so no acknowledged change lacks its entry.
 */
import { type Db, schema } from "@stodkedjan/db";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Principal } from "../access/policy.ts";
import {
  type AuditEntryData,
  type ChainedAuditEntry,
  GENESIS,
  hashEntry,
  verifyAnchoredChain,
  verifyChain,
} from "./chain.ts";
import { type AuditAnchor, readCheckpoints, writeCheckpoint } from "./checkpoint.ts";

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
  | "verify"
  | "request"
  | "approve"
  | "refuse"
  | "use"
  | "enrol"
  | "draft.keep"
  | "draft.resume"
  | "draft.discard"
  | "deactivate"
  | "reactivate"
  | "totp.reset";

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

type Item = { input: AuditInput; now: Date };
type Tail = { seq: number; hash: string };

/** The entries as rows, numbered and chained after `tail`. */
function chained(items: Item[], tail: Tail): ChainedAuditEntry[] {
  let { seq, hash: prevHash } = tail;
  return items.map(({ input, now }) => {
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
}

async function lastEntry(db: Pick<Db, "select">): Promise<Tail> {
  const [last] = await db
    .select({ seq: schema.auditLog.seq, hash: schema.auditLog.hash })
    .from(schema.auditLog)
    .orderBy(desc(schema.auditLog.seq))
    .limit(1);
  return last ?? { seq: 0, hash: GENESIS };
}

/** Appends entries in order under one lock acquisition, chaining each to the one before. */
async function appendMany(tx: Tx, items: Item[]): Promise<number[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const rows = chained(items, await lastEntry(tx));
  await tx.insert(schema.auditLog).values(rows);
  return rows.map((r) => r.seq);
}

/** The lock that orders appends: held from reading the chain's end until the new entries commit. */
const CHAIN_LOCK = 784512;

/** The chain's end as this process last wrote or read it; it may lag behind other writers. */
const tails = new WeakMap<Db, Tail>();

/**
 * Appends a batch in one statement, chained after the remembered end of the chain. If another
 * writer appended meanwhile, the first sequence number is taken and the primary key refuses the
 * whole statement; then the end is read again and the batch re-chained. The statement takes the
 * chain lock too, so a transaction between reading the end and inserting (appendMany) is never
 * overtaken and never fails because of a batch.
 */
async function appendBatch(db: Db, items: Item[]): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const rows = chained(items, tails.get(db) ?? (await lastEntry(db)));
    try {
      await db.execute(sql`with chain_lock as (select pg_advisory_xact_lock(${CHAIN_LOCK}))
        insert into audit_log (seq, at, actor_id, actor_role, action, object_type, object_id, outcome, detail, prev_hash, hash)
        select r.seq, r.at, r."actorId", r."actorRole", r.action, r."objectType", r."objectId", r.outcome, r.detail, r."prevHash", r.hash
        from chain_lock, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(seq bigint, at text, "actorId" text,
          "actorRole" text, action text, "objectType" text, "objectId" text, outcome text, detail jsonb, "prevHash" text, hash text)`);
      const last = rows[rows.length - 1] as ChainedAuditEntry;
      tails.set(db, { seq: last.seq, hash: last.hash });
      return rows.map((r) => r.seq);
    } catch (e) {
      tails.delete(db);
      if (!isUniqueViolation(e) || attempt >= 50) throw e;
    }
  }
}

function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x)
    if (x.code === "23505") return true;
  return false;
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
    // From the next turn of the event loop, so that the reads answered in this turn join the batch.
    if (!q.flushing) {
      q.flushing = true;
      setImmediate(() => void flush(db, q));
    }
  });
}

async function flush(db: Db, q: { pending: Pending[]; flushing: boolean }) {
  while (q.pending.length) {
    const batch = q.pending.splice(0, 500);
    try {
      const seqs = await appendBatch(db, batch);
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

/** The chain alone: every entry's hash and link (see `verifyAnchoredLog` for its head). */
export function verifyAuditLog(db: Db) {
  return verifyChain(entries(db));
}

/** The chain's last committed entry (seq 0 and GENESIS for an empty log). */
export const chainHead = (db: Db) => lastEntry(db);

/**
 * The chain and its head against the signed checkpoints in the database and the file (ADR 0011):
 * reports a cut tail and a rewritten, re-chained stretch as well as a broken link, and counts the
 * checkpoints whose signature does not hold (forged, or signed with another key).
 */
export async function verifyAnchoredLog(db: Db, anchor: AuditAnchor) {
  const { valid, forged } = await readCheckpoints(db, anchor);
  const result = await verifyAnchoredChain(entries(db), valid);
  return { ...result, checkpoints: valid.length, forged };
}

/** Signs the head now (if it moved since the last checkpoint). */
export async function checkpointNow(db: Db, anchor: AuditAnchor) {
  return writeCheckpoint(db, anchor, await chainHead(db));
}

/**
 * Writes a checkpoint every `intervalMs` and once more on `stop()` (at shutdown). A failed write
 * is logged as a code and tried again at the next tick.
 */
export function startCheckpoints(
  db: Db,
  anchor: AuditAnchor,
  intervalMs: number,
  onError: (e: unknown) => void,
) {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => checkpointNow(db, anchor)).catch(onError);
    return running;
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
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
