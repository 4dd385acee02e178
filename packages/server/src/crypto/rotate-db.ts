/**
 * Re-encrypting every encrypted column under the active key, table by table, in batches: the text
 * tokens of ENCRYPTED_COLUMNS and the binary blobs of ENCRYPTED_BLOBS (attachment contents). Runs
 * in the background after start when FIELD_KEYS has a new active key, and from
 * `npm run keys:rotate`; safe to interrupt and re-run (see rotation.ts). Every write is a
 * compare-and-swap, so a value the application writes meanwhile is never replaced by an older one.
 * Once a run has finished and `staleKeyInUse` answers false, no stored value needs the old keys and
 * they can leave FIELD_KEYS (mind backups written with them: see rotation.ts).
 */
import { createHash } from "node:crypto";
import type { Db } from "@stodkedjan/db";
import { sql } from "drizzle-orm";
import { nameIndexStale, reindexPersonNames } from "../persons/blind-index.ts";
import { blobHeader, bytesNeedRotation, reencryptBytes } from "./fields.ts";
import type { KeyRing } from "./keyring.ts";
import { RotationError, rotateAll } from "./rotation.ts";

/**
 * Each encrypted text column and the AAD prefix its values were encrypted with (`<prefix>:<row id>`).
 * Binary columns are in ENCRYPTED_BLOBS.
 */
export const ENCRYPTED_COLUMNS: { table: string; columns: Record<string, string> }[] = [
  { table: "cases", columns: { advice_enc: "cases.advice" } },
  {
    table: "persons",
    columns: {
      name_enc: "persons.name",
      contact_enc: "persons.contact",
      identity_docs_enc: "persons.identity_docs",
    },
  },
  { table: "case_notes", columns: { body_enc: "case_notes.body" } },
  { table: "case_reopenings", columns: { reason_enc: "case_reopenings.reason" } },
  { table: "tasks", columns: { title_enc: "tasks.title" } },
  { table: "users", columns: { totp_secret_enc: "users.totp_secret" } },
  { table: "attachments", columns: { filename_enc: "attachments.filename" } },
  { table: "referral_followups", columns: { body_enc: "referral_followups.body" } },
  { table: "amp_messages", columns: { body_enc: "amp_messages.body" } },
  { table: "form_drafts", columns: { body_enc: "form_drafts.body" } },
  { table: "case_groups", columns: { name_enc: "case_groups.name" } },
];

/**
 * Each encrypted binary column (a blob from `encryptBytes`, up to 10 MB for an attachment) and the
 * AAD prefix its values were encrypted with (`<prefix>:<row id>`).
 */
export const ENCRYPTED_BLOBS: { table: string; column: string; aad: string }[] = [
  { table: "attachments", column: "content", aad: "attachments.content" },
];

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

/** The SQL test "this blob is not under the active key", reading only the blob's first bytes. */
function blobIsStale(column: string, ring: KeyRing) {
  const header = blobHeader(ring.activeKid);
  return sql`substring(${sql.identifier(column)} from 1 for ${header.length}) <> ${header}::bytea`;
}

export interface BlobRotationOptions {
  /** Row ids read per statement (the ids only; contents are read one row at a time). */
  batchSize?: number;
  onProgress?: (done: number) => void;
  /** @internal For tests: runs after a blob has been read and re-encrypted, before it is written back. */
  beforeSave?: (id: string) => Promise<void>;
}

/**
 * Re-encrypts one binary column under the active key. The ids of stale rows are found by their
 * header in SQL; each content is then read, re-encrypted and written back on its own, so memory
 * holds one value (and its re-encryption) at a time however large the table. The write is a
 * compare-and-swap on the SHA-256 of the value read: content written meanwhile stays, and a
 * re-run rotates it if it needs it. Returns `rotated` (values written) and `scanned` (stale rows
 * found); stops at the first error, like `rotateAll`.
 */
export async function rotateBlobColumn(
  db: Db,
  ring: KeyRing,
  { table, column, aad }: (typeof ENCRYPTED_BLOBS)[number],
  options: BlobRotationOptions = {},
): Promise<{ rotated: number; scanned: number }> {
  const batchSize = options.batchSize ?? 500;
  const t = sql.identifier(table);
  const col = sql.identifier(column);
  let after = "00000000-0000-0000-0000-000000000000";
  let rotated = 0;
  let scanned = 0;
  for (;;) {
    const ids = rowsOf(
      await db.execute(
        sql`select id::text as id from ${t} where id > ${after}::uuid and ${blobIsStale(column, ring)} order by id limit ${batchSize}`,
      ),
    ).map((r) => r.id as string);
    for (const id of ids) {
      after = id;
      scanned++;
      const [row] = rowsOf(await db.execute(sql`select ${col} as blob from ${t} where id = ${id}::uuid`));
      const blob = row?.blob;
      // Deleted meanwhile, or already rotated by another run: nothing to do.
      if (!(blob instanceof Uint8Array) || !bytesNeedRotation(ring, blob)) continue;
      let fresh: Buffer;
      try {
        fresh = reencryptBytes(ring, blob, `${aad}:${id}`);
      } catch (error) {
        throw new RotationError(id, column, error);
      }
      const digest = createHash("sha256").update(blob).digest();
      await options.beforeSave?.(id);
      const saved = rowsOf(
        await db.execute(
          sql`update ${t} set ${col} = ${fresh}::bytea where id = ${id}::uuid and sha256(${col}) = ${digest}::bytea returning id`,
        ),
      );
      rotated += saved.length;
    }
    if (ids.length > 0) options.onProgress?.(scanned);
    if (ids.length < batchSize) return { rotated, scanned };
  }
}

export async function rotateFieldKeys(
  db: Db,
  ring: KeyRing,
  onProgress?: (table: string, done: number) => void,
) {
  const totals: Record<string, { rotated: number; scanned: number }> = {};
  for (const { table, columns } of ENCRYPTED_COLUMNS) {
    const names = Object.keys(columns);
    const select = sql.join(
      names.map((c) => sql.identifier(c)),
      sql`, `,
    );
    totals[table] = await rotateAll({
      ring,
      batchSize: 500,
      fetchBatch: async (afterId, limit) => {
        const after = afterId ?? "00000000-0000-0000-0000-000000000000";
        const rows = rowsOf(
          await db.execute(
            sql`select id::text as id, ${select} from ${sql.identifier(table)} where id > ${after}::uuid order by id limit ${limit}`,
          ),
        );
        return rows.map((r) => ({
          id: r.id as string,
          fields: Object.fromEntries(names.map((c) => [c, (r[c] as string | null) ?? null])),
        }));
      },
      aadFor: (id, field) => `${columns[field]}:${id}`,
      save: async (id, fields, expected) => {
        // Compare-and-swap per column: a value the application wrote meanwhile is left for the next run.
        for (const [column, token] of Object.entries(fields)) {
          await db.execute(
            sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${token} where id = ${id}::uuid and ${sql.identifier(column)} = ${expected[column]}`,
          );
        }
      },
      onProgress: (done) => onProgress?.(table, done),
    });
  }
  for (const blob of ENCRYPTED_BLOBS) {
    const name = `${blob.table}.${blob.column}`;
    totals[name] = await rotateBlobColumn(db, ring, blob, { onProgress: (done) => onProgress?.(name, done) });
  }
  // The name index derives from the data keys: rebuilt under the active one (ADR 0023).
  totals.person_name_index = await reindexPersonNames(db, ring, (done) =>
    onProgress?.("person_name_index", done),
  );
  return totals;
}

/**
 * Whether any encrypted value still names a key other than the active one (one probe per column;
 * for blobs, a comparison of their first bytes), or a person's name index is missing or under another key.
 */
export async function staleKeyInUse(db: Db, ring: KeyRing): Promise<boolean> {
  for (const { table, columns } of ENCRYPTED_COLUMNS) {
    for (const column of Object.keys(columns)) {
      const rows = rowsOf(
        await db.execute(
          sql`select 1 from ${sql.identifier(table)} where ${sql.identifier(column)} is not null and split_part(${sql.identifier(column)}, '.', 2) <> ${ring.activeKid} limit 1`,
        ),
      );
      if (rows.length) return true;
    }
  }
  for (const { table, column } of ENCRYPTED_BLOBS) {
    const rows = rowsOf(
      await db.execute(
        sql`select 1 from ${sql.identifier(table)} where ${blobIsStale(column, ring)} limit 1`,
      ),
    );
    if (rows.length) return true;
  }
  return nameIndexStale(db, ring);
}
