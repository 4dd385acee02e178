/**
 * What an attacker can know about a cell that is not shown: the smallest and largest whole
 * number it can take, given every shown cell, every relation of the release and that counts are
 * never negative. Solved exactly as two integer programs (YALPS, branch and bound over the
 * simplex) over the connected part of the system around the cell.
 */
import { type Coefficients, type Constraint, solve } from "yalps";
import type { CellSystem } from "./release.ts";

export interface Interval {
  lo: number;
  /** Infinity when nothing shown bounds the cell from above. */
  hi: number;
}

export const intervalWidth = (i: Interval) => i.hi - i.lo;

/**
 * The cells not shown that are linked to `cell` through relations holding at least one of them,
 * and those relations: the only part of the system that constrains the cell once the shown
 * values are substituted.
 */
export function component(
  system: CellSystem,
  unknown: ReadonlySet<number>,
  cell: number,
): { cells: number[]; relations: number[] } {
  const cells = [cell];
  const seenCells = new Set(cells);
  const seenRelations = new Set<number>();
  for (let i = 0; i < cells.length; i++) {
    for (const r of system.relationsOf[cells[i] as number] as number[]) {
      if (seenRelations.has(r)) continue;
      seenRelations.add(r);
      const rel = system.relations[r];
      if (rel === undefined) continue;
      for (const c of [rel.total, ...rel.parts]) {
        if (unknown.has(c) && !seenCells.has(c)) {
          seenCells.add(c);
          cells.push(c);
        }
      }
    }
  }
  return { cells, relations: [...seenRelations].sort((a, b) => a - b) };
}

/** The exact integer interval of `cell`, which must be one of `unknown`. */
export function cellInterval(system: CellSystem, unknown: ReadonlySet<number>, cell: number): Interval {
  const bound = bounder(system, unknown, cell);
  return { lo: bound("minimize"), hi: bound("maximize") };
}

/**
 * Whether the interval of `cell` is at least `width` wide. The true count lies in the interval,
 * so a maximum at least `width` above it settles the question with one program instead of two.
 */
export function isWideEnough(
  system: CellSystem,
  unknown: ReadonlySet<number>,
  cell: number,
  width: number,
): boolean {
  const bound = bounder(system, unknown, cell);
  const value = system.cells[cell]?.value ?? 0;
  const hi = bound("maximize");
  if (hi - value >= width) return true;
  return hi - bound("minimize") >= width;
}

function bounder(
  system: CellSystem,
  unknown: ReadonlySet<number>,
  cell: number,
): (direction: "minimize" | "maximize") => number {
  const { cells, relations } = component(system, unknown, cell);
  const constraints = new Map<string, Constraint>();
  const coefficients = new Map<number, Map<string, number>>(cells.map((c) => [c, new Map()]));
  const value = (c: number) => system.cells[c]?.value ?? 0;
  // Each linear fact Σ coef·cell (= or ≥) 0, with shown cells moved to the right-hand side.
  const addRow = (name: string, terms: [number, number][], kind: "equal" | "min") => {
    let rhs = 0;
    for (const [c, coef] of terms) {
      if (unknown.has(c)) {
        const row = coefficients.get(c) as Map<string, number>;
        row.set(name, (row.get(name) ?? 0) + coef);
      } else rhs -= coef * value(c);
    }
    constraints.set(name, kind === "equal" ? { equal: rhs } : { min: rhs });
  };
  for (const r of relations) {
    const rel = system.relations[r];
    if (rel === undefined) continue;
    const parts = rel.parts.map((p): [number, number] => [p, -1]);
    if (rel.kind === "sum") addRow(`r${r}`, [[rel.total, 1], ...parts], "equal");
    else {
      addRow(`r${r}`, [[rel.total, -1], ...rel.parts.map((p): [number, number] => [p, 1])], "min");
      rel.parts.forEach((p, i) => {
        addRow(
          `r${r}.${i}`,
          [
            [rel.total, 1],
            [p, -1],
          ],
          "min",
        );
      });
    }
  }
  const variables = cells.map((c): [string, Coefficients] => {
    const row = coefficients.get(c) as Map<string, number>;
    if (c === cell) row.set("objective", 1);
    return [`x${c}`, row];
  });
  const bound = (direction: "minimize" | "maximize"): number => {
    const solution = solve(
      { direction, objective: "objective", constraints, variables, integers: true },
      // Deterministic limits (never a clock): a program that hits them proves nothing.
      { maxPivots: 100_000, maxIterations: 20_000 },
    );
    if (solution.status === "optimal") return Math.round(solution.result);
    if (solution.status === "unbounded" && direction === "maximize") return Number.POSITIVE_INFINITY;
    if (solution.status === "infeasible") throw new Error("the release's counts contradict its relations");
    // Timed out or cycled: claim nothing the solver did not prove (an empty interval fails every check).
    return direction === "minimize" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  };
  return bound;
}
