/**
 * The annual report (ADR 0030): the figures the agency reports to the government for one
 * calendar year — individual cases supported per region, persons supported in NSP, ÅMP
 * participants by gender and age group, shelters certified per region. The counts are
 * aggregated in the database (GROUP BY CUBE gives every margin in one statement) and pass the
 * statistics library's disclosure control (ADR 0020) as one release before anything leaves.
 * Only coded columns are read; nothing is decrypted.
 */
import { type Db, schema } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { AGE_GROUPS, GENDERS, REGION_IDS } from "@stodkedjan/domain/case-codes";
import {
  allCoords,
  type CellCount,
  DEFAULT_THRESHOLD,
  type Dimension,
  type DisclosureOptions,
  type ProtectedCell,
  protectRelease,
  type ReleaseInput,
  type TableInput,
  TOTAL,
} from "@stodkedjan/domain/statistics";
import { sql } from "drizzle-orm";
import { can, type Principal } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { forbidden, invalid } from "../cases/errors.ts";

export interface ReportCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

/** How NSP counts a person: an adult, a child in Sweden, or a child supported in the home country. */
export const NSP_GROUPS = ["adult", "child", "child-home-country"] as const;

const REGION: Dimension = { name: "region", categories: REGION_IDS };
const AGE_GROUP: Dimension = { name: "ageGroup", categories: AGE_GROUPS };
const GENDER: Dimension = { name: "gender", categories: GENDERS };
const NSP_GROUP: Dimension = { name: "nspGroup", categories: NSP_GROUPS };

/** The report's tables: id, what is counted and by what, in the order the report shows them. */
export const REPORT_TABLES = {
  cases: { population: "cases-supported", dimensions: [REGION, AGE_GROUP] },
  nsp: { population: "nsp-persons", dimensions: [NSP_GROUP] },
  amp: { population: "amp-participants", dimensions: [GENDER, AGE_GROUP] },
} as const satisfies Record<string, { population: string; dimensions: readonly Dimension[] }>;
export type ReportTableId = keyof typeof REPORT_TABLES;

export interface ReportTable {
  id: ReportTableId;
  dimensions: readonly Dimension[];
  /** Every combination of a category or TOTAL per dimension (`allCoords` order), protected. */
  cells: ProtectedCell[];
}

export interface AnnualReport {
  year: number;
  /** The first and last day counted. */
  from: string;
  to: string;
  /** The day whose registry the shelter count reads: the year's last day, or today in the current year. */
  sheltersOn: string;
  threshold: number;
  tables: ReportTable[];
  /** Certified shelters per region. Organisations in a public registry, not people: not suppressed. */
  shelters: { regionId: string; certified: number }[];
}

/** Years a report can be asked for: from the first case's year to the current one. */
export async function reportYears(ctx: ReportCtx): Promise<number[]> {
  if (!can(ctx.principal, "report.read")) throw forbidden();
  const current = Number(swedishToday(ctx.now).slice(0, 4));
  const [row] = await ctx.db
    .select({ first: sql<string | null>`min(${schema.cases.openedOn})::text` })
    .from(schema.cases);
  const first = row?.first ? Math.min(Number(row.first.slice(0, 4)), current) : current;
  const years: number[] = [];
  for (let y = current; y >= first; y--) years.push(y);
  return years;
}

/** The year a report opens on: the last complete year (the one the agency reports on in March). */
export const defaultReportYear = (now?: Date) => Number(swedishToday(now).slice(0, 4)) - 1;

type Row = Record<string, unknown> & { n: number };

/** Rows of a GROUP BY CUBE (a `g_<dim>` column is 1 where the dimension is rolled up) → every cell, zeros included. */
function cubeCells(dimensions: readonly Dimension[], rows: readonly Row[]): CellCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const coords = dimensions.map((d) => (Number(r[`g_${d.name}`]) === 1 ? TOTAL : String(r[d.name])));
    counts.set(JSON.stringify(coords), Number(r.n));
  }
  return allCoords(dimensions).map((coords) => ({ coords, count: counts.get(JSON.stringify(coords)) ?? 0 }));
}

const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

/** The raw counts of the year, before disclosure control: for the service and its tests only. */
export async function countYear(
  db: Db,
  from: string,
  to: string,
): Promise<Record<ReportTableId, CellCount[]>> {
  // Cases the coordinators supported in the year: individual cases open at some time in it.
  const cases = await db.execute(sql`
    select c.region_id as "region", p.age_group as "ageGroup",
      grouping(c.region_id) as "g_region", grouping(p.age_group) as "g_ageGroup", count(*)::int as n
    from cases c join persons p on p.id = c.person_id
    where c.kind = 'individual' and c.opened_on <= ${to}::date
      and (c.closed_on is null or c.closed_on >= ${from}::date)
    group by cube (c.region_id, p.age_group)`);
  // Persons supported in NSP in the year: a stay in a shelter or support without housing that
  // ran on some day of it. A child given any of it in the home country is counted as such.
  const nsp = await db.execute(sql`
    with supported as (
      select p.id, p.age_group,
        bool_or(coalesce((r.data->>'inHomeCountry')::boolean, false)) as home
      from referrals r
        join cases c on c.id = r.case_id
        join persons p on p.id = c.person_id
      where ((r.type = 'nsp-placement' and r.status in ('placed', 'extension-requested', 'extended', 'exited'))
          or (r.type = 'nsp-support' and r.status in ('ongoing', 'completed')))
        and r.data->>'start' <= ${to}
        and (r.data->>'end' is null or r.data->>'end' >= ${from})
      group by p.id, p.age_group
    ), grouped as (
      select case when age_group = 'adult' then 'adult' when home then 'child-home-country' else 'child' end as g
      from supported
    )
    select g as "nspGroup", grouping(g) as "g_nspGroup", count(*)::int as n
    from grouped group by rollup (g)`);
  // ÅMP participants: persons whose application was approved in the year.
  const amp = await db.execute(sql`
    with participants as (
      select distinct p.id, p.gender, p.age_group
      from referrals r
        join cases c on c.id = r.case_id
        join persons p on p.id = c.person_id
      where r.type = 'amp' and r.status = 'approved'
        and r.data->>'approvedOn' between ${from} and ${to}
    )
    select gender as "gender", age_group as "ageGroup",
      grouping(gender) as "g_gender", grouping(age_group) as "g_ageGroup", count(*)::int as n
    from participants group by cube (gender, age_group)`);
  return {
    cases: cubeCells(REPORT_TABLES.cases.dimensions, rowsOf(cases)),
    nsp: cubeCells(REPORT_TABLES.nsp.dimensions, rowsOf(nsp)),
    amp: cubeCells(REPORT_TABLES.amp.dimensions, rowsOf(amp)),
  };
}

async function certifiedShelters(db: Db, on: string) {
  const rows = rowsOf(
    await db.execute(sql`
      select region_id as "regionId", count(*)::int as n from shelters
      where certified_until >= ${on}::date group by region_id`),
  );
  const byRegion = new Map(rows.map((r) => [String(r.regionId), Number(r.n)]));
  return REGION_IDS.map((regionId) => ({ regionId, certified: byRegion.get(regionId) ?? 0 }));
}

export function checkYear(year: number, now?: Date): void {
  const current = Number(swedishToday(now).slice(0, 4));
  if (!Number.isSafeInteger(year) || year < 2000 || year > current)
    throw invalid(`Choose a year from 2000 to ${current}.`, [
      { path: "year", message: `Choose a year from 2000 to ${current}.` },
    ]);
}

/**
 * The report for a year, under disclosure control: the three tables of people form one release
 * (one period, the year), so a hidden cell cannot be recovered from any other figure in it.
 */
export async function annualReport(
  ctx: ReportCtx,
  year: number,
  options: DisclosureOptions = {},
): Promise<AnnualReport> {
  if (!can(ctx.principal, "report.read")) throw forbidden();
  checkYear(year, ctx.now);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const today = swedishToday(ctx.now);
  const sheltersOn = to < today ? to : today;
  const counts = await countYear(ctx.db, from, to);
  const period = String(year);
  const tables: TableInput[] = (Object.keys(REPORT_TABLES) as ReportTableId[]).map((id) => ({
    id,
    population: REPORT_TABLES[id].population,
    dimensions: REPORT_TABLES[id].dimensions,
    counts: { [period]: counts[id] },
  }));
  const release: ReleaseInput = { tables, periods: [{ id: period, atoms: [period] }] };
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const protectedRelease = protectRelease(release, { ...options, threshold });
  return {
    year,
    from,
    to,
    sheltersOn,
    threshold,
    tables: tables.map((t) => ({
      id: t.id as ReportTableId,
      dimensions: t.dimensions,
      cells: protectedRelease.tables.get(t.id)?.get(period) ?? [],
    })),
    shelters: await certifiedShelters(ctx.db, sheltersOn),
  };
}

/** Records that the report left the platform (a PDF, or the API's figures): who, when, which year. */
export async function auditReportExport(ctx: ReportCtx, year: number, format: "pdf" | "json") {
  await appendAudit(ctx.db, {
    actor: ctx.principal,
    action: "export",
    objectType: "annual-report",
    objectId: String(year),
    outcome: "ok",
    detail: { year, format },
  });
}

/** A cell of a table by its coordinates (category or TOTAL per dimension). */
export function cellAt(table: ReportTable, ...coords: (string | null)[]): ProtectedCell | undefined {
  return table.cells.find((c) => c.coords.every((v, i) => v === coords[i]));
}
