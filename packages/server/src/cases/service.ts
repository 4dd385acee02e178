/**
 * Cases (ärenden): consultations and individual cases, their person, step timeline, notes,
 * tasks, closing and sharing. Every function takes the acting principal, checks the policy,
 * writes in one transaction and appends the audit entry inside it; reads are audited too.
 * Identifying fields and free text are encrypted before they reach the database.
 */

import { randomUUID } from "node:crypto";
import { type Db, preparedPerDb, schema } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { and, desc, eq, getTableColumns, inArray, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import { type CaseScope, can, type Permission, type Principal, scopeOf } from "../access/policy.ts";
import { appendAudit, audit, historyOf } from "../audit/log.ts";
import { decryptBytes, decryptField, encryptBytes, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { isUuid } from "../ids.ts";
import * as persons from "../persons/service.ts";
import { caseClosed, caseOpen, conflict, forbidden, invalid, notFound, notOwner } from "./errors.ts";
import type { CaseFilter, ConsultationInput, IndividualInput } from "./schemas.ts";
import { parseSearch, type SearchKind, searchCondition } from "./search.ts";

export interface Ctx {
  db: Db;
  keys: KeyRing;
  principal: Principal;
  now?: Date;
}

const today = (ctx: Ctx) => swedishToday(ctx.now);
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
      { path: "municipalityCode", message: "no municipality has this code", code: "municipality-unknown" },
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
      createdBy: userId(ctx),
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

/**
 * Opens an individual case for a new person, or, with `linkTo`, for a person already registered
 * whom the coordinator chose among the possible duplicates (persons/service.ts).
 */
export async function createIndividualCase(ctx: Ctx, input: IndividualInput, linkTo?: string) {
  const regionId = requireRegion(ctx, "case.create");
  const place = await municipalityName(ctx.db, input.municipalityCode);
  const linked = linkTo === undefined ? null : await persons.linkablePerson(ctx, linkTo);
  const id = randomUUID();
  const openedOn = input.openedOn ?? today(ctx);
  const p = input.person;
  return ctx.db.transaction(async (tx) => {
    const ref = await nextRef(tx, openedOn.slice(0, 4));
    const pseudonym = linked?.pseudonym ?? `P-${ref.slice(-6)}`;
    const personId = linked?.id ?? (await persons.insertPerson(tx, ctx.keys, pseudonym, p));
    const age = (linked?.ageGroup ?? p.ageGroup) === "child" ? "barn" : "vuxen";
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
      personId,
      createdBy: userId(ctx),
    });
    await tx.insert(schema.caseSteps).values({ caseId: id, step: input.step, changedBy: userId(ctx) });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: id,
      outcome: "ok",
      detail: { person: personId, linked: linked !== null },
    });
    return { id, ref, pseudonym, personId };
  });
}

/** The acting user, for created_by columns; null for an API token. */
export const userId = (ctx: Pick<Ctx, "principal">) =>
  ctx.principal.kind === "user" ? ctx.principal.id : null;

async function activeShares(db: Db, caseId: string) {
  return db
    .select()
    .from(schema.caseShares)
    .where(and(eq(schema.caseShares.caseId, caseId), isNull(schema.caseShares.revokedAt)));
}

/** JSON columns come back with timestamps as ISO text; the rest of the app works with Dates. */
const stamp = (v: string | null) => (v === null ? null : new Date(v));

/** A share as the case shows it; its copy of the case's opening date serves only the list. */
type Share = Omit<typeof schema.caseShares.$inferSelect, "openedOn">;
type ShareJson = Omit<Share, "createdAt" | "revokedAt"> & { createdAt: string; revokedAt: string | null };

/** A case's active shares as one JSON column, so a case and its scope come in one statement. */
const sharesColumn = sql<ShareJson[]>`(select coalesce(json_agg(json_build_object(
    'id', s.id, 'caseId', s.case_id, 'regionId', s.region_id, 'mode', s.mode, 'createdBy', s.created_by,
    'createdAt', s.created_at, 'revokedAt', s.revoked_at, 'revokedBy', s.revoked_by) order by s.created_at), '[]')
  from case_shares s where s.case_id = "cases"."id" and s.revoked_at is null)`;

const toShares = (rows: ShareJson[]): Share[] =>
  rows.map((s) => ({ ...s, createdAt: new Date(s.createdAt), revokedAt: stamp(s.revokedAt) }));

/** Audits a refused case access; the caller answers 404 whether the case exists or not. */
async function denied(ctx: Ctx, caseId: string, exists: boolean, permission: Permission) {
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "access.denied",
    objectType: "case",
    objectId: exists ? caseId : null,
    outcome: "denied",
    detail: { permission },
  });
  return notFound();
}

const scopeQuery = preparedPerDb((db) =>
  db
    .select({ regionId: schema.cases.regionId, shares: sharesColumn })
    .from(schema.cases)
    .where(eq(schema.cases.id, sql.placeholder("id")))
    .prepare("case_scope"),
);

/** Where a case belongs and who it is shared with (one statement); null when there is no such case. */
export async function caseScopeOf(db: Db, caseId: string): Promise<CaseScope | null> {
  const [found] = isUuid(caseId) ? await scopeQuery(db).execute({ id: caseId }) : [];
  return found ? scopeOf(found.regionId, found.shares) : null;
}

const caseQuery = preparedPerDb((db) =>
  db
    .select({ row: getTableColumns(schema.cases), shares: sharesColumn })
    .from(schema.cases)
    .where(eq(schema.cases.id, sql.placeholder("id")))
    .prepare("case_with_shares"),
);

/** The case row and its scope, after checking the permission; audits and hides denials as 404. */
export async function authorizeCase(ctx: Ctx, caseId: string, permission: Permission) {
  const [found] = isUuid(caseId) ? await caseQuery(ctx.db).execute({ id: caseId }) : [];
  const shares = found ? toShares(found.shares) : [];
  const scope: CaseScope | undefined = found ? scopeOf(found.row.regionId, shares) : undefined;
  if (!found || !can(ctx.principal, permission, scope)) {
    const mayRead = !!scope && can(ctx.principal, "case.read", scope);
    const notFoundError = await denied(ctx, caseId, !!found, permission);
    // A region that handles the case jointly knows it exists: it is told the decision is the owner's.
    throw mayRead ? notOwner() : notFoundError;
  }
  return { row: found.row, shares };
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

const summaryColumns = {
  id: schema.cases.id,
  ref: schema.cases.ref,
  kind: schema.cases.kind,
  title: schema.cases.title,
  status: schema.cases.status,
  step: schema.cases.step,
  openedOn: schema.cases.openedOn,
  regionId: schema.cases.regionId,
};
const newestFirst = [desc(schema.cases.openedOn), desc(schema.cases.ref)];

/**
 * The order of a list sorted otherwise than newest first, or undefined for newest first. By
 * deadline it is the case's nearest open deadline, given as the placeholder `dl` (a JSON object
 * from case id to date, computed by the referral rules), cases without one last.
 */
function otherOrder(f: Pick<CaseFilter, "sort" | "dir">): SQL[] | undefined {
  const sort = f.sort ?? "opened";
  const direction = f.dir ?? (sort === "opened" ? "desc" : "asc");
  if (sort === "opened")
    return direction === "desc" ? undefined : [sql`"cases"."opened_on" asc`, sql`"cases"."ref" asc`];
  const dir = sql.raw(direction === "asc" ? "asc" : "desc");
  const key =
    sort === "step"
      ? sql`"cases"."step" ${dir} nulls last`
      : sql`(${sql.placeholder("dl")}::jsonb ->> "cases"."id"::text) ${dir} nulls last`;
  return [key, ...newestFirst];
}

/**
 * A list request's coded filters, written into the statement's text rather than sent as
 * parameters: PostgreSQL plans a statement whose only parameter is the region once (a generic
 * plan), but re-plans one with filter parameters on every request, because their values change its
 * estimates (ADR 0009). Every value comes from an enum or a bounded integer in `caseFilter`.
 */
type CodedFilters = Pick<CaseFilter, "status" | "kind" | "step" | "form" | "ageGroup" | "sort" | "dir">;

const CODED_VALUE = /^[a-z0-9-]+$/;
/** A coded value as an SQL literal; anything but the schema's plain codes is refused here too. */
function coded(value: string | number): SQL {
  const text = String(value);
  if (!CODED_VALUE.test(text)) throw new Error(`not a coded filter value: ${JSON.stringify(text)}`);
  return sql.raw(typeof value === "number" ? text : `'${text}'`);
}

/**
 * The list as the union of the region's own cases (minus those transferred away) and those shared
 * with it, each newest first and cut at the page's depth: the first part walks the index on
 * (region, status, opened) instead of the whole table, which an OR of the two would force. A shared
 * case older than the own part's last row cannot reach the page, so the second part walks the
 * region's shares newest first and stops at that date (the share keeps the case's opening date);
 * only the few shared cases that can appear are looked up. The scope is the same rule as
 * `inRegionScope`. Parameters: `region`, and `q` and `munis` when `search` is set (see search.ts).
 */
function listQuery(
  db: Db,
  f: CodedFilters,
  search: SearchKind | undefined,
  limit: number,
  offset = 0,
  onlyIds?: string[],
) {
  // Constants in the text, not parameters: a generic plan costs a parameter limit as if it were large.
  const constant = (n: number) => sql.raw(String(n)) as unknown as number;
  const depth = constant(offset + limit);
  const p = sql.placeholder;
  const filters = (): SQL[] => {
    const where: SQL[] = [];
    if (onlyIds) where.push(onlyIds.length ? inArray(schema.cases.id, onlyIds) : sql`false`);
    if (f.status !== "all") where.push(sql`${schema.cases.status} = ${coded(f.status)}`);
    if (f.kind !== "all") where.push(sql`${schema.cases.kind} = ${coded(f.kind)}`);
    if (f.step !== undefined) where.push(sql`${schema.cases.step} = ${coded(f.step)}`);
    if (f.form !== undefined) where.push(sql`${coded(f.form)} = any(${schema.cases.forms})`);
    if (f.ageGroup !== undefined)
      where.push(
        sql`exists (select 1 from persons a where a.id = "cases"."person_id" and a.age_group = ${coded(f.ageGroup)})`,
      );
    if (search) where.push(searchCondition(search));
    return where;
  };
  const order = otherOrder(f);
  if (order)
    return db
      .select(summaryColumns)
      .from(schema.cases)
      .where(
        and(
          sql`(("cases"."region_id" = ${p("region")} and not exists (select 1 from case_shares t
            where t.case_id = "cases"."id" and t.mode = 'transfer' and t.revoked_at is null))
          or exists (select 1 from case_shares s where s.case_id = "cases"."id"
            and s.region_id = ${p("region")} and s.revoked_at is null))`,
          ...filters(),
        ),
      )
      .orderBy(...order)
      .limit(constant(limit))
      .offset(constant(offset));
  const own = db.$with("own").as(
    db
      .select(summaryColumns)
      .from(schema.cases)
      .where(
        and(
          eq(schema.cases.regionId, p("region")),
          sql`not exists (select 1 from case_shares t where t.case_id = "cases"."id"
            and t.mode = 'transfer' and t.revoked_at is null)`,
          ...filters(),
        ),
      )
      .orderBy(...newestFirst)
      .limit(depth),
  );
  // A full own part bounds the shared part by its oldest date; a shorter one leaves it unbounded.
  const oldestOwn = sql`(select case when count(*) < ${depth} then '-infinity'::date
    else min(${own.openedOn}) end from ${own})`;
  const shares = schema.caseShares;
  const shared = db
    .select(summaryColumns)
    .from(shares)
    .innerJoin(schema.cases, eq(schema.cases.id, shares.caseId))
    .where(
      and(
        eq(shares.regionId, p("region")),
        isNull(shares.revokedAt),
        sql`${shares.openedOn} >= ${oldestOwn}`,
        ...filters(),
      ),
    )
    .orderBy(...newestFirst)
    .limit(depth);
  // No case is in both: a case cannot be shared with its own region (shareCase refuses it).
  // Named "cases" so that the outer query reads it through the table's own columns: Drizzle maps
  // those several times faster than a subquery's proxied ones, and a page has 400 values.
  const both = db.select().from(own).unionAll(shared).as("cases");
  return db
    .with(own)
    .select(summaryColumns)
    .from(both)
    .orderBy(...newestFirst)
    .limit(constant(limit))
    .offset(constant(offset));
}

type ListQuery = ReturnType<typeof listQuery>;
const listQueries = new WeakMap<Db, Map<string, ReturnType<ListQuery["prepare"]>>>();
/**
 * At most this many first-page statements are kept per database (each connection holds the named
 * ones): the filter combinations people use are few; beyond the bound a request is built alone.
 */
const MAX_PREPARED_LISTS = 64;

/**
 * The first page of a combination of coded filters, built on first use. Without a search it is a
 * named statement, which PostgreSQL plans once per connection. With one it is sent unnamed, so it
 * is planned for each term (the term's frequency decides between the text index and walking the
 * region's newest cases), but its text is still built only once. Undefined past the bound.
 */
function firstPage(db: Db, f: CodedFilters, search: SearchKind | undefined, limit: number) {
  const key = [f.status, f.kind, f.step ?? "", f.form ?? "", f.ageGroup ?? "", search ?? "", limit].join("_");
  let byKey = listQueries.get(db);
  if (!byKey) {
    byKey = new Map();
    listQueries.set(db, byKey);
  }
  let query = byKey.get(key);
  if (!query && byKey.size < MAX_PREPARED_LISTS) {
    query = listQuery(db, f, search, limit).prepare(search ? "" : `case_list_${key}`);
    byKey.set(key, query);
  }
  return query;
}

/** The AAD of a search term in an audit entry's detail (`search`), bound to its `searchId`. */
export const searchAad = (searchId: string) => `audit_log.search:${searchId}`;

/**
 * `onlyIds`: the cases with a deadline in the requested state, computed by the referral rules
 * (see listCasesWithDeadlines); the filter cannot be expressed in SQL.
 */
export async function listCases(
  ctx: Ctx,
  filter: CaseFilter,
  pageSize = 50,
  onlyIds?: string[],
  deadlines: Record<string, string> = {},
) {
  const regionId = requireRegion(ctx, "case.list");
  const search = await parseSearch(ctx.db, filter.q);
  const offset = (filter.page - 1) * pageSize;
  const values = {
    region: regionId,
    q: search?.q ?? "",
    munis: search?.municipalities ?? "",
    dl: JSON.stringify(deadlines),
  };
  // Deeper pages, other orders and the deadline filter's id list vary too much to be worth keeping.
  const prepared =
    offset === 0 && !onlyIds && !otherOrder(filter)
      ? firstPage(ctx.db, filter, search?.kind, pageSize + 1)
      : undefined;
  const rows = prepared
    ? await prepared.execute(values)
    : await listQuery(ctx.db, filter, search?.kind, pageSize + 1, offset, onlyIds).execute(values);
  const shown = rows.slice(0, pageSize);
  // Which cases the list showed, by id, and the search term encrypted like other free text (bound
  // to a random id of its own: the entry's seq is not known until the batch is written).
  const searchId = filter.q ? randomUUID() : null;
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "case",
    outcome: "ok",
    detail: {
      count: shown.length,
      page: filter.page,
      ids: shown.map((r) => r.id).join(","),
      ...(searchId && filter.q
        ? { searchId, search: encryptField(ctx.keys, filter.q, searchAad(searchId)) }
        : {}),
    },
  });
  return { rows: shown, more: rows.length > pageSize };
}

const detailQuery = preparedPerDb((db) =>
  db
    .select({
      row: getTableColumns(schema.cases),
      shares: sharesColumn,
      municipalityName: sql<string | null>`(select m.name from municipalities m
        where m.code = "cases"."municipality_code")`,
      person: sql<PersonJson | null>`(select json_build_object('id', p.id, 'pseudonym', p.pseudonym,
          'ageGroup', p.age_group, 'birthYear', p.birth_year, 'gender', p.gender,
          'citizenship', p.citizenship, 'languages', p.languages, 'nameEnc', p.name_enc,
          'contactEnc', p.contact_enc, 'identityDocsEnc', p.identity_docs_enc)
        from persons p where p.id = "cases"."person_id")`,
      steps: sql<StepJson[]>`(select coalesce(json_agg(json_build_object('step', x.step,
          'changedAt', x.changed_at, 'by', u.display_name) order by x.changed_at), '[]')
        from case_steps x left join users u on u.id = x.changed_by where x.case_id = "cases"."id")`,
      notes: sql<NoteJson[]>`(select coalesce(json_agg(json_build_object('id', n.id, 'bodyEnc', n.body_enc,
          'createdAt', n.created_at, 'by', u.display_name) order by n.created_at desc), '[]')
        from case_notes n left join users u on u.id = n.created_by where n.case_id = "cases"."id")`,
      attachments: sql<FileJson[]>`(select coalesce(json_agg(json_build_object('id', a.id,
          'filenameEnc', a.filename_enc, 'size', a.size, 'mime', a.mime, 'createdAt', a.created_at)
          order by a.created_at), '[]')
        from attachments a where a.case_id = "cases"."id")`,
      tasks: sql<TaskJson[]>`(select coalesce(json_agg(json_build_object('id', t.id, 'titleEnc', t.title_enc,
          'dueOn', t.due_on, 'doneAt', t.done_at, 'owner', o.display_name) order by t.due_on), '[]')
        from tasks t left join users o on o.id = t.owner_id where t.case_id = "cases"."id")`,
      reopenings: sql<ReopeningJson[]>`(select coalesce(json_agg(json_build_object('id', r.id,
          'reasonEnc', r.reason_enc, 'at', r.created_at, 'by', u.display_name) order by r.created_at), '[]')
        from case_reopenings r left join users u on u.id = r.reopened_by where r.case_id = "cases"."id")`,
    })
    .from(schema.cases)
    .where(eq(schema.cases.id, sql.placeholder("id")))
    .prepare("case_detail"),
);

/**
 * One case with everything its page shows, read in one statement: a case page is the most
 * frequent request of the day, and one round trip instead of nine keeps it fast under load.
 * The scope is checked on the result before anything is decrypted or returned.
 */
export async function getCase(ctx: Ctx, caseId: string) {
  const [found] = isUuid(caseId) ? await detailQuery(ctx.db).execute({ id: caseId }) : [];
  const shares = found ? toShares(found.shares) : [];
  if (!found || !can(ctx.principal, "case.read", scopeOf(found.row.regionId, shares)))
    throw await denied(ctx, caseId, !!found, "case.read");
  const { row, person } = found;
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: person ? { person: person.pseudonym } : null,
  });
  const { adviceEnc, search: _search, ...caseFields } = row;
  return {
    ...caseFields,
    municipalityName: found.municipalityName,
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
    steps: found.steps.map((x) => ({ step: x.step, changedAt: new Date(x.changedAt), by: x.by })),
    notes: found.notes.map((n) => ({
      id: n.id,
      createdAt: new Date(n.createdAt),
      by: n.by,
      body: dec(ctx, n.bodyEnc, `case_notes.body:${n.id}`),
    })),
    attachments: found.attachments.map((f) => ({
      id: f.id,
      size: f.size,
      mime: f.mime,
      createdAt: new Date(f.createdAt),
      filename: dec(ctx, f.filenameEnc, `attachments.filename:${f.id}`),
    })),
    tasks: found.tasks.map((t) => ({
      id: t.id,
      dueOn: t.dueOn,
      done: t.doneAt !== null,
      owner: t.owner,
      title: dec(ctx, t.titleEnc, `tasks.title:${t.id}`),
    })),
    reopenings: found.reopenings.map((r) => ({
      id: r.id,
      at: new Date(r.at),
      by: r.by,
      reason: dec(ctx, r.reasonEnc, `case_reopenings.reason:${r.id}`),
    })),
  };
}

type Person = typeof schema.persons.$inferSelect;
type PersonJson = Person;
type StepJson = { step: number; changedAt: string; by: string | null };
type NoteJson = { id: string; bodyEnc: string; createdAt: string; by: string | null };
type FileJson = { id: string; filenameEnc: string; size: number; mime: string; createdAt: string };
type ReopeningJson = { id: string; reasonEnc: string; at: string; by: string | null };
type TaskJson = { id: string; titleEnc: string; dueOn: string; doneAt: string | null; owner: string | null };
export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

/**
 * Locks the case's row for the rest of the transaction and checks its state: every write to a
 * case goes through here, so a close (or reopening) and a write never interleave, and a closed
 * case takes no write until it is reopened.
 */
export async function lockCase(tx: Pick<Db, "update">, caseId: string, state: "open" | "closed", now?: Date) {
  const [locked] = await tx
    .update(schema.cases)
    .set({ updatedAt: now ?? new Date() })
    .where(eq(schema.cases.id, caseId))
    .returning({ status: schema.cases.status });
  if (!locked) throw notFound();
  if (locked.status !== state) throw state === "open" ? caseClosed() : caseOpen();
}

/**
 * Runs a change to a case in one transaction with its audit entry: by default work on an open
 * case by its owning region or a joint partner (`case.write`).
 */
async function change<T>(
  ctx: Ctx,
  caseId: string,
  what: string,
  fn: (tx: Db, row: typeof schema.cases.$inferSelect) => Promise<T>,
  { permission = "case.write", state = "open" }: { permission?: Permission; state?: "open" | "closed" } = {},
) {
  const { row } = await authorizeCase(ctx, caseId, permission);
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, state, ctx.now);
    const result = await fn(tx as unknown as Db, row);
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
    if (row.kind !== "individual") throw conflict("A consultation has no step.", "consultation-no-step");
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

/** The coordinators who may work a case (its region's, and those of regions it is shared with). */
async function caseWorkers(db: Db, row: typeof schema.cases.$inferSelect, caseId: string) {
  const scope = scopeOf(row.regionId, await activeShares(db, caseId));
  const users = await db
    .select({ id: schema.users.id, name: schema.users.displayName, regionId: schema.users.regionId })
    .from(schema.users)
    .where(and(eq(schema.users.role, "coordinator"), eq(schema.users.disabled, false)))
    .orderBy(schema.users.displayName);
  return users.filter((u) =>
    can(
      { kind: "user", id: u.id, role: "coordinator", regionId: u.regionId, shelterId: null, name: u.name },
      "case.write",
      scope,
    ),
  );
}

/** Who a task of the case can be given to, for the task form. */
export async function taskOwners(ctx: Ctx, caseId: string) {
  const { row } = await authorizeCase(ctx, caseId, "case.write");
  return caseWorkers(ctx.db, row, caseId);
}

/** A task with a due date, owned by the one who adds it or by another coordinator who may work the case. */
export function addTask(ctx: Ctx, caseId: string, title: string, dueOn: string, ownerId?: string) {
  return change(ctx, caseId, "task", async (tx, row) => {
    if (ownerId !== undefined && !(await caseWorkers(tx, row, caseId)).some((u) => u.id === ownerId))
      throw invalid("The task's owner must be a coordinator who works this case.", [
        {
          path: "ownerId",
          message: "choose a coordinator of the case's region, or of a region it is shared with",
          code: "task-owner",
        },
      ]);
    const id = randomUUID();
    await tx.insert(schema.tasks).values({
      id,
      caseId,
      titleEnc: encryptField(ctx.keys, title, `tasks.title:${id}`),
      dueOn,
      ownerId: ownerId ?? userId(ctx),
    });
    return { id };
  });
}

/** Marks a task done; done again, it keeps the time it was first done. */
export function completeTask(ctx: Ctx, caseId: string, taskId: string) {
  return change(ctx, caseId, "task-done", async (tx) => {
    if (!isUuid(taskId)) throw notFound();
    const [task] = await tx
      .update(schema.tasks)
      .set({ doneAt: sql`coalesce(${schema.tasks.doneAt}, ${ctx.now ?? new Date()})` })
      .where(and(eq(schema.tasks.id, taskId), eq(schema.tasks.caseId, caseId)))
      .returning({ id: schema.tasks.id });
    if (!task) throw notFound();
  });
}

/** Closing is the owning region's decision; a joint partner works the case but does not close it. */
export function closeCase(ctx: Ctx, caseId: string, reason: string, closedOn?: string) {
  return change(
    ctx,
    caseId,
    "close",
    async (tx) => {
      await tx
        .update(schema.cases)
        .set({ status: "closed", closedOn: closedOn ?? today(ctx), closeReason: reason })
        .where(eq(schema.cases.id, caseId));
    },
    { permission: "case.manage" },
  );
}

/**
 * Reopens a closed case, by its owning region, with a reason: the reason is free text, stored
 * encrypted in the case's reopening record, and the audit entry names the record.
 */
export function reopenCase(ctx: Ctx, caseId: string, reason: string) {
  return change(
    ctx,
    caseId,
    "reopen",
    async (tx) => {
      const id = randomUUID();
      await tx.insert(schema.caseReopenings).values({
        id,
        caseId,
        reasonEnc: encryptField(ctx.keys, reason, `case_reopenings.reason:${id}`),
        reopenedBy: userId(ctx),
      });
      await tx
        .update(schema.cases)
        .set({ status: "open", closedOn: null, closeReason: null })
        .where(eq(schema.cases.id, caseId));
      return { id };
    },
    { permission: "case.manage", state: "closed" },
  );
}

export function shareCase(ctx: Ctx, caseId: string, regionId: string, mode: "joint" | "transfer") {
  return change(
    ctx,
    caseId,
    "share",
    async (tx, row) => {
      if (regionId === row.regionId)
        throw invalid("The case already belongs to that region.", [
          { path: "regionId", message: "choose another region", code: "share-own-region" },
        ]);
      const [region] = await tx.select().from(schema.regions).where(eq(schema.regions.id, regionId));
      if (!region)
        throw invalid("Unknown region", [
          { path: "regionId", message: "no such region", code: "region-unknown" },
        ]);
      const active = await activeShares(tx, caseId);
      if (active.some((s) => s.regionId === regionId))
        throw conflict("The case is already shared with that region.", "share-exists");
      if (mode === "transfer" && active.some((s) => s.mode === "transfer")) {
        throw conflict("The case is already transferred; take the transfer back first.", "transfer-exists");
      }
      const id = randomUUID();
      await tx
        .insert(schema.caseShares)
        .values({ id, caseId, openedOn: row.openedOn, regionId, mode, createdBy: userId(ctx) });
      return { id };
    },
    { permission: "case.manage" },
  );
}

export function revokeShare(ctx: Ctx, caseId: string, shareId: string) {
  return change(
    ctx,
    caseId,
    "unshare",
    async (tx) => {
      if (!isUuid(shareId)) throw notFound();
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
    { permission: "case.manage" },
  );
}

/**
 * Who read or changed a case, newest first: a coordinator's for cases they may read, the national
 * team's for any case. Reading it is itself a read of the case, and audited.
 */
export async function caseHistory(ctx: Ctx, caseId: string) {
  if (!can(ctx.principal, "case.history")) throw forbidden();
  if (ctx.principal.role === "coordinator") await authorizeCase(ctx, caseId, "case.read");
  const rows = await historyOf(ctx.db, "case", caseId);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "access-history", count: rows.length },
  });
  return rows;
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
