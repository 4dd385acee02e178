/**
 * The annual report (ADR 0030): the figures the agency reports to the government for one
 * calendar year — individual cases per region and age group, persons supported in NSP, ÅMP
 * participants by gender and age group, shelters certified per region. Every figure is a cell of
 * the national statistics' one protected release of that year (`protectedYear`, ADR 0029): the
 * report counts nothing and suppresses nothing of its own, so it cannot be set beside the
 * statistics page to recover a cell one of them hides.
 */
import { type Db, schema } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { allCoords, type Dimension, type DisclosureOptions, TOTAL } from "@stodkedjan/domain/statistics";
import { sql } from "drizzle-orm";
import { can, type Principal } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { forbidden, invalid } from "../cases/errors.ts";
import { DIMENSIONS, type TableId } from "../statistics/catalogue.ts";
import { protectedYear, type StatCell, type StatTable, yearOnly } from "../statistics/service.ts";

export interface ReportCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

/**
 * The report's tables, in the order it shows them, and the statistics table each one is: its
 * dimensions are the statistics table's, or (`nationalRow`) its columns read in the national row.
 */
export const REPORT_TABLES = {
  cases: { from: "individual-age", dimensions: [DIMENSIONS.region, DIMENSIONS.ageGroup], nationalRow: false },
  nsp: { from: "nsp-persons", dimensions: [DIMENSIONS.nspGroup], nationalRow: true },
  amp: { from: "amp-gender-age", dimensions: [DIMENSIONS.gender, DIMENSIONS.ageGroup], nationalRow: false },
} as const satisfies Record<
  string,
  { from: TableId; dimensions: readonly Dimension[]; nationalRow: boolean }
>;
export type ReportTableId = keyof typeof REPORT_TABLES;

/** A cell of the report: the statistics' cell at these coordinates (shown, or suppressed with no value). */
export interface ReportCell extends StatCell {
  /** One category (or TOTAL) per dimension, in the table's order. */
  coords: readonly (string | null)[];
}

export interface ReportTable {
  id: ReportTableId;
  dimensions: readonly Dimension[];
  /** Every combination of a category or TOTAL per dimension (`allCoords` order). */
  cells: ReportCell[];
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

/** The statistics table's cell at a row and column key (null: the total). */
function statCell(table: StatTable, row: string | null, column: string | null): StatCell {
  const cell = table.rows.find((r) => r.key === row)?.cells[table.columns.indexOf(column)];
  if (!cell) throw new Error(`statistics table ${table.id} has no cell ${row} × ${column}`);
  return cell;
}

/** A report table read off its statistics table, cell for cell. */
function reportTable(id: ReportTableId, tables: readonly StatTable[]): ReportTable {
  const def = REPORT_TABLES[id];
  const source = tables.find((t) => t.id === def.from);
  if (!source) throw new Error(`no statistics table ${def.from}`);
  return {
    id,
    dimensions: def.dimensions,
    cells: allCoords(def.dimensions).map((coords) => {
      const [first = TOTAL, second = TOTAL] = coords;
      const { status, value } = def.nationalRow
        ? statCell(source, TOTAL, first)
        : statCell(source, first, source.columnDimension ? second : TOTAL);
      return { coords, status, value };
    }),
  };
}

export function checkYear(year: number, now?: Date): void {
  const current = Number(swedishToday(now).slice(0, 4));
  if (!Number.isSafeInteger(year) || year < 2000 || year > current)
    throw invalid(`Choose a year from 2000 to ${current}.`, [
      { path: "year", message: `Choose a year from 2000 to ${current}.` },
    ]);
}

/**
 * The report for a year: the statistics' protected year release (the same cache entry the
 * statistics pages read, threshold from the same configuration), read table by table.
 */
export async function annualReport(
  ctx: ReportCtx,
  year: number,
  options: Pick<DisclosureOptions, "threshold"> = {},
): Promise<AnnualReport> {
  if (!can(ctx.principal, "report.read")) throw forbidden();
  checkYear(year, ctx.now);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const today = swedishToday(ctx.now);
  const [period] = yearOnly(year);
  if (!period) throw new Error(`no period for ${year}`);
  const { threshold, tables } = await protectedYear(ctx.db, period, {
    threshold: options.threshold,
    now: ctx.now,
  });
  const shelters = tables.find((t) => t.id === "shelters-certified") as StatTable;
  return {
    year,
    from,
    to,
    sheltersOn: to < today ? to : today,
    threshold,
    tables: (Object.keys(REPORT_TABLES) as ReportTableId[]).map((id) => reportTable(id, tables)),
    shelters: shelters.rows.flatMap((r) =>
      r.key === null ? [] : [{ regionId: r.key, certified: r.cells[0]?.value ?? 0 }],
    ),
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
export function cellAt(table: ReportTable, ...coords: (string | null)[]): ReportCell | undefined {
  return table.cells.find((c) => c.coords.every((v, i) => v === coords[i]));
}
