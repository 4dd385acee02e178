/**
 * The keyed blind index of persons' names (ADR 0023). A name is normalised to its words, each
 * word and the sorted whole are HMAC'd under a key derived from a data key of the ring, and the
 * hashes are stored in `person_name_index` with that key's kid. The possible-duplicates check
 * compares hashes in SQL and never decrypts a name to compare it.
 *
 * Rotation: the index follows the data keys. A lookup hashes the typed name under every key of
 * the ring, so a person indexed under an older key is still found; `reindexPersonNames` (run with
 * the field-key rotation, at start and by `npm run keys:rotate`) rebuilds every person's rows
 * under the active key, and a person without any (registered before this index existed) gets them.
 * When it has finished, nothing in the index needs the older keys.
 */
import { type Db, schema } from "@stodkedjan/db";
import { and, eq, ne, sql } from "drizzle-orm";
import { blindIndex, decryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { RotationError } from "../crypto/rotation.ts";

const PURPOSE = "persons.name";

/** Letters that Unicode does not decompose into a base letter and a mark. */
const FOLDED: Record<string, string> = {
  // "ẞ" lower-cases to "ß", which upper-casing alone would have made "SS".
  ß: "ss",
  ø: "o",
  æ: "ae",
  œ: "oe",
  đ: "d",
  ð: "d",
  ł: "l",
  ı: "i",
  þ: "th",
  ŧ: "t",
  ħ: "h",
};

/**
 * The words of a name as compared: NFKC, full case folding, diacritics removed, apostrophes
 * dropped, hyphens and other punctuation as spaces, each word once, sorted. "Svensson Anna-Maria"
 * and "anna maria SVENSSON" give the same words; so do "Åsa Öberg" and "Asa Oberg".
 */
export function nameTokens(name: string): string[] {
  const folded = name
    .normalize("NFKC")
    // toUpperCase first folds what lower-casing alone keeps apart (ß → SS → ss).
    .toUpperCase()
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßøæœđðłıþŧħ]/gu, (ch) => FOLDED[ch] ?? ch)
    .replace(/['’ʼ`´]/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return [...new Set(folded.split(" ").filter(Boolean))].sort();
}

export interface NameHashes {
  /** The whole name's words, sorted and joined. */
  full: string;
  tokens: string[];
}

/** The hashes of a name under one data key; null when the name has no letters or digits at all. */
export function nameHashes(ring: KeyRing, name: string, kid = ring.activeKid): NameHashes | null {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return null;
  return {
    full: blindIndex(ring, tokens.join(" "), PURPOSE, kid),
    tokens: tokens.map((t) => blindIndex(ring, t, PURPOSE, kid)),
  };
}

/** The index rows of a person's name under the active key. */
export function nameIndexRows(ring: KeyRing, personId: string, name: string | null | undefined) {
  const hashes = name ? nameHashes(ring, name) : null;
  if (!hashes) return [];
  const kid = ring.activeKid;
  return [
    { personId, kind: "full" as const, kid, hash: hashes.full },
    ...hashes.tokens.map((hash) => ({ personId, kind: "token" as const, kid, hash })),
  ];
}

/** Writes a person's index rows under the active key, replacing any they had. */
export async function indexPersonName(
  tx: Pick<Db, "delete" | "insert">,
  ring: KeyRing,
  personId: string,
  name: string | null | undefined,
) {
  await tx.delete(schema.personNameIndex).where(eq(schema.personNameIndex.personId, personId));
  const rows = nameIndexRows(ring, personId, name);
  if (rows.length) await tx.insert(schema.personNameIndex).values(rows).onConflictDoNothing();
}

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

/**
 * The persons whose index is not (only) under the active key: a name without rows under it, or rows
 * under another key. Each is looked at once per run (ids walked in order).
 */
function staleSql(ring: KeyRing, after: string, limit: number) {
  return sql`select p.id::text as id, p.name_enc from persons p where p.id > ${after}::uuid and (
      (p.name_enc is not null and not exists (select 1 from person_name_index i
        where i.person_id = p.id and i.kind = 'full' and i.kid = ${ring.activeKid}))
      or exists (select 1 from person_name_index i where i.person_id = p.id and i.kid <> ${ring.activeKid}))
    order by p.id limit ${limit}`;
}

/**
 * Rebuilds the name index under the active key for every person who needs it, in batches; safe to
 * interrupt and re-run. Each person's rows are replaced in one transaction that first checks the
 * name is still the one decrypted (compare-and-swap), so a name changed meanwhile is left for the
 * next run. Returns `rotated` (persons re-indexed) and `scanned` (persons found stale).
 */
export async function reindexPersonNames(
  db: Db,
  ring: KeyRing,
  onProgress?: (done: number) => void,
): Promise<{ rotated: number; scanned: number }> {
  const batchSize = 500;
  let after = "00000000-0000-0000-0000-000000000000";
  let rotated = 0;
  let scanned = 0;
  for (;;) {
    const rows = rowsOf(await db.execute(staleSql(ring, after, batchSize)));
    for (const row of rows) {
      const id = row.id as string;
      const token = (row.name_enc as string | null) ?? null;
      after = id;
      scanned++;
      let name: string | null = null;
      try {
        name = token === null ? null : decryptField(ring, token, `persons.name:${id}`);
      } catch (error) {
        throw new RotationError(id, "name_enc", error);
      }
      const done = await db.transaction(async (tx) => {
        const [still] = await tx
          .select({ id: schema.persons.id })
          .from(schema.persons)
          .where(
            and(
              eq(schema.persons.id, id),
              token === null ? sql`${schema.persons.nameEnc} is null` : eq(schema.persons.nameEnc, token),
            ),
          )
          .for("update");
        if (!still) return false;
        await indexPersonName(tx as unknown as Db, ring, id, name);
        return true;
      });
      if (done) rotated++;
    }
    if (rows.length) onProgress?.(scanned);
    if (rows.length < batchSize) return { rotated, scanned };
  }
}

/** Whether any person's name index is missing or under a key other than the active one. */
export async function nameIndexStale(db: Db, ring: KeyRing): Promise<boolean> {
  const [other] = await db
    .select({ one: sql`1` })
    .from(schema.personNameIndex)
    .where(ne(schema.personNameIndex.kid, ring.activeKid))
    .limit(1);
  if (other) return true;
  return rowsOf(await db.execute(staleSql(ring, "00000000-0000-0000-0000-000000000000", 1))).length > 0;
}
