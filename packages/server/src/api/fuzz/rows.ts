/**
 * The rows the fuzz test counts (see fuzz.test.ts): counters kept by triggers in the test database,
 * so that the rows written by each request can be checked with one cheap query instead of counting
 * ever larger tables. The triggers run inside the writing transaction, so they count exactly the
 * rows that were committed; the totals are checked against count(*) at the end as well.
 */
import { type SQL, sql } from "drizzle-orm";
import type { TestApp } from "../../testing.ts";

/** A counted table: its inserted less its deleted rows under `key`, and its updated rows under `updates`. */
export interface Counted {
  key: string;
  table: string;
  updates?: string;
}
export type Counts = Record<string, number>;

export const rows = async <T>(t: TestApp, query: SQL) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const keysOf = (counted: readonly Counted[]) =>
  counted.flatMap((c) => (c.updates ? [c.key, c.updates] : [c.key]));

export const add = (a: Counts, b: Partial<Counts>): Counts =>
  Object.fromEntries(Object.keys(a).map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));

/** The true row counts (count(*)); updates are not counted (0). */
export async function countRows(t: TestApp, counted: readonly Counted[]): Promise<Counts> {
  const columns = counted.flatMap((c) => [
    `(select count(*) from ${c.table})::int as ${quoted(c.key)}`,
    ...(c.updates ? [`0 as ${quoted(c.updates)}`] : []),
  ]);
  const [row] = await rows<Counts>(t, sql.raw(`select ${columns.join(", ")}`));
  return row as Counts;
}

/** Creates the counters, starting from the tables' row counts, and a trigger on each table. */
export async function installRowCounters(t: TestApp, counted: readonly Counted[]) {
  const columns = counted.flatMap((c) => [
    `(select count(*) from ${c.table})::int as ${quoted(c.key)}`,
    ...(c.updates ? [`0::int as ${quoted(c.updates)}`] : []),
  ]);
  await t.db.execute(sql.raw(`create table fuzz_row_counts as select ${columns.join(", ")}`));
  for (const c of counted) {
    const key = quoted(c.key);
    const updates = c.updates ? quoted(c.updates) : undefined;
    const fn = `fuzz_count_${c.table}`;
    await t.db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
      begin
        update fuzz_row_counts set
          ${key} = ${key} + case tg_op when 'INSERT' then 1 when 'DELETE' then -1 else 0 end
          ${updates ? `, ${updates} = ${updates} + case tg_op when 'UPDATE' then 1 else 0 end` : ""};
        return null;
      end $$`),
    );
    await t.db.execute(
      sql.raw(`create trigger fuzz_count_row after insert or delete${updates ? " or update" : ""}
        on ${c.table} for each row execute function ${fn}()`),
    );
  }
}

/** The counters, and what the probes ask for (each a JSON value under its name), in one query. */
export async function trackedRows(
  t: TestApp,
  counted: readonly Counted[],
  probes: Record<string, SQL | undefined> = {},
): Promise<{ counts: Counts; probed: Record<string, unknown> }> {
  const keys = keysOf(counted);
  const parts = [
    sql.raw(keys.map((k) => `c.${quoted(k)}`).join(", ")),
    ...Object.entries(probes).flatMap(([name, query]) =>
      query === undefined ? [] : [sql`${query} as ${sql.raw(quoted(`probe:${name}`))}`],
    ),
  ];
  const [row] = await rows<Record<string, unknown>>(
    t,
    sql`select ${sql.join(parts, sql`, `)} from fuzz_row_counts c`,
  );
  const counts: Counts = {};
  const probed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row ?? {}))
    if (k.startsWith("probe:")) probed[k.slice(6)] = v;
    else counts[k] = v as number;
  return { counts, probed };
}
