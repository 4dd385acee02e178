/**
 * Cases (ärenden): consultations and individual cases, their person, step timeline, notes,
 * tasks, closing and sharing. Every function takes the acting principal, checks the policy,
 * writes in one transaction and appends the audit entry inside it; reads are audited too.
 * Identifying fields and free text are encrypted before they reach the database.
 */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, asc, desc, eq, inArray, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import { type CaseScope, can, type Permission, type Principal, scopeOf } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { decryptBytes, decryptField, encryptBytes, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { isUuid } from "../ids.ts";
import { conflict, forbidden, invalid, notFound } from "./errors.ts";
import type { CaseFilter, ConsultationInput, IndividualInput } from "./schemas.ts";

export interface Ctx {
  db: Db;
  keys: KeyRing;
  principal: Principal;
  now?: Date;
}

const today = (ctx: Ctx) => (ctx.now ?? new Date()).toISOString().slice(0, 10);
const enc = (ctx: Ctx, value: string | undefined, aad: string) =>
  value === undefined ? null : encryptField(ctx.keys, value, aad);
const dec = (ctx: Ctx, token: string | null, aad: string) =>
  token === null ? null : decryptField(ctx.keys, token, aad);

export const FORM_TITLES: Record<string, string> = {
  sexual: "Sexuell exploatering",
  labour: "Arbetskraftsexploatering",
  begging: "Tiggeri",
  crime: "Brottslighet",
  "forced-marriage": "Tvångsäktenskap",
  "war-service": "Krigstjänst",
  "organ-trade": "Organhandel",
  "illegal-adoption": "Olaglig adoption",
  other: "Annan exploatering",
};

async function municipalityName(db: Db, code: string): Promise<string> {
  const [m] = await db.select().from(schema.municipalities).where(eq(schema.municipalities.code, code));
  if (!m)
    throw invalid("Unknown municipality", [
      { path: "municipalityCode", message: "no municipality has this code" },
    ]);
  return m.name;
}

function requireRegion(ctx: Ctx, permission: Permission): string {
  if (!can(ctx.principal, permission) || !ctx.principal.regionId) throw forbidden();
  return ctx.principal.regionId;
}

async function nextRef(db: Pick<Db, "execute">, year: string): Promise<string> {
  const result = await db.execute(sql`select nextval('case_ref_seq') as n`);
  const rows = (result as unknown as { rows: { n: string | number }[] }).rows;
  return `ÄR-${year}-${String(rows[0]?.n).padStart(6, "0")}`;
}

export async function createConsultation(ctx: Ctx, input: ConsultationInput) {
  const regionId = requireRegion(ctx, "case.create");
  const place = await municipalityName(ctx.db, input.municipalityCode);
  const id = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    await tx.insert(schema.cases).values({
      id,
      ref,
      kind: "consultation",
      regionId,
      municipalityCode: input.municipalityCode,
      openedOn,
      referringOrg: input.referringOrg,
      forms: input.forms,
      title: `Konsultation: ${input.forms.map((f) => FORM_TITLES[f]).join(", ")}, ${place}`,
      consultationChannel: input.channel,
      consultationTopic: input.topic,
      referredTo: input.referredTo,
      adviceEnc: enc(ctx, input.advice, `cases.advice:${id}`),
      createdBy: ctx.principal.kind === "user" ? ctx.principal.id : null,
    });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
    });
    return { id, ref };
  });
}

export async function createIndividualCase(ctx: Ctx, input: IndividualInput) {
  const regionId = requireRegion(ctx, "case.create");
  const place = await municipalityName(ctx.db, input.municipalityCode);
  const id = randomUUID();
  const personId = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  const p = input.person;
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    const pseudonym = `P-${ref.slice(-6)}`;
    const age = p.ageGroup === "child" ? "barn" : "vuxen";
    await tx.insert(schema.cases).values({
      id,
      ref,
      kind: "individual",
      regionId,
      municipalityCode: input.municipalityCode,
      openedOn,
      referringOrg: input.referringOrg,
      forms: input.forms,
      category: input.category,
      step: input.step,
      title: `${input.forms.map((f) => FORM_TITLES[f]).join(", ")}, ${age}, ${place}`,
      createdBy: ctx.principal.kind === "user" ? ctx.principal.id : null,
    });
    await tx.insert(schema.persons).values({
      id: personId,
      caseId: id,
      pseudonym,
      ageGroup: p.ageGroup,
      birthYear: p.birthYear ?? null,
      gender: p.gender,
      citizenship: p.citizenship ?? null,
      languages: p.languages,
      nameEnc: enc(ctx, p.name, `persons.name:${personId}`),
      contactEnc: enc(ctx, p.contact, `persons.contact:${personId}`),
      identityDocsEnc: enc(ctx, p.identityDocuments, `persons.identity_docs:${personId}`),
    });
    await tx.insert(schema.caseSteps).values({ caseId: id, step: input.step, changedBy: userId(ctx) });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
    });
    return { id, ref, pseudonym };
  });
}

const userId = (ctx: Ctx) => (ctx.principal.kind === "user" ? ctx.principal.id : null);

async function activeShares(db: Db, caseId: string) {
  return db
    .select()
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.caseId, caseId), isNull(schema.caseShares.revokedAt)));
}

/** The case row and its scope, after checking the permission; audits and hides denials as 404. */
export async function authorizeCase(ctx: Ctx, caseId: string, permission: Permission) {
  const [row] = isUuid(caseId)
    ? await ctx.db.select().from(schema.cases).where(eq(schema.cases.id, caseId))
    : [];
  const shares = row ? await activeShares(ctx.db, caseId) : [];
  const scope: CaseScope | undefined = row ? scopeOf(row.regionId, shares) : undefined;
  if (!row || !can(ctx.principal, permission, scope)) {
    await audit(ctx.db, {
      actor: ctx.principal,
      action: "access.denied",
      objectType: "case",
      objectId: row ? caseId : null,
      outcome: "denied",
      detail: { permission },
    });
    throw notFound();
  }
  return { row, shares };
}

/**
 * The cases a region works with: its own, except those transferred away, and those shared with
 * or transferred to it. The same rule as the policy's, as SQL for lists.
 */
export function inRegionScope(db: Db, regionId: string): SQL {
  const sharedHere = db
    .select({ id: schema.caseShares.caseId })
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.regionId, regionId), isNull(schema.caseShares.revokedAt)));
  const transferredAway = db
    .select({ id: schema.caseShares.caseId })
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.mode, "transfer"), isNull(schema.caseShares.revokedAt)));
  return or(
    and(eq(schema.cases.regionId, regionId), notInArray(schema.cases.id, transferredAway)),
    inArray(schema.cases.id, sharedHere),
  ) as SQL;
}

/**
 * `onlyIds`: the cases with a deadline in the requested state, computed by the referral rules
 * (see listCasesWithDeadlines); the filter cannot be expressed in SQL.
 */
export async function listCases(ctx: Ctx, filter: CaseFilter, pageSize = 50, onlyIds?: string[]) {
  const regionId = requireRegion(ctx, "case.list");
  const where: SQL[] = [inRegionScope(ctx.db, regionId)];
  if (onlyIds) where.push(onlyIds.length ? inArray(schema.cases.id, onlyIds) : sql`false`);
  if (filter.status !== "all") where.push(eq(schema.cases.status, filter.status));
  if (filter.kind !== "all") where.push(eq(schema.cases.kind, filter.kind));
  if (filter.step) where.push(eq(schema.cases.step, filter.step));
  if (filter.form) where.push(sql`${filter.form} = any(${schema.cases.forms})`);
  if (filter.ageGroup) {
    where.push(
      inArray(
        schema.cases.id,
        ctx.db
          .select({ id: schema.persons.caseId })
          .from(schema.persons)
          .where(eq(schema.persons.ageGroup, filter.ageGroup)),
      ),
    );
  }
  if (filter.q) {
    // Prefix matching on every word: the swedish configuration does not reduce definite forms.
    const words = filter.q.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
    if (words.length) {
      const query = words
        .map((w) => `${w.replace(/[^\p{L}\p{N}]/gu, "")}:*`)
        .filter((w) => w !== ":*")
        .join(" & ");
      if (query) where.push(sql`${schema.cases.search} @@ to_tsquery('swedish', ${query})`);
    }
  }
  const rows = await ctx.db
    .select({
      id: schema.cases.id,
      ref: schema.cases.ref,
      kind: schema.cases.kind,
      title: schema.cases.title,
      status: schema.cases.status,
      step: schema.cases.step,
      openedOn: schema.cases.openedOn,
      regionId: schema.cases.regionId,
    })
    .from(schema.cases)
    .where(and(...where))
    .orderBy(desc(schema.cases.openedOn), desc(schema.cases.ref))
    .limit(pageSize + 1)
    .offset((filter.page - 1) * pageSize);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "case",
    outcome: "ok",
    detail: { count: Math.min(rows.length, pageSize), page: filter.page },
  });
  return { rows: rows.slice(0, pageSize), more: rows.length > pageSize };
}

export async function getCase(ctx: Ctx, caseId: string) {
  const { row, shares } = await authorizeCase(ctx, caseId, "case.read");
  const [person] = await ctx.db.select().from(schema.persons).where(eq(schema.persons.caseId, caseId));
  const steps = await ctx.db
    .select({
      step: schema.caseSteps.step,
      changedAt: schema.caseSteps.changedAt,
      by: schema.users.displayName,
    })
    .from(schema.caseSteps)
    .leftJoin(schema.users, eq(schema.users.id, schema.caseSteps.changedBy))
    .where(eq(schema.caseSteps.caseId, caseId))
    .orderBy(asc(schema.caseSteps.changedAt));
  const notes = await ctx.db
    .select({
      id: schema.caseNotes.id,
      bodyEnc: schema.caseNotes.bodyEnc,
      createdAt: schema.caseNotes.createdAt,
      by: schema.users.displayName,
    })
    .from(schema.caseNotes)
    .leftJoin(schema.users, eq(schema.users.id, schema.caseNotes.createdBy))
    .where(eq(schema.caseNotes.caseId, caseId))
    .orderBy(desc(schema.caseNotes.createdAt));
  const files = await ctx.db
    .select({
      id: schema.attachments.id,
      filenameEnc: schema.attachments.filenameEnc,
      size: schema.attachments.size,
      mime: schema.attachments.mime,
      createdAt: schema.attachments.createdAt,
    })
    .from(schema.attachments)
    .where(eq(schema.attachments.caseId, caseId))
    .orderBy(asc(schema.attachments.createdAt));
  const taskRows = await ctx.db
    .select()
    .from(schema.tasks)
    .where(eq(schema.tasks.caseId, caseId))
    .orderBy(asc(schema.tasks.dueOn));
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: person ? { person: person.pseudonym } : null,
  });
  const { adviceEnc, search: _search, ...caseFields } = row;
  const [place] = row.municipalityCode
    ? await ctx.db
        .select({ name: schema.municipalities.name })
        .from(schema.municipalities)
        .where(eq(schema.municipalities.code, row.municipalityCode))
    : [];
  return {
    ...caseFields,
    municipalityName: place?.name ?? null,
    advice: dec(ctx, adviceEnc, `cases.advice:${caseId}`),
    shares,
    person: person
      ? {
          id: person.id,
          pseudonym: person.pseudonym,
          ageGroup: person.ageGroup,
          birthYear: person.birthYear,
          gender: person.gender,
          citizenship: person.citizenship,
          languages: person.languages,
          name: dec(ctx, person.nameEnc, `persons.name:${person.id}`),
          contact: dec(ctx, person.contactEnc, `persons.contact:${person.id}`),
          identityDocuments: dec(ctx, person.identityDocsEnc, `persons.identity_docs:${person.id}`),
        }
      : null,
    steps,
    notes: notes.map((n) => ({
      id: n.id,
      createdAt: n.createdAt,
      by: n.by,
      body: dec(ctx, n.bodyEnc, `case_notes.body:${n.id}`),
    })),
    attachments: files.map((f) => ({
      id: f.id,
      size: f.size,
      mime: f.mime,
      createdAt: f.createdAt,
      filename: dec(ctx, f.filenameEnc, `attachments.filename:${f.id}`),
    })),
    tasks: taskRows.map((t) => ({
      id: t.id,
      dueOn: t.dueOn,
      done: t.doneAt !== null,
      title: dec(ctx, t.titleEnc, `tasks.title:${t.id}`),
    })),
  };
}
export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

/** Runs a change to an open case in one transaction with its audit entry. */
async function change<T>(
  ctx: Ctx,
  caseId: string,
  what: string,
  fn: (tx: Db, row: typeof schema.cases.$inferSelect) => Promise<T>,
  permission: Permission = "case.write",
) {
  const { row } = await authorizeCase(ctx, caseId, permission);
  return ctx.db.transaction(async (tx) => {
    const result = await fn(tx as unknown as Db, row);
    await tx
      .update(schema.cases)
      .set({ updatedAt: ctx.now ?? new Date() })
      .where(eq(schema.cases.id, caseId));
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { change: what },
    });
    return result;
  });
}

export function changeStep(ctx: Ctx, caseId: string, step: number) {
  return change(ctx, caseId, "step", async (tx, row) => {
    if (row.kind !== "individual") throw conflict("A consultation has no step.");
    if (row.status !== "open") throw conflict("The case is closed.");
    await tx.update(schema.cases).set({ step }).where(eq(schema.cases.id, caseId));
    await tx.insert(schema.caseSteps).values({ caseId, step, changedBy: userId(ctx) });
  });
}

export function addNote(ctx: Ctx, caseId: string, body: string) {
  return change(ctx, caseId, "note", async (tx) => {
    const id = randomUUID();
    await tx.insert(schema.caseNotes).values({
      id,
      caseId,
      bodyEnc: encryptField(ctx.keys, body, `case_notes.body:${id}`),
      createdBy: userId(ctx),
    });
    return { id };
  });
}

export function addTask(ctx: Ctx, caseId: string, title: string, dueOn: string) {
  return change(ctx, caseId, "task", async (tx) => {
    const id = randomUUID();
    await tx.insert(schema.tasks).values({
      id,
      caseId,
      titleEnc: encryptField(ctx.keys, title, `tasks.title:${id}`),
      dueOn,
      ownerId: userId(ctx),
    });
    return { id };
  });
}

export function completeTask(ctx: Ctx, caseId: string, taskId: string) {
  return change(ctx, caseId, "task-done", async (tx) => {
    const done = await tx
      .update(schema.tasks)
      .set({ doneAt: ctx.now ?? new Date() })
      .where(and(eq(schema.tasks.id, taskId), eq(schema.tasks.caseId, caseId)))
      .returning({ id: schema.tasks.id });
    if (done.length === 0) throw notFound();
  });
}

export function closeCase(ctx: Ctx, caseId: string, reason: string, closedOn?: string) {
  return change(ctx, caseId, "close", async (tx, row) => {
    if (row.status !== "open") throw conflict("The case is already closed.");
    await tx
      .update(schema.cases)
      .set({ status: "closed", closedOn: closedOn ?? today(ctx), closeReason: reason })
      .where(eq(schema.cases.id, caseId));
  });
}

export function shareCase(ctx: Ctx, caseId: string, regionId: string, mode: "joint" | "transfer") {
  return change(
    ctx,
    caseId,
    "share",
    async (tx, row) => {
      if (regionId === row.regionId)
        throw invalid("The case already belongs to that region.", [
          { path: "regionId", message: "choose another region" },
        ]);
      const [region] = await tx.select().from(schema.regions).where(eq(schema.regions.id, regionId));
      if (!region) throw invalid("Unknown region", [{ path: "regionId", message: "no such region" }]);
      const active = await activeShares(tx, caseId);
      if (active.some((s) => s.regionId === regionId))
        throw conflict("The case is already shared with that region.");
      if (mode === "transfer" && active.some((s) => s.mode === "transfer")) {
        throw conflict("The case is already transferred; take the transfer back first.");
      }
      const id = randomUUID();
      await tx.insert(schema.caseShares).values({ id, caseId, regionId, mode, createdBy: userId(ctx) });
      return { id };
    },
    "case.share",
  );
}

export function revokeShare(ctx: Ctx, caseId: string, shareId: string) {
  return change(
    ctx,
    caseId,
    "unshare",
    async (tx) => {
      const done = await tx
        .update(schema.caseShares)
        .set({ revokedAt: ctx.now ?? new Date(), revokedBy: userId(ctx) })
        .where(
          and(
            eq(schema.caseShares.id, shareId),
            eq(schema.caseShares.caseId, caseId),
            isNull(schema.caseShares.revokedAt),
          ),
        )
        .returning({ id: schema.caseShares.id });
      if (done.length === 0) throw notFound();
    },
    "case.share",
  );
}

/** The largest attachment accepted; the whole file is encrypted in memory. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export async function addAttachment(
  ctx: Ctx,
  caseId: string,
  file: { filename: string; mime: string; bytes: Uint8Array },
) {
  if (file.bytes.length === 0 || file.bytes.length > MAX_ATTACHMENT_BYTES) {
    throw invalid("The file is empty or larger than 10 MB.", [
      { path: "file", message: "between 1 byte and 10 MB" },
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
