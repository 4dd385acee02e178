/**
 * The audit log's hash chain: pure functions, no I/O (log.ts stores and streams the entries).
 *
 * Each entry's hash is `hex(SHA-256(prevHash + "\n" + canonical(entry)))`, with `prevHash` the hash of
 * the entry before it, or GENESIS (64 zeros) for entry 1. Sequence numbers start at 1 and increase by
 * exactly 1. Changing, inserting, deleting or reordering any entry therefore breaks the chain at or
 * after that entry, unless the attacker recomputes every later hash too (see the caveat on anchoring in
 * `verifyChain`).
 *
 * ## Canonical form (version 1)
 * One line of JSON, UTF-8 when hashed, with exactly these keys in this order:
 *
 *     {"v":1,"seq":…,"at":…,"actorId":…,"actorRole":…,"action":…,"objectType":…,"objectId":…,"outcome":…,"detail":…}
 *
 * - Every value is written with `JSON.stringify`, so strings are quoted and escaped and no field can
 *   spill into another; `null` is `null`. `at` is hashed exactly as stored (log.ts keeps it as text).
 * - `detail` is `null` or an object written with its keys sorted by UTF-16 code units (JavaScript's
 *   default sort) at every depth, no whitespace. That makes the form independent of key order, which
 *   PostgreSQL's jsonb does not preserve.
 * - Numbers must be finite (JSON has no NaN/Infinity; jsonb would not store them), `seq` a positive
 *   safe integer; `undefined` values in `detail` are refused, not dropped, so what is hashed is what
 *   can be stored. `canonical` throws a TypeError otherwise.
 * - Fields other than those above (e.g. `prevHash`, `hash`, database columns) are not part of it.
 */
import { createHash } from "node:crypto";

export interface AuditEntryData {
  seq: number;
  /** ISO timestamp. */
  at: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: "allowed" | "denied" | "error" | "ok";
  detail: Record<string, string | number | boolean | null> | null;
}

export type ChainedAuditEntry = AuditEntryData & { prevHash: string; hash: string };

export type BrokenReason = "hash-mismatch" | "prev-mismatch" | "sequence-gap" | "truncated" | "rechained";

export type VerifyResult =
  | { ok: true; count: number }
  | {
      ok: false;
      count: number;
      firstBroken: {
        seq: number;
        reason: BrokenReason;
        /** For "truncated" and "rechained": the signed checkpoint that the log no longer matches. */
        checkpoint?: { seq: number; at: string };
      };
    };

/** A signed record of the chain's head at a moment (see checkpoint.ts); here, one already verified. */
export interface Anchor {
  seq: number;
  hash: string;
  at: string;
}

/** The prevHash of entry 1. */
export const GENESIS = "0".repeat(64);

const HASH = /^[0-9a-f]{64}$/;

function canonicalValue(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`audit ${path} is not a finite number`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value))
        return `[${value.map((v, i) => canonicalValue(v, `${path}[${i}]`)).join(",")}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw new TypeError(`audit ${path} is not a plain object`);
      const keys = Object.keys(value).sort();
      const record = value as Record<string, unknown>;
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalValue(record[k], `${path}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`audit ${path} has a value of type ${typeof value}, which JSON cannot hold`);
  }
}

function text(value: unknown, name: string): string {
  if (typeof value !== "string") throw new TypeError(`audit ${name} must be a string`);
  return JSON.stringify(value);
}

function textOrNull(value: unknown, name: string): string {
  return value === null ? "null" : text(value, name);
}

/** The deterministic serialisation that is hashed; see the module comment for its exact form. */
export function canonical(entry: AuditEntryData): string {
  if (!Number.isSafeInteger(entry.seq) || entry.seq < 1)
    throw new TypeError("audit seq must be a positive integer");
  const detail = entry.detail;
  if (detail !== null && (typeof detail !== "object" || Array.isArray(detail))) {
    throw new TypeError("audit detail must be an object or null");
  }
  return (
    `{"v":1,"seq":${entry.seq}` +
    `,"at":${text(entry.at, "at")}` +
    `,"actorId":${textOrNull(entry.actorId, "actorId")}` +
    `,"actorRole":${text(entry.actorRole, "actorRole")}` +
    `,"action":${text(entry.action, "action")}` +
    `,"objectType":${textOrNull(entry.objectType, "objectType")}` +
    `,"objectId":${textOrNull(entry.objectId, "objectId")}` +
    `,"outcome":${text(entry.outcome, "outcome")}` +
    `,"detail":${canonicalValue(detail, "detail")}}`
  );
}

/** hex SHA-256 over `prevHash + "\n" + canonical(entry)`. */
export function hashEntry(entry: AuditEntryData, prevHash: string): string {
  if (typeof prevHash !== "string" || !HASH.test(prevHash)) {
    throw new TypeError("prevHash must be 64 lower-case hex characters");
  }
  return createHash("sha256")
    .update(`${prevHash}\n${canonical(entry)}`, "utf8")
    .digest("hex");
}

/**
 * Re-computes the chain over entries in `seq` order, streaming: it holds only the previous hash, so
 * memory is constant for any length, and it stops reading at the first break (closing an async
 * generator). For each entry, in this order, it checks:
 * 1. `seq` is exactly the previous seq + 1, starting at 1, else `sequence-gap` (a deleted, inserted or
 *    reordered entry);
 * 2. `prevHash` equals the previous entry's stored hash (GENESIS for entry 1), else `prev-mismatch`
 *    (e.g. an entry altered and re-hashed is caught at the entry after it);
 * 3. `hash` equals `hashEntry(entry, prevHash)`, else `hash-mismatch` (an altered entry), which also
 *    covers an entry that cannot be serialised at all.
 * `firstBroken.seq` is the seq of the first entry that fails (as stored; for a gap, the entry found
 * where another was expected). `count` is the number of entries read, the broken one included.
 *
 * Caveat: the chain cannot show that entries were cut off at the end, or that the whole log was
 * rewritten with fresh hashes. Compare the head (last seq and hash) with a copy kept elsewhere for that.
 */
export async function verifyChain(
  entries: AsyncIterable<ChainedAuditEntry> | Iterable<ChainedAuditEntry>,
): Promise<VerifyResult> {
  let count = 0;
  let previousSeq = 0;
  let previousHash = GENESIS;
  for await (const entry of entries) {
    count++;
    const seq = entry.seq;
    const broken = (reason: BrokenReason): VerifyResult => ({
      ok: false,
      count,
      firstBroken: { seq, reason },
    });
    if (seq !== previousSeq + 1) return broken("sequence-gap");
    if (entry.prevHash !== previousHash) return broken("prev-mismatch");
    let expected: string;
    try {
      expected = hashEntry(entry, previousHash);
    } catch {
      return broken("hash-mismatch");
    }
    if (entry.hash !== expected) return broken("hash-mismatch");
    previousSeq = seq;
    previousHash = entry.hash;
  }
  return { ok: true, count };
}

/**
 * `verifyChain`, and then the chain against checkpoints of its head whose signatures have been
 * checked: an entry at a checkpoint's seq whose hash is not the checkpoint's means the log was
 * rewritten and re-chained at or before that entry, after the last checkpoint it still matches
 * (`rechained`, `seq` the first entry that can have been changed); a chain that ends before the
 * newest checkpoint has lost its tail (`truncated`, `seq` the first missing entry).
 */
export async function verifyAnchoredChain(
  entries: AsyncIterable<ChainedAuditEntry> | Iterable<ChainedAuditEntry>,
  anchors: readonly Anchor[],
): Promise<VerifyResult> {
  const bySeq = new Map(anchors.map((a) => [a.seq, a]));
  let lastMatched = 0;
  let mismatch: Anchor | undefined;
  async function* watched() {
    for await (const entry of entries) {
      const anchor = bySeq.get(entry.seq);
      if (anchor && !mismatch) {
        if (anchor.hash === entry.hash) lastMatched = entry.seq;
        else mismatch = anchor;
      }
      yield entry;
    }
  }
  const result = await verifyChain(watched());
  if (!result.ok) return result;
  if (mismatch)
    return {
      ok: false,
      count: result.count,
      firstBroken: {
        seq: lastMatched + 1,
        reason: "rechained",
        checkpoint: { seq: mismatch.seq, at: mismatch.at },
      },
    };
  const newest = anchors.reduce<Anchor | undefined>((a, b) => (a && a.seq >= b.seq ? a : b), undefined);
  if (newest && newest.seq > result.count)
    return {
      ok: false,
      count: result.count,
      firstBroken: {
        seq: result.count + 1,
        reason: "truncated",
        checkpoint: { seq: newest.seq, at: newest.at },
      },
    };
  return result;
}
