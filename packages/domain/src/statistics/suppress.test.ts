import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allCoords,
  audit,
  buildSystem,
  type CellCount,
  countCells,
  type Dimension,
  DisclosureInputError,
  type ProtectedCell,
  protectRelease,
  type ReleaseInput,
  suppress,
  TOTAL,
} from "./index.ts";
import { bruteRanges, cellForms, shownFacts } from "./test-oracle.ts";

const ONE = [{ id: "all", atoms: ["all"] }];

/** A table's counts from its interior, row-major (the last dimension varies fastest). */
function fromInterior(dims: readonly Dimension[], interior: readonly number[]): CellCount[] {
  const shape = dims.map((d) => d.categories.length);
  const forms = cellForms(shape, [0]);
  return allCoords(dims).map((coords, i) => ({
    coords,
    count: (forms[i] as number[]).reduce((s, v) => s + (interior[v] as number), 0),
  }));
}

const show = (cells: readonly ProtectedCell[]) =>
  cells.map((c) => (c.status === "shown" ? String(c.value) : c.status === "primary" ? "P" : "S"));

describe("disclosure control: worked examples", () => {
  it("a one-way table: the small cell and its smallest non-zero sibling are suppressed", () => {
    const dims = [{ name: "region", categories: ["nord", "mitt", "syd", "vast", "ost"] }];
    const release: ReleaseInput = {
      tables: [
        {
          id: "t",
          population: "cases",
          dimensions: dims,
          counts: { all: fromInterior(dims, [1, 0, 9, 7, 12]) },
        },
      ],
      periods: ONE,
    };
    const out = protectRelease(release);
    // nord 1 is primary; 0 is shown (it protects nothing); 7 is the smallest non-zero sibling.
    expect(show(out.tables.get("t")?.get("all") ?? [])).toEqual(["P", "0", "9", "S", "12", "29"]);
    // 1 + 7 = 8 is all anyone learns: nord lies anywhere in 0..8.
    const system = buildSystem(release);
    const entries = audit(system, suppress(system));
    expect(entries.map((e) => [e.interval.lo, e.interval.hi])).toEqual([
      [0, 8],
      [0, 8],
    ]);
  });

  it("a two-way table: a primary cell is protected by a rectangle of interior cells", () => {
    const dims = [
      { name: "region", categories: ["a", "b", "c"] },
      { name: "form", categories: ["x", "y", "z"] },
    ];
    const release: ReleaseInput = {
      tables: [
        {
          id: "t",
          population: "cases",
          dimensions: dims,
          counts: { all: fromInterior(dims, [2, 8, 9, 7, 6, 11, 10, 12, 15]) },
        },
      ],
      periods: ONE,
    };
    const out = protectRelease(release);
    // rows a, b, c and the margin row; each row: x, y, z, total.
    expect(show(out.tables.get("t")?.get("all") ?? [])).toEqual([
      "P",
      "S",
      "9",
      "19",
      "S",
      "S",
      "11",
      "24",
      "10",
      "12",
      "15",
      "37",
      "19",
      "26",
      "35",
      "80",
    ]);
    const system = buildSystem(release);
    const entries = audit(system, suppress(system));
    expect(entries.every((e) => e.ok)).toBe(true);
    // (a,x) = t, (a,y) = 10 − t, (b,x) = 9 − t, (b,y) = 4 + t: t anywhere in 0..9.
    expect(entries[0]?.interval).toEqual({ lo: 0, hi: 9 });
  });

  it("a margin under the threshold is suppressed, and so is what would reveal it", () => {
    const dims = [
      { name: "gender", categories: ["woman", "man"] },
      { name: "age", categories: ["child", "adult"] },
    ];
    const release: ReleaseInput = {
      tables: [
        { id: "t", population: "p", dimensions: dims, counts: { all: fromInterior(dims, [0, 30, 3, 0]) } },
      ],
      periods: ONE,
    };
    const out = protectRelease(release);
    const cells = out.tables.get("t")?.get("all") ?? [];
    const shown = cells.filter((c) => c.status === "shown").map((c) => c.value as number);
    expect(shown.every((v) => v === 0 || v >= 5)).toBe(true);
    const system = buildSystem(release);
    expect(audit(system, suppress(system)).every((e) => e.ok)).toBe(true);
  });

  it("related tables share a margin: a cell hidden in one is not revealed through the other", () => {
    const region = { name: "region", categories: ["nord", "syd"] };
    const form = { name: "form", categories: ["sexual", "labour"] };
    const gender = { name: "gender", categories: ["woman", "man"] };
    type Rec = { region: string; form: string; gender: string };
    const records: Rec[] = [
      ...Array.from({ length: 3 }, () => ({ region: "nord", form: "sexual", gender: "woman" })),
      ...Array.from({ length: 9 }, () => ({ region: "nord", form: "labour", gender: "man" })),
      ...Array.from({ length: 20 }, () => ({ region: "syd", form: "sexual", gender: "woman" })),
      ...Array.from({ length: 15 }, () => ({ region: "syd", form: "labour", gender: "man" })),
    ];
    const pick = (r: Rec, d: Dimension) => r[d.name as keyof Rec];
    const release: ReleaseInput = {
      tables: [
        {
          id: "rf",
          population: "cases",
          dimensions: [region, form],
          counts: { all: countCells([region, form], records, pick) },
        },
        {
          id: "rg",
          population: "cases",
          dimensions: [region, gender],
          counts: { all: countCells([region, gender], records, pick) },
        },
      ],
      periods: ONE,
    };
    const system = buildSystem(release);
    // The region margins and the grand total are one cell each, not one per table.
    expect(system.cells.filter((c) => c.published)).toHaveLength(9 + 9 - 3);
    const suppressed = suppress(system);
    expect(audit(system, suppressed).every((e) => e.ok)).toBe(true);
    const out = protectRelease(release);
    const nordSexual = out.tables.get("rf")?.get("all")?.[0];
    const nordWoman = out.tables.get("rg")?.get("all")?.[0];
    expect([nordSexual?.status, nordWoman?.status]).toEqual(["primary", "primary"]);
  });

  it("two overlapping periods: July's small count cannot be had as Jan–Jul minus Jan–Jun", () => {
    const dims = [{ name: "region", categories: ["nord", "syd", "vast"] }];
    const release: ReleaseInput = {
      tables: [
        {
          id: "t",
          population: "cases",
          dimensions: dims,
          counts: { h1: fromInterior(dims, [20, 30, 25]), jul: fromInterior(dims, [2, 6, 8]) },
        },
      ],
      periods: [
        { id: "jan-jun", atoms: ["h1"] },
        { id: "jan-jul", atoms: ["h1", "jul"] },
      ],
    };
    const out = protectRelease(release);
    const h1 = show(out.tables.get("t")?.get("jan-jun") ?? []);
    const h1jul = show(out.tables.get("t")?.get("jan-jul") ?? []);
    // Shown alone, both periods pass the threshold everywhere (20/30/25 and 22/36/33), but their
    // difference is July's 2/6/8. Jan–Jun gives up nord and väst: they add up to 45, so nord's
    // Jan–Jun lies in 12..22 (väst's July = its Jan–Jun − 12 ≥ 0) and July's nord in 0..10.
    expect(h1).toEqual(["S", "30", "S", "75"]);
    expect(h1jul).toEqual(["22", "36", "33", "91"]);
    const facts = shownFacts(
      out,
      "t",
      [
        { id: "jan-jun", atoms: [0] },
        { id: "jan-jul", atoms: [0, 1] },
      ],
      [3],
    );
    // Unknowns 0..2: Jan–Jun per region, 3..5: July per region. July in nord is unknown 3.
    const [julyNord] = bruteRanges(6, facts, [[3]], 40);
    expect((julyNord?.hi ?? 0) - (julyNord?.lo ?? 0)).toBeGreaterThanOrEqual(5);
    expect(
      h1
        .concat(h1jul)
        .filter((v) => v !== "P" && v !== "S")
        .every((v) => Number(v) === 0 || Number(v) >= 5),
    ).toBe(true);
  });

  it("a multi-valued dimension bounds its margin without adding up to it", () => {
    const forms = { name: "form", categories: ["sexual", "labour", "crime"], multiValued: true };
    const records = [
      ...Array.from({ length: 8 }, () => ["sexual"]),
      ...Array.from({ length: 2 }, () => ["sexual", "crime"]),
      ...Array.from({ length: 9 }, () => ["labour"]),
    ];
    const counts = countCells([forms], records, (r) => r);
    expect(counts.map((c) => c.count)).toEqual([10, 9, 2, 19]);
    const release: ReleaseInput = {
      tables: [{ id: "t", population: "cases", dimensions: [forms], counts: { all: counts } }],
      periods: ONE,
    };
    const system = buildSystem(release);
    expect(system.relations[0]?.kind).toBe("cover");
    expect(audit(system, suppress(system)).every((e) => e.ok)).toBe(true);
  });

  it("the threshold and the protection width are settings", () => {
    const dims = [{ name: "r", categories: ["a", "b", "c"] }];
    const release: ReleaseInput = {
      tables: [
        { id: "t", population: "p", dimensions: dims, counts: { all: fromInterior(dims, [6, 9, 40]) } },
      ],
      periods: ONE,
    };
    expect(show(protectRelease(release).tables.get("t")?.get("all") ?? [])).toEqual(["6", "9", "40", "55"]);
    expect(show(protectRelease(release, { threshold: 10 }).tables.get("t")?.get("all") ?? [])).toEqual([
      "P",
      "P",
      "40",
      "55",
    ]);
    // 6 + 9 = 15 keeps a width of 15: protection 20 needs the third cell too.
    expect(
      show(protectRelease(release, { threshold: 10, protection: 20 }).tables.get("t")?.get("all") ?? []),
    ).toEqual(["P", "P", "S", "55"]);
    expect(() => protectRelease(release, { threshold: 0 })).toThrow(RangeError);
  });

  it("refuses tables that do not add up, or miss a cell", () => {
    const dims = [{ name: "r", categories: ["a", "b"] }];
    const bad = (counts: CellCount[]): ReleaseInput => ({
      tables: [{ id: "t", population: "p", dimensions: dims, counts: { all: counts } }],
      periods: ONE,
    });
    const cells = (a: number, b: number, t: number): CellCount[] => [
      { coords: ["a"], count: a },
      { coords: ["b"], count: b },
      { coords: [TOTAL], count: t },
    ];
    expect(() => protectRelease(bad(cells(5, 6, 12)))).toThrow(DisclosureInputError);
    expect(() => protectRelease(bad(cells(5, 6, 11).slice(1)))).toThrow(DisclosureInputError);
    expect(() => protectRelease(bad(cells(-1, 6, 5)))).toThrow(DisclosureInputError);
    // The same margin with two values in two tables of one population.
    const other = { id: "u", population: "p", dimensions: dims, counts: { all: cells(6, 6, 12) } };
    expect(() =>
      protectRelease({ ...bad(cells(5, 6, 11)), tables: [bad(cells(5, 6, 11)).tables[0] as never, other] }),
    ).toThrow(DisclosureInputError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, checked against a brute-force attacker that does not share the solver.
// ---------------------------------------------------------------------------------------------

/** Counts that are often small: the cases disclosure control is about. */
const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 9 }));

describe("disclosure control: properties", () => {
  it("(a) no shown cell lies in 1..threshold−1, and (b) no suppressed cell is recovered: two-way tables", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(count, { minLength: 6, maxLength: 6 }),
        (cols, values) => {
          const dims = [
            { name: "r", categories: ["r0", "r1"] },
            { name: "c", categories: ["c0", "c1", "c2"].slice(0, cols) },
          ];
          const interior = values.slice(0, 2 * cols);
          const release: ReleaseInput = {
            tables: [
              { id: "t", population: "p", dimensions: dims, counts: { all: fromInterior(dims, interior) } },
            ],
            periods: ONE,
          };
          const out = protectRelease(release);
          const cells = out.tables.get("t")?.get("all") ?? [];
          for (const c of cells) {
            if (c.status === "shown") expect(c.value === 0 || (c.value ?? 0) >= 5).toBe(true);
          }
          const shape = [2, cols];
          const forms = cellForms(shape, [0]);
          const facts = shownFacts(out, "t", [{ id: "all", atoms: [0] }], shape);
          const grand = interior.reduce((s, v) => s + v, 0);
          const hidden = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.status !== "shown");
          const ranges = bruteRanges(
            2 * cols,
            facts,
            hidden.map(({ i }) => forms[i] as number[]),
            grand + 5,
          );
          hidden.forEach(({ c, i }, k) => {
            const r = ranges[k] as { lo: number; hi: number };
            const value = (forms[i] as number[]).reduce((s, v) => s + (interior[v] as number), 0);
            // Never recovered exactly; a cell under the threshold keeps a width of at least 5.
            expect(r.hi - r.lo).toBeGreaterThanOrEqual(
              c.status === "primary" || (value > 0 && value < 5) ? 5 : 1,
            );
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("(c) a differencing attack over two overlapping periods fails", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }),
        fc.array(count, { minLength: 3, maxLength: 3 }),
        (first, later) => {
          const dims = [{ name: "r", categories: ["a", "b", "c"] }];
          const release: ReleaseInput = {
            tables: [
              {
                id: "t",
                population: "p",
                dimensions: dims,
                counts: { early: fromInterior(dims, first), late: fromInterior(dims, later) },
              },
            ],
            periods: [
              { id: "short", atoms: ["early"] },
              { id: "long", atoms: ["early", "late"] },
            ],
          };
          const out = protectRelease(release);
          for (const period of ["short", "long"]) {
            for (const c of out.tables.get("t")?.get(period) ?? []) {
              if (c.status === "shown") expect(c.value === 0 || (c.value ?? 0) >= 5).toBe(true);
            }
          }
          const facts = shownFacts(
            out,
            "t",
            [
              { id: "short", atoms: [0] },
              { id: "long", atoms: [0, 1] },
            ],
            [3],
          );
          // The difference table (the later atom: unknowns 3..5 and their total).
          const diffForms = cellForms([3], [1]);
          const grand = [...first, ...later].reduce((s, v) => s + v, 0);
          const ranges = bruteRanges(6, facts, diffForms, grand + 5);
          diffForms.forEach((form, k) => {
            const value = form.reduce((s, v) => s + ([...first, ...later][v] as number), 0);
            const r = ranges[k] as { lo: number; hi: number };
            if (value > 0 && value < 5) expect(r.hi - r.lo).toBeGreaterThanOrEqual(5);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("is deterministic: the same release gives the same pattern", () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 6, maxLength: 6 }), (values) => {
        const dims = [
          { name: "r", categories: ["r0", "r1"] },
          { name: "c", categories: ["c0", "c1", "c2"] },
        ];
        const release: ReleaseInput = {
          tables: [
            { id: "t", population: "p", dimensions: dims, counts: { all: fromInterior(dims, values) } },
          ],
          periods: ONE,
        };
        expect(protectRelease(release)).toEqual(protectRelease(release));
      }),
      { numRuns: 20 },
    );
  });
});
