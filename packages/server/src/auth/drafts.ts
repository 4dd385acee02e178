/**
 * Forms posted after the session had ended, kept to be completed after signing in again
 * (ADR 0022). The fields are encrypted with the field-encryption key ring and bound to one user:
 * the account that last completed a sign-in in that browser. The browser holds only a random id,
 * whose hash is stored. A draft lives DRAFT_TTL_MS, is taken once, and every step is audited.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, eq, gt, lte } from "drizzle-orm";
import type { Principal } from "../access/policy.ts";
import { audit } from "../audit/log.ts";
import { DecryptionError, decryptField, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";

export const DRAFT_TTL_MS = 30 * 60_000;
/** Enough for every staff form's text (a note is at most 8,000 characters); files are not kept. */
export const DRAFT_MAX_CHARS = 200_000;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const aad = (id: string) => `form_drafts.body:${id}`;

export interface DraftInput {
  username: string;
  path: string;
  fields: [string, string][];
  files: number;
}

/**
 * Keeps a form for the account named; returns the browser's random id, or null when the form
 * cannot be kept (no such enabled account, or too large).
 */
export async function keepDraft(db: Db, keys: KeyRing, input: DraftInput, now = new Date()) {
  const json = JSON.stringify(input.fields);
  if (json.length > DRAFT_MAX_CHARS) return null;
  const [user] = await db
    .select({ id: schema.users.id, role: schema.users.role, disabled: schema.users.disabled })
    .from(schema.users)
    .where(eq(schema.users.username, input.username));
  if (!user || user.disabled) return null;
  await db.delete(schema.formDrafts).where(lte(schema.formDrafts.expiresAt, now));
  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  await db.insert(schema.formDrafts).values({
    id,
    tokenHash: sha256(token),
    userId: user.id,
    path: input.path,
    bodyEnc: encryptField(keys, json, aad(id)),
    droppedFiles: input.files,
    createdAt: now,
    expiresAt: new Date(now.getTime() + DRAFT_TTL_MS),
  });
  // Not yet signed in: the entry names the account the draft is kept for, not an actor.
  await audit(db, {
    actor: null,
    action: "draft.keep",
    objectType: "form_draft",
    objectId: id,
    outcome: "ok",
    detail: { user: user.id, path: input.path, files: input.files },
  });
  return token;
}

export interface Draft {
  id: string;
  path: string;
  fields: [string, string][];
  files: number;
}

/**
 * The live draft of this browser's id for the signed-in user. A draft kept for someone else is
 * deleted unseen (and audited): one user never gets another's form.
 */
export async function draftFor(
  db: Db,
  keys: KeyRing,
  token: string | undefined,
  principal: Principal,
  now = new Date(),
): Promise<Draft | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select()
    .from(schema.formDrafts)
    .where(and(eq(schema.formDrafts.tokenHash, sha256(token)), gt(schema.formDrafts.expiresAt, now)));
  if (!row) return null;
  if (row.userId !== principal.id) {
    await db.delete(schema.formDrafts).where(eq(schema.formDrafts.id, row.id));
    await audit(db, {
      actor: principal,
      action: "draft.discard",
      objectType: "form_draft",
      objectId: row.id,
      outcome: "denied",
      detail: { reason: "another user" },
    });
    return null;
  }
  return open(keys, row);
}

function open(keys: KeyRing, row: typeof schema.formDrafts.$inferSelect): Draft | null {
  try {
    const fields = JSON.parse(decryptField(keys, row.bodyEnc, aad(row.id))) as [string, string][];
    return { id: row.id, path: row.path, fields, files: row.droppedFiles };
  } catch (e) {
    // A key that has since left the ring: the draft is gone, as after its expiry.
    if (e instanceof DecryptionError) return null;
    throw e;
  }
}

/**
 * Takes the user's draft (deleting it in the same statement, so it is used at most once);
 * `use` says whether it is to be sent or thrown away, for the audit log.
 */
export async function takeDraft(
  db: Db,
  keys: KeyRing,
  token: string | undefined,
  principal: Principal,
  use: "resume" | "discard",
  now = new Date(),
): Promise<Draft | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .delete(schema.formDrafts)
    .where(
      and(
        eq(schema.formDrafts.tokenHash, sha256(token)),
        eq(schema.formDrafts.userId, principal.id),
        gt(schema.formDrafts.expiresAt, now),
      ),
    )
    .returning();
  if (!row) return null;
  await audit(db, {
    actor: principal,
    action: use === "resume" ? "draft.resume" : "draft.discard",
    objectType: "form_draft",
    objectId: row.id,
    outcome: "ok",
    detail: { path: row.path },
  });
  return open(keys, row);
}
