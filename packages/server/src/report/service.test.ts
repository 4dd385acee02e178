import { schema } from "@stodkedjan/db";
import { REGION_IDS } from "@stodkedjan/domain/case-codes";
import { TOTAL } from "@stodkedjan/domain/statistics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { type FixtureCase, insertCases } from "./fixtures.ts";
import { annualReport, cellAt } from "./service.ts";

const now = new Date("2026-12-07T12:00:00Z");

describe.each(testTargets())("the annual report on %s", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(target);
    const list: FixtureCase[] = [];
    // Stockholm: 12 adults and 5 children opened in 2025; one opened in 2024 and still open, one
    // closed in 2024 and one opened in 2026 are not counted.
    for (let i = 0; i < 12; i++) list.push({ regionId: "stockholm", openedOn: `2025-0${1 + (i % 9)}-10` });
    for (let i = 0; i < 5; i++)
      list.push({ regionId: "stockholm", openedOn: "2025-03-01", ageGroup: "child" });
    list.push({ regionId: "stockholm", openedOn: "2024-06-01", closedOn: "2025-02-01", ageGroup: "child" });
    list.push({ regionId: "stockholm", openedOn: "2024-01-01", closedOn: "2024-12-31" });
    list.push({ regionId: "stockholm", openedOn: "2026-01-05" });
    // Nord: 2 adults, a small cell.
    list.push({ regionId: "nord", openedOn: "2025-05-05" }, { regionId: "nord", openedOn: "2025-06-05" });
    // Väst: 7 adults, among them NSP and ÅMP.
    for (let i = 0; i < 7; i++) {
      list.push({
        regionId: "vast",
        openedOn: "2025-02-02",
        gender: i < 4 ? "woman" : "man",
        referrals: [
          {
            type: "nsp-placement",
            status: i < 5 ? "exited" : "declined",
            data: { start: "2025-01-20", end: "2025-02-10", extensionReason: null },
          },
          {
            type: "amp",
            status: "approved",
            data: { submittedOn: "2025-03-01", approvedOn: "2025-03-20", phase: "travel", items: [] },
          },
        ],
      });
    }
    // Children in NSP: 6 in Sweden, 5 in the home country (support without housing); one out of the year.
    for (let i = 0; i < 11; i++) {
      list.push({
        regionId: "syd",
        openedOn: "2025-04-04",
        ageGroup: "child",
        referrals: [
          {
            type: "nsp-support",
            status: "ongoing",
            data: { kind: "reintegration", start: "2025-05-01", end: null, inHomeCountry: i >= 6 },
          },
        ],
      });
    }
    list.push({
      regionId: "syd",
      openedOn: "2024-01-04",
      closedOn: "2024-06-01",
      ageGroup: "child",
      referrals: [
        {
          type: "nsp-support",
          status: "completed",
          data: { kind: "one-off", start: "2024-02-01", end: "2024-03-01", inHomeCountry: false },
        },
      ],
    });
    await insertCases(t.db, list);
  }, 180_000);
  afterAll(() => t?.close());

  it("reads the statistics' counts: cases opened in the year, NSP persons by group, ÅMP approvals", async () => {
    const national = await t.signIn("national");
    // Threshold 1: nothing is small, every count is shown.
    const report = await annualReport({ db: t.db, principal: national.principal, now }, 2025, {
      threshold: 1,
    });
    const at = (id: "cases" | "nsp" | "amp", ...coords: (string | null)[]) => {
      const table = report.tables.find((x) => x.id === id);
      return table && cellAt(table, ...coords)?.value;
    };
    expect(at("cases", "stockholm", "adult")).toBe(12);
    expect(at("cases", "stockholm", "child")).toBe(5);
    expect(at("cases", "stockholm", TOTAL)).toBe(17);
    expect(at("cases", "nord", TOTAL)).toBe(2);
    expect(at("cases", "mitt", TOTAL)).toBe(0);
    expect(at("cases", TOTAL, TOTAL)).toBe(17 + 2 + 7 + 11);
    expect(at("nsp", "adult")).toBe(5);
    expect(at("nsp", "child")).toBe(6);
    expect(at("nsp", "child-home-country")).toBe(5);
    expect(at("nsp", TOTAL)).toBe(16);
    expect(at("amp", "woman", "adult")).toBe(4);
    expect(at("amp", "man", TOTAL)).toBe(3);
    expect(at("amp", TOTAL, TOTAL)).toBe(7);
  });

  it("shows no count under the threshold and hides enough around it", async () => {
    const national = await t.signIn("national");
    const report = await annualReport({ db: t.db, principal: national.principal, now }, 2025);
    const cases = report.tables.find((x) => x.id === "cases");
    if (!cases) throw new Error("no cases table");
    for (const table of report.tables)
      for (const cell of table.cells)
        if (cell.value !== null) expect(cell.value === 0 || cell.value >= 5).toBe(true);
    // Nord's 2 is hidden, and so is at least one more region (else the total gives it away).
    expect(cellAt(cases, "nord", TOTAL)?.status).toBe("suppressed");
    expect(
      cases.cells.filter((c) => c.coords[1] === TOTAL && c.status === "suppressed").length,
    ).toBeGreaterThan(1);
    expect(cellAt(cases, "mitt", TOTAL)?.value).toBe(0);
    // A lower threshold shows Nord.
    const low = await annualReport({ db: t.db, principal: national.principal, now }, 2025, { threshold: 2 });
    expect(cellAt(low.tables[0] as never, "nord", TOTAL)?.value).toBe(2);
  });

  it("counts the shelters certified on the year's last day, per region", async () => {
    const national = await t.signIn("national");
    for (const [id, until] of [
      ["rapport-a", "2026-06-30"],
      ["rapport-b", "2025-11-30"],
    ] as const)
      await t.db.insert(schema.shelters).values({
        id,
        name: id,
        operator: "Test",
        regionId: "mitt",
        capacity: 4,
        accepts: ["women"],
        forms: ["sexual"],
        certifiedUntil: until,
      });
    const report = await annualReport({ db: t.db, principal: national.principal, now }, 2025);
    expect(report.shelters.map((s) => s.regionId)).toEqual([...REGION_IDS]);
    expect(report.shelters.find((s) => s.regionId === "mitt")?.certified).toBe(1);
    expect(report.sheltersOn).toBe("2025-12-31");
  });

  it("is for the national team only, and for a year that has begun", async () => {
    for (const role of ["coordinator", "researcher", "admin", "shelter"] as const) {
      const who = await t.signIn(role);
      await expect(annualReport({ db: t.db, principal: who.principal, now }, 2025)).rejects.toMatchObject({
        status: 403,
      });
    }
    const national = await t.signIn("national");
    await expect(annualReport({ db: t.db, principal: national.principal, now }, 2027)).rejects.toMatchObject({
      status: 400,
    });
  });
});
