/**
 * Knowledge-needs signals (ADR 0014). Ingest counts each event into its day's row on arrival
 * (insert … on conflict … do update set count = count + n), before the request is answered;
 * nothing else about the request is kept. The reads serve the national team's dashboard and the editors' list of knowledge needs.
 */
import { type Db, schema } from "@stodkedjan/db";
import { MIN_REPORTED_COUNT, safeQuery, swedishDay } from "@stodkedjan/domain/signals";
import { and, asc, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { can, type Principal } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { forbidden, invalid } from "../cases/errors.ts";
import type { SignalEvent } from "./schemas.ts";

export interface IngestOptions {
  /** Whether the path is a page of the site. */
  isPage: (path: string) => boolean;
  /** Whether the word is on the shipped word list. */
  isWord: (word: string) => boolean;
  now?: Date;
}

type Row = Record<string, string | boolean | number>;

/** The five count tables, in the fixed order every statement writes them, with their keys. */
const TABLES = [
  { table: schema.signalPageViews, key: ["day", "page"] },
  { table: schema.signalFeedback, key: ["day", "page", "helped", "reason"] },
  { table: schema.signalSearchMisses, key: ["day", "lang", "query"] },
  { table: schema.signalQuizAnswers, key: ["day", "module", "question", "correct"] },
  { table: schema.signalExerciseDecisions, key: ["day", "exercise", "node", "choice"] },
] as const;

/** Which table an event is counted in, and its row there (without the count), or null to drop it. */
function rowOf(e: SignalEvent, day: string, o: IngestOptions): [number, Row] | null {
  switch (e.type) {
    case "view":
      return [0, { day, page: e.page }];
    case "feedback":
      return [1, { day, page: e.page, helped: e.helped, reason: e.helped ? "" : (e.reason ?? "") }];
    case "search-miss": {
      const query = safeQuery(e.query, o.isWord);
      return query ? [2, { day, lang: e.lang, query }] : null;
    }
    case "quiz-answer":
      return [3, { day, module: e.module, question: e.question, correct: e.correct }];
    case "exercise-decision":
      return [4, { day, exercise: e.exercise, node: e.node, choice: e.choice }];
  }
}

/** Counts not yet written: per table, rows by key; and the requests waiting for them. */
interface Pending {
  rows: Map<string, Row>[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

/**
 * Writes one batch in one statement: each table's upsert (insert … select from unnest(…) on
 * conflict … do update set count = count + excluded.count) as a data-modifying CTE, tables in a fixed order and rows sorted
 * by key, so concurrent statements lock rows in one order. Its commit does not wait for the WAL to
 * reach the disk (synchronous_commit off for this transaction only): a crash may lose the last
 * moments' counts, which are anonymous statistics, and the rows every request updates (today's
 * views of a page) are not held locked through a disk flush.
 */
async function write(db: Db, batch: Pending) {
  const statements = batch.rows.flatMap((byKey, i) => {
    if (byKey.size === 0) return [];
    const { table, columns, key } = UPSERTS[i] as (typeof UPSERTS)[number];
    const rows = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    // One array per column (unnest): a statement of a few parameters whatever the number of rows.
    const arrays = columns.map((c) => sql`${sql.param(rows.map((row) => row[c.key]))}::${sql.raw(c.type)}[]`);
    return [
      sql`${sql.raw(`u${i}`)} as (insert into ${table} (${sql.raw(columns.map((c) => `"${c.name}"`).join(", "))})
        select * from unnest(${sql.join(arrays, sql`, `)})
        on conflict (${sql.raw(key)}) do update set "count" = ${table}."count" + excluded."count")`,
    ];
  });
  await db.execute(
    sql`with durability as (select set_config('synchronous_commit', 'off', true) as v), ${sql.join(statements, sql`, `)} select (select count(*) from durability) as n`,
  );
}

/** Each table's columns (key, then count) with their SQL types, and its conflict target, once. */
const UPSERTS = TABLES.map(({ table, key }) => {
  const columns = [...key, "count"].map((k) => {
    const column = (table as unknown as Record<string, PgColumn>)[k] as PgColumn;
    return { key: k, name: column.name, type: column.getSQLType() };
  });
  return {
    table,
    columns,
    key: columns
      .slice(0, -1)
      .map((c) => `"${c.name}"`)
      .join(", "),
  };
});

/** Statements in flight at once; more arrivals meanwhile wait and go together in the next. */
const IN_FLIGHT = 2;

/**
 * The ingest of one server process. Each request's events are added into the counts pending for
 * the next statement, and the request is answered once that statement has committed: under load,
 * the requests that arrive while a statement is in flight are counted together in the next one
 * (one row update per key instead of one per event), with no timer and no delay when idle.
 */
export function createIngest(db: Db) {
  let pending: Pending | null = null;
  let inFlight = 0;
  const flush = async () => {
    const batch = pending;
    if (!batch) return;
    pending = null;
    inFlight++;
    try {
      await write(db, batch);
      for (const w of batch.waiters) w.resolve();
    } catch (e) {
      for (const w of batch.waiters) w.reject(e);
    } finally {
      inFlight--;
      if (pending) void flush();
    }
  };

  /**
   * Counts the events. Pages the site does not have are refused (400, nothing counted); a search
   * query with a word that is not on the list is dropped without trace. Returns how many were counted.
   */
  return async function ingest(events: SignalEvent[], o: IngestOptions): Promise<number> {
    const unknown = events.flatMap((e, i) =>
      "page" in e && !o.isPage(e.page)
        ? [{ path: `events.${i}.page`, message: "not a page of the site" }]
        : [],
    );
    if (unknown.length) throw invalid("Unknown page.", unknown);
    const day = swedishDay(o.now);
    const rows = events.flatMap((e) => {
      const r = rowOf(e, day, o);
      return r ? [r] : [];
    });
    if (rows.length === 0) return 0;
    pending ??= { rows: TABLES.map(() => new Map()), waiters: [] };
    for (const [i, row] of rows) {
      const byKey = pending.rows[i] as Map<string, Row>;
      const key = (TABLES[i] as (typeof TABLES)[number]).key.map((k) => String(row[k])).join("\0");
      const seen = byKey.get(key);
      if (seen) (seen.count as number) += 1;
      else byKey.set(key, { ...row, count: 1 });
    }
    const written = new Promise<void>((resolve, reject) => pending?.waiters.push({ resolve, reject }));
    if (inFlight < IN_FLIGHT) void flush();
    await written;
    return rows.length;
  };
}
export type Ingest = ReturnType<typeof createIngest>;

// ---------------------------------------------------------------------------------------------
// Reading: the national team's dashboard.
// ---------------------------------------------------------------------------------------------

export interface Period {
  from: string;
  to: string;
}

export interface Dashboard {
  period: Period;
  threshold: number;
  pages: { page: string; views: number }[];
  misses: { lang: string; query: string; count: number }[];
  /** How many distinct queries were left out because they were counted fewer than `threshold` times. */
  suppressedMisses: number;
  quiz: { module: string; question: string; wrong: number; answers: number }[];
  decisions: { exercise: string; node: string; choice: string; count: number }[];
  feedback: { page: string; yes: number; no: number; reasons: Record<string, number> }[];
  days: { day: string; views: number; misses: number; notHelped: number }[];
}

const n = (v: unknown) => Number(v ?? 0);

function inPeriod(column: SQL | unknown, p: Period): SQL {
  return and(gte(column as never, p.from), lte(column as never, p.to)) as SQL;
}

export async function dashboard(db: Db, principal: Principal, period: Period): Promise<Dashboard> {
  if (!can(principal, "signals.read")) throw forbidden();
  const { signalPageViews: v, signalSearchMisses: m, signalQuizAnswers: q, signalFeedback: f } = schema;
  const d = schema.signalExerciseDecisions;
  const views = sql<number>`sum(${v.count})::int`;
  const pages = await db
    .select({ page: v.page, views })
    .from(v)
    .where(inPeriod(v.day, period))
    .groupBy(v.page)
    .orderBy(desc(views), asc(v.page));
  const missCount = sql<number>`sum(${m.count})::int`;
  const allMisses = await db
    .select({ lang: m.lang, query: m.query, count: missCount })
    .from(m)
    .where(inPeriod(m.day, period))
    .groupBy(m.lang, m.query)
    .orderBy(desc(missCount), asc(m.query));
  const wrong = sql<number>`(sum(${q.count}) filter (where not ${q.correct}))::int`;
  const quiz = await db
    .select({ module: q.module, question: q.question, wrong, answers: sql<number>`sum(${q.count})::int` })
    .from(q)
    .where(inPeriod(q.day, period))
    .groupBy(q.module, q.question)
    .orderBy(sql`${wrong} desc nulls last`, asc(q.module), asc(q.question))
    .limit(50);
  const decisionCount = sql<number>`sum(${d.count})::int`;
  const decisions = await db
    .select({ exercise: d.exercise, node: d.node, choice: d.choice, count: decisionCount })
    .from(d)
    .where(inPeriod(d.day, period))
    .groupBy(d.exercise, d.node, d.choice)
    .orderBy(asc(d.exercise), asc(d.node), desc(decisionCount), asc(d.choice))
    .limit(200);
  const feedbackRows = await db
    .select({ page: f.page, helped: f.helped, reason: f.reason, count: sql<number>`sum(${f.count})::int` })
    .from(f)
    .where(inPeriod(f.day, period))
    .groupBy(f.page, f.helped, f.reason);
  const feedback = new Map<string, Dashboard["feedback"][number]>();
  for (const r of feedbackRows) {
    const item = feedback.get(r.page) ?? { page: r.page, yes: 0, no: 0, reasons: {} };
    if (r.helped) item.yes += n(r.count);
    else {
      item.no += n(r.count);
      if (r.reason) item.reasons[r.reason] = (item.reasons[r.reason] ?? 0) + n(r.count);
    }
    feedback.set(r.page, item);
  }
  const days = await db.execute<{ day: string; views: number; misses: number; not_helped: number }>(sql`
    select d::date::text as day,
      coalesce((select sum(count) from ${v} where ${v.day} = d::date), 0)::int as views,
      coalesce((select sum(count) from ${m} where ${m.day} = d::date), 0)::int as misses,
      coalesce((select sum(count) from ${f} where ${f.day} = d::date and not ${f.helped}), 0)::int as not_helped
    from generate_series(${period.from}::date, ${period.to}::date, interval '1 day') as d
    order by d`);
  const reported = allMisses.filter((r) => n(r.count) >= MIN_REPORTED_COUNT);
  return {
    period,
    threshold: MIN_REPORTED_COUNT,
    pages: pages.map((r) => ({ page: r.page, views: n(r.views) })),
    misses: reported.map((r) => ({ lang: r.lang, query: r.query, count: n(r.count) })),
    suppressedMisses: allMisses.length - reported.length,
    quiz: quiz.map((r) => ({
      module: r.module,
      question: r.question,
      wrong: n(r.wrong),
      answers: n(r.answers),
    })),
    decisions: decisions.map((r) => ({ ...r, count: n(r.count) })),
    feedback: [...feedback.values()].sort((a, b) => b.no - a.no || a.page.localeCompare(b.page)),
    days: rowsOf<{ day: string; views: number; misses: number; not_helped: number }>(days).map((r) => ({
      day: r.day,
      views: n(r.views),
      misses: n(r.misses),
      notHelped: n(r.not_helped),
    })),
  };
}

/** node-postgres answers `execute` with a result object, PGlite with one too; both carry `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

// ---------------------------------------------------------------------------------------------
// The editors' list of knowledge needs: what the signals say is missing, until handled.
// ---------------------------------------------------------------------------------------------

export type NeedKind = "search-miss" | "page-feedback";

export interface KnowledgeNeed {
  kind: NeedKind;
  /** search-miss: "sv:query"; page-feedback: the page's path. */
  key: string;
  count: number;
  /** For a page: how often each reason was given. */
  reasons: Record<string, number>;
  /** The day it was last handled, when it was and has come back since. */
  handledOn: string | null;
}

export const missKey = (lang: string, query: string) => `${lang}:${query}`;

/**
 * Queries that found nothing (counted at least the reporting threshold) and pages marked as not
 * helping, each counted over the days after it was last marked handled.
 */
export async function knowledgeNeeds(db: Db, principal: Principal): Promise<KnowledgeNeed[]> {
  if (!can(principal, "knowledge.handle")) throw forbidden();
  const { signalSearchMisses: m, signalFeedback: f, knowledgeNeedsHandled: h } = schema;
  const missCount = sql<number>`sum(${m.count})::int`;
  const misses = await db
    .select({
      lang: m.lang,
      query: m.query,
      count: missCount,
      handledOn: sql<string | null>`max(${h.handledOn})::text`,
    })
    .from(m)
    .leftJoin(h, and(eq(h.kind, "search-miss"), eq(h.key, sql`${m.lang} || ':' || ${m.query}`)))
    .where(sql`${h.handledOn} is null or ${m.day} > ${h.handledOn}`)
    .groupBy(m.lang, m.query)
    .having(gte(missCount, MIN_REPORTED_COUNT))
    .orderBy(desc(missCount), asc(m.query));
  const pages = await db
    .select({
      page: f.page,
      reason: f.reason,
      count: sql<number>`sum(${f.count})::int`,
      handledOn: sql<string | null>`max(${h.handledOn})::text`,
    })
    .from(f)
    .leftJoin(h, and(eq(h.kind, "page-feedback"), eq(h.key, f.page)))
    .where(and(eq(f.helped, false), sql`(${h.handledOn} is null or ${f.day} > ${h.handledOn})`))
    .groupBy(f.page, f.reason);
  const byPage = new Map<string, KnowledgeNeed>();
  for (const r of pages) {
    const need = byPage.get(r.page) ?? {
      kind: "page-feedback" as const,
      key: r.page,
      count: 0,
      reasons: {},
      handledOn: r.handledOn,
    };
    need.count += n(r.count);
    if (r.reason) need.reasons[r.reason] = (need.reasons[r.reason] ?? 0) + n(r.count);
    byPage.set(r.page, need);
  }
  return [
    ...misses.map((r) => ({
      kind: "search-miss" as const,
      key: missKey(r.lang, r.query),
      count: n(r.count),
      reasons: {},
      handledOn: r.handledOn,
    })),
    ...[...byPage.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
  ];
}

/** Marks a need handled as of today (audited); it comes back if new signals arrive after today. */
export async function markHandled(
  db: Db,
  principal: Principal,
  kind: NeedKind,
  key: string,
  now = new Date(),
): Promise<void> {
  if (!can(principal, "knowledge.handle")) throw forbidden();
  const open = await knowledgeNeeds(db, principal);
  if (!open.some((need) => need.kind === kind && need.key === key))
    throw invalid("Det finns inget sådant öppet kunskapsbehov.", [{ path: "key", message: "okänt" }]);
  const handledOn = swedishDay(now);
  const h = schema.knowledgeNeedsHandled;
  await db.transaction(async (tx) => {
    await tx
      .insert(h)
      .values({ kind, key, handledOn, handledBy: principal.id })
      .onConflictDoUpdate({ target: [h.kind, h.key], set: { handledOn, handledBy: principal.id } });
    await appendAudit(
      tx,
      {
        actor: principal,
        action: "update",
        objectType: "knowledge-need",
        objectId: `${kind}:${key}`,
        outcome: "ok",
        detail: { handledOn },
      },
      now,
    );
  });
}

/** Whether a day string is a real date (for the period filter). */
export const isDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The default period: the last 30 days up to today, Swedish dates. */
export function defaultPeriod(now = new Date()): Period {
  const to = swedishDay(now);
  const from = new Date(Date.parse(`${to}T12:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}
