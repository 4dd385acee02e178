/**
 * Counting records into a table's cells, margins included: for callers that hold coded records
 * (tests, small extracts) rather than counts from the database.
 */
import { allCoords, type CellCount, type Dimension, DisclosureInputError, TOTAL } from "./release.ts";

/**
 * One count per combination of a category or TOTAL in each dimension. `categoriesOf(record, d)`
 * gives the record's category in dimension `d` — several for a multi-valued dimension, at least one.
 */
export function countCells<R>(
  dimensions: readonly Dimension[],
  records: Iterable<R>,
  categoriesOf: (record: R, dimension: Dimension) => string | readonly string[],
): CellCount[] {
  const counts = new Map<string, number>();
  for (const record of records) {
    let combos: (string | null)[][] = [[]];
    for (const d of dimensions) {
      const raw = categoriesOf(record, d);
      const values = [...new Set(typeof raw === "string" ? [raw] : raw)];
      if (values.length === 0 || (values.length > 1 && !d.multiValued)) {
        throw new DisclosureInputError(
          `a record needs ${d.multiValued ? "a" : "exactly one"} category of ${d.name}`,
        );
      }
      for (const v of values) {
        if (!d.categories.includes(v)) throw new DisclosureInputError(`${v} is no category of ${d.name}`);
      }
      combos = combos.flatMap((prefix) => [...values, TOTAL].map((v) => [...prefix, v]));
    }
    for (const coords of combos) {
      const key = JSON.stringify(coords);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return allCoords(dimensions).map((coords) => ({ coords, count: counts.get(JSON.stringify(coords)) ?? 0 }));
}
