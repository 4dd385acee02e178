/**
 * Disclosure control for a release of frequency tables (ADR 0020).
 *
 * 1. Primary suppression: every shown cell with 0 < count < threshold.
 * 2. Protection: every *sensitive* cell — a suppressed one, or a period atom that is never shown
 *    (July, when Jan–Jun and Jan–Jul are both shown) with 0 < count < threshold — must keep an
 *    exact integer interval at least `protection` wide given everything shown; every other
 *    suppressed cell must not be recoverable exactly (interval wider than 0).
 * 3. Complementary suppression: cells are checked one by one in a fixed order; while a cell fails,
 *    one more shown cell is suppressed (chosen as below) and the cell is checked again. Suppressing
 *    only widens intervals, so a cell that passed keeps passing, and the loop ends at the latest when
 *    everything linked to the cell is suppressed (which leaves it unbounded).
 *
 * The choice of complement: first a relation that pins a cell exactly (a sum whose only unknown
 * is that cell), nearest to the failing cell; otherwise the failing cell's own relations. In it,
 * the shown cell that best closes a cycle (it lies in another relation that already has a
 * suppressed cell), then a non-zero one, then an interior one before a margin, then the smallest,
 * then the first in the release's order. Deterministic for the same input.
 */
import { cellInterval, component, type Interval, intervalWidth, isWideEnough } from "./bounds.ts";
import { buildSystem, type CellSystem, type ReleaseInput } from "./release.ts";

export interface DisclosureOptions {
  /** Shown counts must be 0 or at least this. Default 5. */
  threshold?: number;
  /** The width an attacker's interval for a sensitive cell must keep at least. Default: the threshold. */
  protection?: number;
}

export const DEFAULT_THRESHOLD = 5;

export type CellStatus = "shown" | "primary" | "secondary";

export interface ProtectedCell {
  coords: readonly (string | null)[];
  status: CellStatus;
  /** The count, only when shown: a suppressed count never leaves this module. */
  value: number | null;
}

export interface ProtectedRelease {
  /** table id → period id → cells in the order of `allCoords(dimensions)`. */
  tables: Map<string, Map<string, ProtectedCell[]>>;
  threshold: number;
  protection: number;
}

interface Settings {
  threshold: number;
  protection: number;
}

function settings(options: DisclosureOptions): Settings {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const protection = options.protection ?? threshold;
  if (!Number.isSafeInteger(threshold) || threshold < 1)
    throw new RangeError("threshold must be a whole number ≥ 1");
  if (!Number.isSafeInteger(protection) || protection < 1) {
    throw new RangeError("protection must be a whole number ≥ 1");
  }
  return { threshold, protection };
}

const isSensitive = (value: number, s: Settings) => value > 0 && value < s.threshold;

/** The interval a cell not shown must keep: `protection` wide if sensitive, else just not exact. */
function requiredWidth(system: CellSystem, cell: number, s: Settings): number {
  return isSensitive(system.cells[cell]?.value ?? 0, s) ? s.protection : 1;
}

/** Whether a cell not shown must be checked at all: suppressed cells always, hidden atoms only when sensitive. */
function needsCheck(system: CellSystem, suppressed: ReadonlySet<number>, cell: number, s: Settings): boolean {
  return suppressed.has(cell) || isSensitive(system.cells[cell]?.value ?? 0, s);
}

function unknownCells(system: CellSystem, suppressed: ReadonlySet<number>): Set<number> {
  const unknown = new Set(suppressed);
  system.cells.forEach((c, i) => {
    if (!c.published) unknown.add(i);
  });
  return unknown;
}

export function primarySuppression(system: CellSystem, options: DisclosureOptions = {}): Set<number> {
  const s = settings(options);
  const out = new Set<number>();
  system.cells.forEach((c, i) => {
    if (c.published && isSensitive(c.value, s)) out.add(i);
  });
  return out;
}

/**
 * Chooses the next shown cell to suppress for a cell whose interval is `width` wide and must be
 * `required` wide.
 */
function chooseComplement(
  system: CellSystem,
  unknown: ReadonlySet<number>,
  failing: number,
  width: number,
  required: number,
): number {
  const { cells, relations } = component(system, unknown, failing);
  const inComponent = new Set(cells);
  const unknownIn = (r: number) => {
    const rel = system.relations[r];
    return rel === undefined ? [] : [rel.total, ...rel.parts].filter((c) => unknown.has(c));
  };
  // A sum with a single unknown pins that cell exactly, and every cell linked to it loses width:
  // open the nearest such sum first (the component lists relations outwards from the cell), then
  // the cell's own relations.
  const pinning = relations.filter((r) => system.relations[r]?.kind === "sum" && unknownIn(r).length === 1);
  const order = [...pinning, ...(system.relationsOf[failing] ?? []), ...relations];
  const deficit = required - width;
  for (const r of order) {
    const rel = system.relations[r];
    if (rel === undefined) continue;
    const candidates = [rel.total, ...rel.parts].filter((c) => !unknown.has(c));
    if (candidates.length === 0) continue;
    const closesCycle = (c: number) =>
      (system.relationsOf[c] ?? []).some((o) => o !== r && unknownIn(o).some((u) => inComponent.has(u)));
    const score = (c: number): number[] => {
      const value = system.cells[c]?.value ?? 0;
      return [
        closesCycle(c) ? 0 : 1,
        value === 0 ? 1 : 0,
        value < deficit ? 1 : 0,
        system.cells[c]?.totals ?? 0,
        value,
        c,
      ];
    };
    return candidates.reduce((best, c) => (compare(score(c), score(best)) < 0 ? c : best));
  }
  throw new Error("disclosure control: a failing cell with nothing left to suppress around it");
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The suppression pattern of a release: the primary cells plus the complements needed so that
 * every cell not shown keeps its required interval. Returns the set of suppressed cell indices.
 */
export function suppress(system: CellSystem, options: DisclosureOptions = {}): Set<number> {
  const s = settings(options);
  const suppressed = primarySuppression(system, options);
  const unknown = unknownCells(system, suppressed);
  const queue = system.cells.map((_, i) => i).filter((i) => needsCheck(system, suppressed, i, s));
  for (let q = 0; q < queue.length; q++) {
    const cell = queue[q] as number;
    const required = requiredWidth(system, cell, s);
    while (!isWideEnough(system, unknown, cell, required)) {
      const width = intervalWidth(cellInterval(system, unknown, cell));
      const extra = chooseComplement(system, unknown, cell, width, required);
      suppressed.add(extra);
      unknown.add(extra);
      queue.push(extra);
    }
  }
  return suppressed;
}

export interface AuditEntry {
  cell: number;
  key: string;
  interval: Interval;
  required: number;
  ok: boolean;
}

/**
 * Checks a suppression pattern from scratch: every cell not shown that must be protected, with
 * the exact interval an attacker can derive and the width it must keep.
 */
export function audit(
  system: CellSystem,
  suppressed: ReadonlySet<number>,
  options: DisclosureOptions = {},
): AuditEntry[] {
  const s = settings(options);
  const unknown = unknownCells(system, suppressed);
  const out: AuditEntry[] = [];
  system.cells.forEach((c, i) => {
    if (!unknown.has(i) || !needsCheck(system, suppressed, i, s)) return;
    const interval = cellInterval(system, unknown, i);
    const required = requiredWidth(system, i, s);
    out.push({ cell: i, key: c.key, interval, required, ok: intervalWidth(interval) >= required });
  });
  return out;
}

/** Applies disclosure control to a release: what each table shows for each period. */
export function protectRelease(release: ReleaseInput, options: DisclosureOptions = {}): ProtectedRelease {
  const s = settings(options);
  const system = buildSystem(release);
  const suppressed = suppress(system, options);
  const primary = primarySuppression(system, options);
  const tables = new Map<string, Map<string, ProtectedCell[]>>();
  for (const [tableId, periods] of system.layout) {
    const byPeriod = new Map<string, ProtectedCell[]>();
    for (const [periodId, cells] of periods) {
      byPeriod.set(
        periodId,
        cells.map(({ coords, cell }) => {
          const status: CellStatus = primary.has(cell)
            ? "primary"
            : suppressed.has(cell)
              ? "secondary"
              : "shown";
          return { coords, status, value: status === "shown" ? (system.cells[cell]?.value ?? 0) : null };
        }),
      );
    }
    tables.set(tableId, byPeriod);
  }
  return { tables, threshold: s.threshold, protection: s.protection };
}
