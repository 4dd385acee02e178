/**
 * Key rotation over any store, one batch at a time.
 *
 * Procedure: add the new key at the end of the ring spec (it becomes active), deploy it to every
 * process, then run `rotateAll` for each encrypted table. When it has finished everywhere, the old
 * key can leave the ring, unless backups you still need to restore were written with it (removing
 * the key makes those copies unreadable, which is also how to crypto-shred them).
 *
 * Safe to interrupt and re-run: a field already under the active key is left alone, so a second run
 * only does what the first did not. Rows are walked by `afterId`, which the store must treat as an
 * exclusive lower bound in a stable order (e.g. `where id > $1 order by id limit $2`).
 */

import { needsRotation, reencryptField } from "./fields.ts";
import type { KeyRing } from "./keyring.ts";

export interface RotationRow {
  id: string;
  /** Encrypted columns of the row by name; null for an empty column. */
  fields: Record<string, string | null>;
}

export interface RotateAllOptions {
  ring: KeyRing;
  /** Rows per `fetchBatch` call, at least 1. */
  batchSize: number;
  /** The next at most `limit` rows with id after `afterId` (null: from the start), in id order. */
  fetchBatch(afterId: string | null, limit: number): Promise<RotationRow[]>;
  /** The AAD each field was encrypted with, e.g. `(id, field) => fieldAad("persons", field, id)`. */
  aadFor(id: string, field: string): string;
  /**
   * Writes the re-encrypted fields of one row. `expected` holds the tokens they replace: a store that
   * can be written to concurrently should update only where the column still holds that token
   * (compare-and-swap), so a value written by the application meanwhile is not overwritten with an
   * older one. Doing nothing on a mismatch is correct, since the newer value is re-checked on a re-run.
   */
  save(id: string, fields: Record<string, string>, expected: Record<string, string>): Promise<void>;
  /** Called after each batch with the number of rows scanned so far. */
  onProgress?(done: number): void;
}

/** Raised when a stored field cannot be re-encrypted (usually: it does not decrypt); names the row and field, never the value. */
export class RotationError extends Error {
  override name = "RotationError";
  readonly rowId: string;
  readonly field: string;
  constructor(rowId: string, field: string, cause: unknown) {
    super(`cannot re-encrypt field "${field}" of row ${rowId} (see cause)`, { cause });
    this.rowId = rowId;
    this.field = field;
  }
}

/**
 * Re-encrypts under the active key every field whose token names another kid. Returns `scanned`, the
 * number of rows read, and `rotated`, the number of field values re-encrypted and saved. Stops at the
 * first error (from the store, or a RotationError for a field that does not decrypt); run it again to
 * continue.
 */
export async function rotateAll(opts: RotateAllOptions): Promise<{ rotated: number; scanned: number }> {
  const { ring, batchSize, fetchBatch, aadFor, save, onProgress } = opts;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError("batchSize must be a positive integer");
  let afterId: string | null = null;
  let rotated = 0;
  let scanned = 0;
  for (;;) {
    const rows = await fetchBatch(afterId, batchSize);
    if (rows.length > batchSize)
      throw new Error(`fetchBatch returned ${rows.length} rows, more than ${batchSize}`);
    for (const row of rows) {
      if (afterId !== null && row.id === afterId) {
        throw new Error("fetchBatch returned the row it was asked to start after; afterId must be exclusive");
      }
      const updates: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const [field, token] of Object.entries(row.fields)) {
        if (token === null || token === undefined || !needsRotation(ring, token)) continue;
        try {
          updates[field] = reencryptField(ring, token, aadFor(row.id, field));
        } catch (error) {
          throw new RotationError(row.id, field, error);
        }
        expected[field] = token;
      }
      const count = Object.keys(updates).length;
      if (count > 0) {
        await save(row.id, updates, expected);
        rotated += count;
      }
      scanned++;
      afterId = row.id;
    }
    if (rows.length > 0) onProgress?.(scanned);
    if (rows.length < batchSize) return { rotated, scanned };
  }
}
