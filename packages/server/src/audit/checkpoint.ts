/**
 * Signed checkpoints of the audit chain's head (ADR 0011). The chain alone shows an entry changed
 * in place, but not a log cut short or rewritten with fresh hashes by someone who can write to
 * the database. A checkpoint is the head's seq and hash, signed with HMAC-SHA256 under
 * AUDIT_CHECKPOINT_KEY, a key that is not in the database; each is stored in the database and
 * appended to a file outside it. Verification checks every signature and then the chain against
 * the checkpoints from both places, so deleting them from one place is not enough.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { type Db, schema } from "@stodkedjan/db";
import { desc } from "drizzle-orm";
import type { Anchor } from "./chain.ts";

export interface Checkpoint extends Anchor {
  mac: string;
}

/** Where checkpoints are kept and the key that signs them. */
export interface AuditAnchor {
  key: Buffer;
  /** The append-only file outside the database; undefined for a throwaway (memory) database. */
  file?: string | undefined;
}

export const CHECKPOINT_KEY_BYTES = 32;

export class CheckpointKeyError extends Error {}

/** The key from its configuration form, base64 of 32 bytes; a clear error otherwise. */
export function parseCheckpointKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== CHECKPOINT_KEY_BYTES)
    throw new CheckpointKeyError(
      `AUDIT_CHECKPOINT_KEY must be ${CHECKPOINT_KEY_BYTES} bytes in base64 (it decodes to ${key.length})`,
    );
  return key;
}

export const generateCheckpointKey = () => randomBytes(CHECKPOINT_KEY_BYTES).toString("base64");

const message = (a: Anchor) => `stodkedjan-audit-checkpoint-v1\n${a.seq}\n${a.hash}\n${a.at}`;
const macOf = (key: Buffer, a: Anchor) => createHmac("sha256", key).update(message(a)).digest("hex");

export function signCheckpoint(
  key: Buffer,
  head: { seq: number; hash: string },
  at = new Date(),
): Checkpoint {
  const anchor = { seq: head.seq, hash: head.hash, at: at.toISOString() };
  return { ...anchor, mac: macOf(key, anchor) };
}

export function checkpointValid(key: Buffer, c: Checkpoint): boolean {
  if (!Number.isSafeInteger(c.seq) || typeof c.hash !== "string" || typeof c.at !== "string") return false;
  const expected = Buffer.from(macOf(key, c), "hex");
  const given = Buffer.from(typeof c.mac === "string" ? c.mac : "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function newestStored(db: Db) {
  const [last] = await db
    .select()
    .from(schema.auditCheckpoints)
    .orderBy(desc(schema.auditCheckpoints.id))
    .limit(1);
  return last;
}

/**
 * Signs the chain's current head and stores it in the database and the file, unless the newest
 * checkpoint already names it. Returns the checkpoint written, if any.
 */
export async function writeCheckpoint(
  db: Db,
  anchor: AuditAnchor,
  head: { seq: number; hash: string } | null,
  now = new Date(),
): Promise<Checkpoint | null> {
  if (!head || head.seq === 0) return null;
  const last = await newestStored(db);
  if (last && last.seq === head.seq && last.hash === head.hash) return null;
  const checkpoint = signCheckpoint(anchor.key, head, now);
  await db.insert(schema.auditCheckpoints).values(checkpoint);
  if (anchor.file) appendFileSync(anchor.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}

/** The checkpoints from the database and the file: those whose signature holds, and the others. */
export async function readCheckpoints(db: Db, anchor: AuditAnchor) {
  const all: Checkpoint[] = (await db.select().from(schema.auditCheckpoints)).map(
    ({ seq, hash, at, mac }) => ({
      seq,
      hash,
      at,
      mac,
    }),
  );
  if (anchor.file && existsSync(anchor.file)) {
    for (const line of readFileSync(anchor.file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        all.push(JSON.parse(line) as Checkpoint);
      } catch {
        all.push({ seq: -1, hash: "", at: "", mac: "" });
      }
    }
  }
  const valid = all.filter((c) => checkpointValid(anchor.key, c));
  return { valid, forged: all.length - valid.length };
}
