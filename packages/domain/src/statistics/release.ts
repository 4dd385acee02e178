/**
 * A release of frequency tables turned into one system of cells and linear relations: the
 * tables' own margins (total = sum of categories), the margins that related tables share (a cell
 * with the same population, period and coordinates is one cell wherever it appears) and the
 * periods (a period's cell = the sum of its atoms' cells). The disclosure control reasons over
 * this system only, never over tables, so every link an attacker could use is one relation here.
 * See ADR 0020.
 */

/** The coordinate that stands for "all categories" of a dimension: the margin. */
export const TOTAL = null;

export interface Dimension {
  name: string;
  categories: readonly string[];
  /**
   * A record can fall in several categories (a case with two forms of exploitation): the total
   * is not the sum of the categories, only each category ≤ total ≤ their sum.
   */
  multiValued?: boolean;
}

export interface CellCount {
  /** One category (or TOTAL) per dimension, in the table's order of dimensions. */
  coords: readonly (string | null)[];
  count: number;
}

export interface TableInput {
  id: string;
  /**
   * What is counted (e.g. "individual-cases"). Tables of the same population share every cell
   * whose coordinates they have in common: a region×form and a region×gender table share the
   * region margin and the grand total.
   */
  population: string;
  dimensions: readonly Dimension[];
  /**
   * The counts per period atom (e.g. per month): for each atom, one count for every combination
   * of a category or TOTAL in each dimension, margins included.
   */
  counts: Readonly<Record<string, readonly CellCount[]>>;
}

/** A period published in the release, as the atoms (e.g. months) it is made of. */
export interface PeriodInput {
  id: string;
  atoms: readonly string[];
}

export interface ReleaseInput {
  tables: readonly TableInput[];
  /** Every period shown; atoms that are not themselves a period are never shown. */
  periods: readonly PeriodInput[];
}

export class DisclosureInputError extends Error {
  override name = "DisclosureInputError";
}

export interface SystemCell {
  /** population, scope (atom or sorted atoms of a period) and coordinates, as one string. */
  key: string;
  value: number;
  /** Shown when not suppressed; false for atoms that are no period of their own. */
  published: boolean;
  /** How many coordinates are TOTAL: margins are worth more to readers than interior cells. */
  totals: number;
}

/**
 * `sum`: total = Σ parts. `cover` (a multi-valued dimension): every part ≤ total ≤ Σ parts.
 */
export interface Relation {
  kind: "sum" | "cover";
  total: number;
  parts: readonly number[];
}

export interface CellSystem {
  cells: SystemCell[];
  relations: Relation[];
  /** The relations each cell takes part in. */
  relationsOf: number[][];
  /** table id → period id → the cell index of each of the table's cells, in input order. */
  layout: Map<string, Map<string, { coords: readonly (string | null)[]; cell: number }[]>>;
}

const SEP = "\u001f";

function coordKey(dimensions: readonly Dimension[], coords: readonly (string | null)[]): string {
  const parts: string[] = [];
  dimensions.forEach((d, i) => {
    const c = coords[i];
    if (c !== TOTAL && c !== undefined) parts.push(`${d.name}=${c}`);
  });
  return parts.sort().join(SEP);
}

/** All combinations of a category or TOTAL per dimension, in a fixed order (TOTAL last). */
export function allCoords(dimensions: readonly Dimension[]): (string | null)[][] {
  let out: (string | null)[][] = [[]];
  for (const d of dimensions) {
    const next: (string | null)[][] = [];
    for (const prefix of out) {
      for (const c of [...d.categories, TOTAL]) next.push([...prefix, c]);
    }
    out = next;
  }
  return out;
}

function validateTable(t: TableInput): void {
  const names = new Set<string>();
  for (const d of t.dimensions) {
    if (names.has(d.name)) throw new DisclosureInputError(`table ${t.id}: dimension ${d.name} twice`);
    names.add(d.name);
    if (d.categories.length === 0)
      throw new DisclosureInputError(`table ${t.id}: ${d.name} has no categories`);
    if (new Set(d.categories).size !== d.categories.length) {
      throw new DisclosureInputError(`table ${t.id}: ${d.name} repeats a category`);
    }
  }
}

/** Reads one atom's counts into a map from coordinate key to count, checking completeness. */
function readCounts(t: TableInput, atom: string): Map<string, number> {
  const list = t.counts[atom];
  if (list === undefined) throw new DisclosureInputError(`table ${t.id}: no counts for period atom ${atom}`);
  const byKey = new Map<string, number>();
  for (const { coords, count } of list) {
    if (coords.length !== t.dimensions.length) {
      throw new DisclosureInputError(`table ${t.id}: a cell has ${coords.length} coordinates`);
    }
    coords.forEach((c, i) => {
      const d = t.dimensions[i] as Dimension;
      if (c !== TOTAL && !d.categories.includes(c)) {
        throw new DisclosureInputError(`table ${t.id}: ${c} is no category of ${d.name}`);
      }
    });
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new DisclosureInputError(`table ${t.id}: a count must be a whole number ≥ 0, got ${count}`);
    }
    const key = JSON.stringify(coords);
    if (byKey.has(key)) throw new DisclosureInputError(`table ${t.id}: cell ${key} given twice`);
    byKey.set(key, count);
  }
  for (const coords of allCoords(t.dimensions)) {
    if (!byKey.has(JSON.stringify(coords))) {
      throw new DisclosureInputError(`table ${t.id}, ${atom}: no count for ${JSON.stringify(coords)}`);
    }
  }
  return byKey;
}

class Builder {
  readonly cells: SystemCell[] = [];
  readonly relations: Relation[] = [];
  private readonly index = new Map<string, number>();
  private readonly relationKeys = new Set<string>();

  cell(key: string, value: number, totals: number): number {
    const found = this.index.get(key);
    if (found !== undefined) {
      const existing = this.cells[found] as SystemCell;
      if (existing.value !== value) {
        throw new DisclosureInputError(
          `cell ${key.replaceAll(SEP, " ")} is ${existing.value} in one table and ${value} in another`,
        );
      }
      return found;
    }
    this.cells.push({ key, value, published: false, totals });
    this.index.set(key, this.cells.length - 1);
    return this.cells.length - 1;
  }

  relation(kind: Relation["kind"], total: number, parts: number[]): void {
    const key = `${kind}:${total}:${[...parts].sort((a, b) => a - b).join(",")}`;
    if (this.relationKeys.has(key)) return;
    this.relationKeys.add(key);
    const value = (i: number) => (this.cells[i] as SystemCell).value;
    const sum = parts.reduce((s, p) => s + value(p), 0);
    const ok =
      kind === "sum"
        ? sum === value(total)
        : parts.every((p) => value(p) <= value(total)) && value(total) <= sum;
    if (!ok) {
      const what = this.cells[total]?.key.replaceAll(SEP, " ");
      throw new DisclosureInputError(
        kind === "sum"
          ? `the margin ${what} is not the sum of its categories (a multi-valued dimension must say so)`
          : `the margin ${what} of a multi-valued dimension is outside its categories' bounds`,
      );
    }
    this.relations.push({ kind, total, parts });
  }
}

/** Builds the cell system of a release, checking that every table adds up as declared. */
export function buildSystem(release: ReleaseInput): CellSystem {
  const b = new Builder();
  const layout: CellSystem["layout"] = new Map();
  const periodIds = new Set<string>();
  for (const p of release.periods) {
    if (periodIds.has(p.id)) throw new DisclosureInputError(`period ${p.id} given twice`);
    periodIds.add(p.id);
    if (p.atoms.length === 0 || new Set(p.atoms).size !== p.atoms.length) {
      throw new DisclosureInputError(`period ${p.id} needs distinct atoms`);
    }
  }
  const blocks = blocksOf(release.periods);
  const tableIds = new Set<string>();
  for (const t of release.tables) {
    if (tableIds.has(t.id)) throw new DisclosureInputError(`table ${t.id} given twice`);
    tableIds.add(t.id);
    validateTable(t);
    const coordsList = allCoords(t.dimensions);
    const totalsOf = (coords: readonly (string | null)[]) => coords.filter((c) => c === TOTAL).length;
    const cellKey = (scope: string, coords: readonly (string | null)[]) =>
      [t.population, scope, coordKey(t.dimensions, coords)].join(SEP.repeat(2));
    // Block cells: one per block of atoms (see `blocksOf`), summed from the atoms' counts.
    const blockCells = new Map<string, number[]>();
    for (const block of blocks) {
      const counts = block.atoms.map((atom) => readCounts(t, atom));
      const cells = coordsList.map((coords) => {
        const value = counts.reduce((s, c) => s + (c.get(JSON.stringify(coords)) as number), 0);
        return b.cell(cellKey(block.id, coords), value, totalsOf(coords));
      });
      blockCells.set(block.id, cells);
      addMargins(b, t, coordsList, cells);
    }
    const byPeriod = new Map<string, { coords: readonly (string | null)[]; cell: number }[]>();
    for (const p of release.periods) {
      const own = blocks.filter((block) => block.periods.includes(p.id));
      const scope = own.map((block) => block.id).join("|");
      const cells = coordsList.map((coords, i) => {
        const parts = own.map((block) => (blockCells.get(block.id) as number[])[i] as number);
        const value = parts.reduce((s, c) => s + (b.cells[c] as SystemCell).value, 0);
        const cell = b.cell(cellKey(scope, coords), value, totalsOf(coords));
        if (parts.length > 1) b.relation("sum", cell, parts);
        (b.cells[cell] as SystemCell).published = true;
        return cell;
      });
      if (own.length > 1) addMargins(b, t, coordsList, cells);
      byPeriod.set(
        p.id,
        coordsList.map((coords, i) => ({ coords, cell: cells[i] as number })),
      );
    }
    layout.set(t.id, byPeriod);
  }
  const relationsOf: number[][] = b.cells.map(() => []);
  b.relations.forEach((r, i) => {
    for (const c of [r.total, ...r.parts]) (relationsOf[c] as number[]).push(i);
  });
  return { cells: b.cells, relations: b.relations, relationsOf, layout };
}

/**
 * The atoms grouped by the periods that contain them: atoms that every period either takes
 * together or leaves together are one block (a release of Jan–Jun and Jan–Jul has two blocks,
 * Jan–Jun and July). Nobody can tell the atoms of a block apart, so a block is the smallest unit
 * an attacker can isolate: each is a cell of its own, hidden unless it is a period itself.
 */
function blocksOf(periods: readonly PeriodInput[]): { id: string; atoms: string[]; periods: string[] }[] {
  const bySignature = new Map<string, { id: string; atoms: string[]; periods: string[] }>();
  const atoms = [...new Set(periods.flatMap((p) => p.atoms))];
  for (const atom of atoms) {
    const containing = periods.filter((p) => p.atoms.includes(atom)).map((p) => p.id);
    const signature = JSON.stringify(containing);
    const block = bySignature.get(signature);
    if (block) {
      block.atoms.push(atom);
      block.id = `${block.id}+${atom}`;
    } else bySignature.set(signature, { id: atom, atoms: [atom], periods: containing });
  }
  return [...bySignature.values()];
}

/** For each dimension and each fixing of the others: the margin and its categories. */
function addMargins(
  b: Builder,
  t: TableInput,
  coordsList: readonly (readonly (string | null)[])[],
  cells: readonly number[],
): void {
  const at = new Map(coordsList.map((coords, i) => [JSON.stringify(coords), cells[i] as number]));
  t.dimensions.forEach((d, di) => {
    for (const coords of coordsList) {
      if (coords[di] !== TOTAL) continue;
      const parts = d.categories.map((c) => {
        const sibling = [...coords];
        sibling[di] = c;
        return at.get(JSON.stringify(sibling)) as number;
      });
      b.relation(d.multiValued ? "cover" : "sum", at.get(JSON.stringify(coords)) as number, parts);
    }
  });
}
