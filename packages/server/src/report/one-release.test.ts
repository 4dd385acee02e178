/**
 * The annual report is no second release (ADR 0030): every cell it shows is the national
 * statistics' cell for the year — the same count, or suppressed there too. Two separately
 * protected releases of the same counts could be set side by side to recover a cell one of them
 * hides; the data below are chosen so that the report's tables protected on their own would be
 * suppressed differently from the statistics, and the report must still agree cell for cell.
 */
import { GENDERS, REGION_IDS } from "@stodkedjan/domain/case-codes";
import { protectRelease, type TableInput } from "@stodkedjan/domain/statistics";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../access/policy.ts";
import { nationalStatistics, type StatTable } from "../statistics/service.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { type FixtureCase, insertCases } from "./fixtures.ts";
import { type AnnualReport, annualReport, REPORT_TABLES, type ReportTableId } from "./service.ts";

const now = new Date("2026-12-07T12:00:00Z");

/** The statistics' cell a report cell is read from (report table → statistics table, row, column). */
function statisticsCell(tables: readonly StatTable[], id: ReportTableId, coords: readonly (string | null)[]) {
  const def = REPORT_TABLES[id];
  const table = tables.find((t) => t.id === def.from) as StatTable;
  const [row, column] = def.nationalRow ? [null, coords[0] ?? null] : [coords[0] ?? null, coords[1] ?? null];
  return table.rows.find((r) => r.key === row)?.cells[table.columns.indexOf(column)];
}

async function bothFor(t: TestApp, principal: Principal, year: number, threshold?: number) {
  const report = await annualReport({ db: t.db, principal, now }, year, { threshold });
  const statistics = await nationalStatistics(
    { db: t.db, principal, now },
    { from: `${year}-01-01`, to: `${year}-12-31` },
    { threshold },
  );
  return { report, statistics };
}

/** Every report cell equals the statistics' cell: same status, same value (null when suppressed). */
function expectSubset(report: AnnualReport, tables: readonly StatTable[]) {
  let cells = 0;
  for (const table of report.tables)
    for (const cell of table.cells) {
      const source = statisticsCell(tables, table.id, cell.coords);
      expect(source, `${table.id} ${JSON.stringify(cell.coords)}`).toBeDefined();
      expect(
        { status: cell.status, value: cell.value },
        `${table.id} ${JSON.stringify(cell.coords)}`,
      ).toEqual(source);
      cells += 1;
    }
  expect(cells).toBe(8 * 3 + 4 + 5 * 3);
  const shelters = tables.find((t) => t.id === "shelters-certified") as StatTable;
  for (const s of report.shelters)
    expect(shelters.rows.find((r) => r.key === s.regionId)?.cells[0]?.value).toBe(s.certified);
}

describe.each(testTargets())("the annual report is the statistics' release on %s", (target) => {
  let t: TestApp;
  let principal: Principal;
  beforeAll(async () => {
    t = await testApp(target);
    principal = (await t.signIn("national")).principal;
  }, 180_000);
  afterAll(() => t?.close());

  it("shows each cell exactly as the statistics do, where a release of its own would suppress differently", async () => {
    const year = 2025;
    const list: FixtureCase[] = [];
    const add = (regionId: string, n: number, more: Partial<FixtureCase> = {}) => {
      for (let i = 0; i < n; i++) list.push({ regionId, openedOn: `${year}-0${1 + (i % 9)}-12`, ...more });
    };
    // Stockholm has one man among many women: a small cell of the statistics' region × gender
    // table only, whose complements reach the rows the report's region × age table shares.
    add("stockholm", 29);
    add("stockholm", 1, { gender: "man" });
    add("stockholm", 6, { ageGroup: "child" });
    add("vast", 8);
    add("syd", 12);
    add("syd", 6, { ageGroup: "child", forms: ["labour"] });
    add("nord", 2);
    add("ost", 7, { forms: ["labour"] });
    add("ost", 1, { forms: ["begging"] });
    // ÅMP: approved applications by gender × age group, most in Väst, a few in Nord.
    const amp = (approvedOn: string) => ({
      type: "amp",
      status: "approved",
      data: { submittedOn: `${year}-02-01`, approvedOn, phase: "travel", items: [], returnCountry: "RO" },
    });
    add("vast", 6, { referrals: [amp(`${year}-03-20`)] });
    add("vast", 3, { gender: "man", referrals: [amp(`${year}-04-20`)] });
    add("nord", 2, { gender: "man", referrals: [amp(`${year}-05-20`)] });
    // NSP: support without housing, mostly in Syd; children in the home country in Mitt.
    const support = (inHomeCountry: boolean) => ({
      type: "nsp-support",
      status: "ongoing",
      data: { kind: "reintegration", start: `${year}-06-01`, end: null, inHomeCountry },
    });
    add("syd", 9, { referrals: [support(false)] });
    add("mitt", 3, { ageGroup: "child", referrals: [support(true)] });
    add("syd", 6, { ageGroup: "child", referrals: [support(false)] });
    await insertCases(t.db, list);

    const { report, statistics } = await bothFor(t, principal, year);
    expectSubset(report, statistics.tables);

    // The channel this closes: the report's three tables protected as a release of their own
    // (as the report once did) suppress differently from the statistics' one release.
    const exact = await annualReport({ db: t.db, principal, now }, year, { threshold: 1 });
    const own: TableInput[] = exact.tables.map((table) => ({
      id: table.id,
      population: REPORT_TABLES[table.id].from,
      dimensions: table.dimensions,
      counts: { [year]: table.cells.map((c) => ({ coords: c.coords, count: c.value as number })) },
    }));
    const separate = protectRelease({ tables: own, periods: [{ id: String(year), atoms: [String(year)] }] });
    const differs = report.tables.some((table) =>
      (separate.tables.get(table.id)?.get(String(year)) ?? []).some(
        (cell, i) => (cell.status === "shown") !== (table.cells[i]?.status === "shown"),
      ),
    );
    expect(differs).toBe(true);
  }, 120_000);

  it("for random data, the report's figures are a subset of the statistics' release", async () => {
    let year = 2009;
    const regions = fc.constantFrom(...REGION_IDS);
    const person = fc.record({
      regionId: regions,
      month: fc.integer({ min: 1, max: 12 }),
      ageGroup: fc.constantFrom("child" as const, "adult" as const),
      gender: fc.constantFrom(...GENDERS),
      forms: fc.subarray(["sexual", "labour", "begging", "crime"], { minLength: 1 }),
      referral: fc.constantFrom("none", "amp", "nsp", "nsp-home"),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 6 }),
        async (people, threshold) => {
          year += 1;
          const day = (m: number) => `${year}-${String(m).padStart(2, "0")}-14`;
          await insertCases(
            t.db,
            people.map((p) => ({
              regionId: p.regionId,
              openedOn: day(p.month),
              ageGroup: p.ageGroup,
              gender: p.gender,
              forms: p.forms,
              referrals:
                p.referral === "amp"
                  ? [
                      {
                        type: "amp",
                        status: "approved",
                        data: { submittedOn: day(p.month), approvedOn: day(p.month), phase: null, items: [] },
                      },
                    ]
                  : p.referral === "none"
                    ? []
                    : [
                        {
                          type: "nsp-support",
                          status: "ongoing",
                          data: {
                            kind: "reintegration",
                            start: day(p.month),
                            end: null,
                            inHomeCountry: p.referral === "nsp-home",
                          },
                        },
                      ],
            })),
          );
          const { report, statistics } = await bothFor(t, principal, year, threshold);
          expectSubset(report, statistics.tables);
        },
      ),
      { numRuns: 8, seed: 20261207 },
    );
  }, 600_000);
});
