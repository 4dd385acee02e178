/**
 * Re-encrypting every encrypted column under the active key, table by table, in batches. Runs
 * in the background after start when FIELD_KEYS has a new active key, and from
 * `npm run keys:rotate`; safe to interrupt and re-run (see rotation.ts).
 */
import type { Db } from "@stodkedjan/db";
import { sql } from "drizzle-orm";
import type { KeyRing } from "./keyring.ts";
import { rotateAll } from "./rotation.ts";

/**
 * Each encrypted text column and the AAD prefix its values were encrypted with (`<prefix>:<row id>`).
 * Attachment contents (binary) are not re-encrypted yet: keep old keys in the ring while any exist.
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
  { table: "tasks", columns: { title_enc: "tasks.title" } },
  { table: "users", columns: { totp_secret_enc: "users.totp_secret" } },
  { table: "attachments", columns: { filename_enc: "attachments.filename" } },
];

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

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
  return totals;
}

/** Whether any encrypted value still names a key other than the active one (one indexed probe per column). */
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
  return false;
}
