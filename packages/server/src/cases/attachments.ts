/** Files attached to a case, encrypted whole; a download is audited as an export. */

import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit/log.ts";
import { decryptBytes, decryptField, encryptBytes, encryptField } from "../crypto/fields.ts";
import { isUuid } from "../ids.ts";
import { type Ctx, userId } from "./context.ts";
import { invalid, notFound } from "./errors.ts";
import { authorizeCase, change } from "./scope.ts";

/** The largest attachment accepted; the whole file is encrypted in memory. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export async function addAttachment(
  ctx: Ctx,
  caseId: string,
  file: { filename: string; mime: string; bytes: Uint8Array },
) {
  if (file.bytes.length === 0 || file.bytes.length > MAX_ATTACHMENT_BYTES) {
    throw invalid("The file is empty or larger than 10 MB.", [
      { path: "file", message: "between 1 byte and 10 MB", code: "file-size" },
    ]);
  }
  // Path separators and control characters never reach a download header.
  const filename =
    [...file.filename]
      .map((ch) => (ch === "/" || ch === "\\" || ch.charCodeAt(0) < 32 ? "_" : ch))
      .join("")
      .slice(0, 200) || "bilaga";
  const mime = /^[\w.+-]+\/[\w.+-]+$/.test(file.mime) ? file.mime : "application/octet-stream";
  return change(ctx, caseId, "attachment", async (tx) => {
    const id = randomUUID();
    await tx.insert(schema.attachments).values({
      id,
      caseId,
      filenameEnc: encryptField(ctx.keys, filename, `attachments.filename:${id}`),
      mime,
      size: file.bytes.length,
      content: encryptBytes(ctx.keys, file.bytes, `attachments.content:${id}`),
      createdBy: userId(ctx),
    });
    return { id };
  });
}

/** A decrypted attachment for download; audited as an export. */
export async function getAttachment(ctx: Ctx, caseId: string, attachmentId: string) {
  await authorizeCase(ctx, caseId, "case.read");
  const [row] = isUuid(attachmentId)
    ? await ctx.db
        .select()
        .from(schema.attachments)
        .where(and(eq(schema.attachments.id, attachmentId), eq(schema.attachments.caseId, caseId)))
    : [];
  if (!row) throw notFound();
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "export",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { attachment: attachmentId },
  });
  return {
    filename: decryptField(ctx.keys, row.filenameEnc, `attachments.filename:${row.id}`),
    mime: row.mime,
    bytes: decryptBytes(ctx.keys, row.content, `attachments.content:${row.id}`),
  };
}
