/**
 * An attacker by brute force, independent of the solver the disclosure control uses: for tests
 * only, not part of the package's exports. The unknowns are a release's interior atom cells (every
 * other cell is a sum of them); the attacker knows every shown cell and that counts are whole
 * numbers ≥ 0, and enumerates every assignment that agrees with what is shown.
 */
import type { ProtectedRelease } from "./suppress.ts";

export interface SumFact {
  /** Indices of the unknowns that add up to the shown value. */
  vars: number[];
  value: number;
}

/** Min and max of each linear form over every assignment in 0..cap that satisfies all facts. */
export function bruteRanges(
  varCount: number,
  facts: readonly SumFact[],
  forms: readonly number[][],
  cap: number,
): { lo: number; hi: number }[] {
  const assignment = new Array<number>(varCount).fill(0);
  const factsOf: SumFact[][] = Array.from({ length: varCount }, () => []);
  const lastVar = facts.map((f) => Math.max(...f.vars));
  facts.forEach((f) => {
    for (const v of f.vars) factsOf[v]?.push(f);
  });
  const ranges = forms.map(() => ({ lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY }));
  const partial = (f: SumFact, upTo: number) =>
    f.vars.reduce((s, v) => (v <= upTo ? s + (assignment[v] ?? 0) : s), 0);
  const visit = (v: number) => {
    if (v === varCount) {
      forms.forEach((form, i) => {
        const sum = form.reduce((s, x) => s + (assignment[x] ?? 0), 0);
        const r = ranges[i] as { lo: number; hi: number };
        r.lo = Math.min(r.lo, sum);
        r.hi = Math.max(r.hi, sum);
      });
      return;
    }
    for (let value = 0; value <= cap; value++) {
      assignment[v] = value;
      let ok = true;
      let over = false;
      for (const f of factsOf[v] ?? []) {
        const s = partial(f, v);
        if (s > f.value) over = true;
        if (s > f.value || (lastVar[facts.indexOf(f)] === v && s !== f.value)) ok = false;
      }
      if (ok) visit(v + 1);
      if (over) break; // larger values only overshoot further
    }
    assignment[v] = 0;
  };
  visit(0);
  return ranges;
}

/**
 * For a release of one table over periods made of atoms: the interior atom cells each table cell
 * of a period (margins included) adds up, in the order of `allCoords`.
 */
export function cellForms(shape: readonly number[], atoms: readonly number[]): number[][] {
  const interiorSize = shape.reduce((p, n) => p * n, 1);
  const out: number[][] = [];
  const walk = (dim: number, chosen: (number | null)[]) => {
    if (dim === shape.length) {
      const vars: number[] = [];
      for (let flat = 0; flat < interiorSize; flat++) {
        let rest = flat;
        let match = true;
        for (let d = shape.length - 1; d >= 0; d--) {
          const size = shape[d] as number;
          const idx = rest % size;
          rest = Math.floor(rest / size);
          const want = chosen[d];
          if (want !== null && want !== idx) match = false;
        }
        if (match) for (const a of atoms) vars.push(a * interiorSize + flat);
      }
      out.push(vars);
      return;
    }
    for (let i = 0; i <= (shape[dim] as number); i++) {
      walk(dim + 1, [...chosen, i === shape[dim] ? null : i]);
    }
  };
  walk(0, []);
  return out;
}

/** The facts an attacker reads off a protected release: each shown cell as a sum of unknowns. */
export function shownFacts(
  release: ProtectedRelease,
  tableId: string,
  periods: readonly { id: string; atoms: readonly number[] }[],
  shape: readonly number[],
): SumFact[] {
  const facts: SumFact[] = [];
  for (const p of periods) {
    const cells = release.tables.get(tableId)?.get(p.id) ?? [];
    const forms = cellForms(shape, p.atoms);
    cells.forEach((c, i) => {
      if (c.value !== null) facts.push({ vars: forms[i] as number[], value: c.value });
    });
  }
  return facts;
}
