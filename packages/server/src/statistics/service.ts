/**
 * The national statistics (role national): counts of cases, consultations, NSP, ÅMP and
 * reflection periods over a period and region, under disclosure control (ADR 0020, ADR 0029).
 *
 * The one entry point is `nationalStatistics(ctx, query, options)`. It
 * 1. widens the period asked for to the smallest period offered that covers it (by default the
 *    calendar year: `offeredPeriods`), so that two requests can only be differenced as far as
 *    the offered periods can, and those were protected together;
 * 2. counts the whole year per month in the database (`countYear`), never loading a case;
 * 3. protects every table and every offered period of the year as one release with
 *    `protectRelease` from the domain (threshold from configuration, default 5), cached by the
 *    counts themselves: the same data give the same pattern, so asking again reveals nothing;
 * 4. slices the requested period and, with a region, that region's row beside the national one
 *    (a slice of the national release, never a release of its own, so region and nation cannot
 *    be differenced);
 * 5. audits the read or the export.
 *
 * A suppressed count never leaves this module: such a cell carries its status and `value: null`.
 * The annual report takes its figures from the same release through `protectedYear` (it
 * authorises and audits itself), so a report cell is always the statistics' cell.
 */
import { createHash } from "node:crypto";
import type { Db } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { REGION_IDS } from "@stodkedjan/domain/case-codes";
import {
  type CellCount,
  DEFAULT_THRESHOLD,
  type Dimension,
  type Period,
  type ProtectedCell,
  type ProtectedRelease,
  protectRelease,
  type TableInput,
  TOTAL,
  yearFamily,
} from "@stodkedjan/domain/statistics";
import { can, type Principal } from "../access/policy.ts";
import { audit } from "../audit/log.ts";
import { forbidden, ServiceError } from "../cases/errors.ts";
import {
  type AnyTableId,
  DIMENSIONS,
  type DimensionName,
  type Population,
  TABLES,
  type TableDef,
} from "./catalogue.ts";
import { type Count, countsKey, countYear, type YearCounts } from "./queries.ts";

export interface StatisticsCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

export interface StatisticsQuery {
  /** First and last day asked for (ISO dates, one calendar year). */
  from: string;
  to: string;
  /** One region's rows beside the national ones; null or absent for the whole country. */
  regionId?: string | null;
}

export interface StatisticsOptions {
  /** Shown counts are 0 or at least this (configuration: DISCLOSURE_THRESHOLD). */
  threshold?: number;
  /**
   * The periods offered for a year, protected together. Default: the year alone. Any family of
   * `yearFamily` periods is sound (tests use overlapping ones); more periods cost more solving.
   */
  offeredPeriods?: (year: number) => Period[];
  /** What the audit log records: a page view (default) or an export in a format. */
  audit?: { action: "read" } | { action: "export"; format: "csv" | "xlsx" | "json"; table?: string };
}

/**
 * Shown, or suppressed. Whether a cell was hidden for being small or to protect another is not
 * told: "small" would itself say that the count is 1 to threshold − 1.
 */
export type CellStatus = "shown" | "suppressed";
export interface StatCell {
  status: CellStatus;
  /** null when suppressed. */
  value: number | null;
}

export interface StatTable {
  id: AnyTableId;
  /** What is counted; null for a table that is not a count of persons or cases. */
  population: Population | null;
  rowDimension: DimensionName;
  columnDimension: DimensionName | null;
  /** Column keys; null is the total (the only column of a one-way table). */
  columns: (string | null)[];
  /** Row keys (null: the national total) with one cell per column. */
  rows: { key: string | null; cells: StatCell[] }[];
  unit: "count" | "days" | "shelters";
  /** false: not a count of persons, shown as it is (the registry of certified shelters). */
  controlled: boolean;
}

export interface Statistics {
  /** The period asked for, and the period shown (the smallest offered one that covers it). */
  requested: { from: string; to: string };
  period: { id: string; from: string; to: string };
  year: number;
  regionId: string | null;
  threshold: number;
  tables: StatTable[];
}

export const yearOnly = (year: number): Period[] => yearFamily(year).filter((p) => p.id === String(year));

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The smallest offered period that covers from..to, or a 400 naming the field. */
export function periodFor(from: string, to: string, offered: (year: number) => Period[]): Period {
  const valid = (d: string) => ISO_DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (!valid(from)) throw new ServiceError(400, "Ange ett datum.", [{ path: "from", message: "date" }]);
  if (!valid(to)) throw new ServiceError(400, "Ange ett datum.", [{ path: "to", message: "date" }]);
  if (to < from)
    throw new ServiceError(400, "Perioden slutar före start.", [{ path: "to", message: "order" }]);
  if (from.slice(0, 4) !== to.slice(0, 4))
    throw new ServiceError(400, "Välj en period inom ett kalenderår.", [{ path: "to", message: "year" }]);
  const year = Number(from.slice(0, 4));
  if (year < 1900 || year > 2199)
    throw new ServiceError(400, "Okänt år.", [{ path: "from", message: "date" }]);
  const covering = offered(year).filter((p) => p.from <= from && p.to >= to);
  const best = covering.reduce<Period | null>(
    (b, p) => (b === null || p.atoms.length < b.atoms.length ? p : b),
    null,
  );
  if (!best) throw new ServiceError(400, "Perioden erbjuds inte.", [{ path: "from", message: "period" }]);
  return best;
}

const monthsOf = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);

/** The dimension whose margin counts a population's records exactly, for each population. */
const BASE: Record<Population, readonly DimensionName[]> = {
  individual: ["region", "gender"],
  consultation: ["region", "referringOrg"],
  "nsp-persons": ["region", "nspGroup"],
  "nsp-placements": ["region"],
  "amp-participants": ["region"],
  "reflection-applications": ["region", "outcome"],
};

/** A table's dimensions, every category of each: the release is the same whatever the year holds. */
const dimensionsOf = (def: TableDef): Dimension[] => def.dimensions.map((d) => DIMENSIONS[d]);

/**
 * A table's cells per month, margins included. A single-valued margin is the sum of its
 * categories; where a multi-valued dimension (forms) is the margin, the count comes from the
 * population's base table (a case with two forms is one case).
 */
function tableInput(def: TableDef, months: readonly string[], data: YearCounts): TableInput {
  const dims = dimensionsOf(def);
  const interior = data.counts.get(countsKey(def.population, def.dimensions)) ?? [];
  const base = data.counts.get(countsKey(def.population, BASE[def.population])) ?? [];
  const matches = (c: Count, names: readonly DimensionName[], coords: readonly (string | null)[]) =>
    names.every((n, i) => coords[i] === TOTAL || c.coords[n] === coords[i]);
  const counts: Record<string, CellCount[]> = {};
  const combos = allCombos(dims.map((d) => d.categories as readonly string[]));
  for (const month of months) {
    const inMonth = interior.filter((c) => c.month === month);
    const baseInMonth = base.filter((c) => c.month === month);
    counts[month] = combos.map((coords) => {
      const multi = def.dimensions.findIndex((d, i) => "multiValued" in DIMENSIONS[d] && coords[i] === TOTAL);
      if (multi >= 0) {
        // Fix the other dimensions; they are all in the base table (region) or margins.
        const fixed = def.dimensions
          .map((d, i) => [d, coords[i]] as const)
          .filter(([d, v]) => v !== TOTAL && !("multiValued" in DIMENSIONS[d]));
        const count = baseInMonth
          .filter((c) => fixed.every(([d, v]) => c.coords[d] === v))
          .reduce((s, c) => s + c.n, 0);
        return { coords, count };
      }
      const count = inMonth.filter((c) => matches(c, def.dimensions, coords)).reduce((s, c) => s + c.n, 0);
      return { coords, count };
    });
  }
  return { id: def.id, population: def.population, dimensions: dims, counts };
}

/** Every combination of a category or TOTAL per dimension (TOTAL last), as `allCoords` orders them. */
function allCombos(categories: readonly (readonly string[])[]): (string | null)[][] {
  let out: (string | null)[][] = [[]];
  for (const cats of categories) out = out.flatMap((prefix) => [...cats, TOTAL].map((c) => [...prefix, c]));
  return out;
}

/** Protected releases by a hash of their input: the pattern depends only on the counts. */
const cache = new Map<string, ProtectedRelease>();
const CACHE_SIZE = 32;

function protectCached(tables: TableInput[], periods: Period[], threshold: number): ProtectedRelease {
  const release = { tables, periods: periods.map((p) => ({ id: p.id, atoms: p.atoms })) };
  const key = createHash("sha256")
    .update(JSON.stringify([release, threshold]))
    .digest("hex");
  const hit = cache.get(key);
  if (hit) return hit;
  const out = protectRelease(release, { threshold });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, out);
  return out;
}

/** Forgets every protected release: the benchmark measures the disclosure control on each call. */
export function forgetProtectedReleases(): void {
  cache.clear();
}

/** A protected table of one period, as rows × columns (the release's cells are in `allCombos` order). */
function shape(def: TableDef, cells: readonly ProtectedCell[], regionId: string | null): StatTable {
  const dims = dimensionsOf(def);
  const [rowDim, colDim] = def.dimensions as readonly DimensionName[];
  const rowKeys = [...(dims[0] as Dimension).categories, null] as (string | null)[];
  const columns = colDim ? ([...(dims[1] as Dimension).categories, null] as (string | null)[]) : [null];
  const at = (r: string | null, col: string | null) => {
    const found = cells.find((c) => c.coords[0] === r && (colDim ? c.coords[1] === col : true));
    return found?.status === "shown"
      ? ({ status: "shown", value: found.value } satisfies StatCell)
      : ({ status: "suppressed", value: null } satisfies StatCell);
  };
  const shownRows =
    regionId && rowDim === "region" ? rowKeys.filter((k) => k === regionId || k === null) : rowKeys;
  const rows = shownRows.map((key) => ({ key, cells: columns.map((col) => at(key, col)) }));
  const allZero = (cells: readonly StatCell[]) => cells.every((c) => c.status === "shown" && c.value === 0);
  return {
    id: def.id as AnyTableId,
    population: def.population,
    rowDimension: rowDim as DimensionName,
    columnDimension: colDim ?? null,
    columns,
    rows:
      "zeroRowsLeftOut" in def && def.zeroRowsLeftOut
        ? rows.filter((r) => r.key === null || !allZero(r.cells))
        : rows,
    unit: "count",
    controlled: true,
  };
}

/** Flat-rate days per region, shown exactly where the placement count beside it is shown. */
function flatRateDays(placements: StatTable, days: readonly Count[], period: Period): StatTable {
  const inPeriod = days.filter((d) => period.atoms.includes(d.month));
  const sum = (region: string | null) =>
    inPeriod.filter((d) => region === null || d.coords.region === region).reduce((s, d) => s + d.n, 0);
  return {
    ...placements,
    id: "nsp-flat-rate-days",
    population: null,
    unit: "days",
    rows: placements.rows.map((row) => ({
      key: row.key,
      cells: row.cells.map((cell) =>
        cell.status === "shown"
          ? { status: "shown", value: sum(row.key) }
          : { status: cell.status, value: null },
      ),
    })),
  };
}

function sheltersTable(certified: ReadonlyMap<string, number>, regionId: string | null): StatTable {
  const keys = [...REGION_IDS, null].filter((k) => !regionId || k === regionId || k === null);
  const total = [...certified.values()].reduce((s, n) => s + n, 0);
  return {
    id: "shelters-certified",
    population: null,
    rowDimension: "region",
    columnDimension: null,
    columns: [null],
    rows: keys.map((key) => ({
      key,
      cells: [{ status: "shown", value: key === null ? total : (certified.get(key) ?? 0) }],
    })),
    unit: "shelters",
    controlled: false,
  };
}

/**
 * The year's protected tables for one period of it: the one release of the calendar year (every
 * table, every offered period), protected once and cached, sliced to the period and region.
 * No authorisation and no audit: the callers (`nationalStatistics`, the annual report) do both.
 * Every figure the statistics or the annual report show comes from here, so the two can never be
 * two differently suppressed releases of the same counts (ADR 0029, 0030).
 */
export async function protectedYear(
  db: Db,
  period: Period,
  options: {
    threshold?: number;
    offeredPeriods?: (year: number) => Period[];
    regionId?: string | null;
    now?: Date;
  },
): Promise<{ threshold: number; tables: StatTable[] }> {
  const year = Number(period.from.slice(0, 4));
  const regionId = options.regionId ?? null;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const today = swedishToday(options.now);
  const data = await countYear(db, `${year}-01-01`, `${year}-12-31`, today);
  const months = monthsOf(year);
  const protectedRelease = protectCached(
    TABLES.map((t) => tableInput(t, months, data)),
    (options.offeredPeriods ?? yearOnly)(year),
    threshold,
  );
  const tables: StatTable[] = TABLES.map((def) =>
    shape(def, protectedRelease.tables.get(def.id)?.get(period.id) ?? [], regionId),
  );
  const placements = tables.find((t) => t.id === "nsp-placements") as StatTable;
  tables.splice(tables.indexOf(placements) + 1, 0, flatRateDays(placements, data.flatRateDays, period));
  tables.push(sheltersTable(data.sheltersCertified, regionId));
  return { threshold, tables };
}

export async function nationalStatistics(
  ctx: StatisticsCtx,
  query: StatisticsQuery,
  options: StatisticsOptions = {},
): Promise<Statistics> {
  if (!can(ctx.principal, "statistics.read")) throw forbidden();
  const regionId = query.regionId || null;
  if (regionId !== null && !(REGION_IDS as readonly string[]).includes(regionId))
    throw new ServiceError(400, "Okänd region.", [{ path: "region", message: "region" }]);
  const offered = options.offeredPeriods ?? yearOnly;
  const period = periodFor(query.from, query.to, offered);
  const year = Number(period.from.slice(0, 4));
  const { threshold, tables } = await protectedYear(ctx.db, period, {
    threshold: options.threshold,
    offeredPeriods: offered,
    regionId,
    now: ctx.now,
  });
  const what = options.audit ?? { action: "read" };
  await audit(ctx.db, {
    actor: ctx.principal,
    action: what.action,
    objectType: "statistics",
    objectId: what.action === "export" && what.table ? what.table : period.id,
    outcome: "ok",
    detail: {
      from: query.from,
      to: query.to,
      period: period.id,
      region: regionId,
      ...(what.action === "export" ? { format: what.format } : {}),
    },
  });
  return {
    requested: { from: query.from, to: query.to },
    period: { id: period.id, from: period.from, to: period.to },
    year,
    regionId,
    threshold,
    tables,
  };
}
