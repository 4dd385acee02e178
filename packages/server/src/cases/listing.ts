/** The case list: a region's cases (own and shared), filtered, searched, sorted and paged; audited. */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { audit } from "../audit/log.ts";
import { encryptField } from "../crypto/fields.ts";
import { type Ctx, requireRegion } from "./context.ts";
import type { CaseFilter } from "./schemas.ts";
import { inRegionScope } from "./scope.ts";
import { parseSearch, type SearchKind, searchCondition } from "./search.ts";

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

/**
 * The region's open individual cases and consultations, counted apart: a consultation is advice
 * to a professional, not a person supported. Counts only; audited as a list.
 */
export async function openCounts(ctx: Ctx) {
  const regionId = requireRegion(ctx, "case.list");
  const rows = await ctx.db
    .select({ kind: schema.cases.kind, n: sql<number>`count(*)::int` })
    .from(schema.cases)
    .where(and(eq(schema.cases.status, "open"), inRegionScope(ctx.db, regionId)))
    .groupBy(schema.cases.kind);
  const counts = { individual: 0, consultation: 0 };
  for (const r of rows) counts[r.kind] = Number(r.n);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "case",
    outcome: "ok",
    detail: { part: "open-counts", ...counts },
  });
  return counts;
}
