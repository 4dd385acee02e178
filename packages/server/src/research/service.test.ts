import { schema } from "@stodkedjan/db";
import { EXTRACT_COLUMNS, type ExtractRow, extractRowProblems, quasiKey } from "@stodkedjan/domain/htcds";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureCase, insertCases } from "../report/fixtures.ts";
import { UNFILLED_CORE, unfilledReason } from "../staff/research-views.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";

const FORMS = ["sexual", "labour", "begging", "crime", "forced-marriage"];
const GENDERS = ["woman", "man", "non-binary", "unknown"] as const;
const CITIZENSHIPS = ["RO", "BG", "NG", "TH", "SE", null];
const REFERRALS = [
  { type: "nsp-placement", status: "exited", data: { start: "2025-02-01", end: "2025-03-01" } },
  {
    type: "nsp-support",
    status: "ongoing",
    data: { kind: "reintegration", start: "2025-04-01", inHomeCountry: true },
  },
  { type: "amp", status: "approved", data: { approvedOn: "2025-05-01", phase: "reintegration" } },
  { type: "reflection", status: "granted", data: { submittedOn: "2025-02-01" } },
  { type: "other", status: "sent", data: { kind: "mika", sentOn: "2025-02-03" } },
  { type: "witness-permit", status: "submitted", data: {} },
];

/** Varied cases: every code of our lists somewhere, deterministic. */
function varied(n: number, year: number): FixtureCase[] {
  return Array.from({ length: n }, (_, i) => ({
    regionId: ["stockholm", "vast", "syd"][i % 3] as string,
    openedOn: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    closedOn: i % 4 === 0 ? `${year}-12-20` : null,
    ageGroup: i % 5 === 0 ? "child" : "adult",
    gender: GENDERS[i % 4],
    birthYear: year - (i % 5 === 0 ? 15 : 19 + (i % 30)),
    citizenship: CITIZENSHIPS[i % CITIZENSHIPS.length] ?? null,
    forms: i % 7 === 0 ? [FORMS[i % 5] as string, "crime"] : [FORMS[i % 5] as string],
    referrals: [REFERRALS[i % REFERRALS.length] as NonNullable<FixtureCase["referrals"]>[number]],
  }));
}

describe.each(testTargets())("the research extract on %s", (target) => {
  let t: TestApp;
  let researcher: Awaited<ReturnType<TestApp["signIn"]>>;
  beforeAll(async () => {
    t = await testApp(target);
    researcher = await t.signIn("researcher");
    await insertCases(t.db, [...varied(240, 2025), ...varied(30, 2024)]);
  }, 180_000);
  afterAll(() => t?.close());

  const get = (path: string, who = researcher) => t.app.request(path, { headers: { cookie: who.cookie } });

  it("downloads as JSON with every value from the HTCDS picklists or our extensions, no combination rarer than k", async () => {
    const res = await get("/staff/research/extract?fromYear=2025&toYear=2025&format=json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("htcds-extract-2025-2025.json");
    const body = (await res.json()) as { k: number; columns: string[]; rows: ExtractRow[]; dropped: number };
    expect(body.k).toBe(11);
    expect(body.columns).toEqual([...EXTRACT_COLUMNS]);
    expect(body.rows.length).toBeGreaterThan(0);
    expect(body.rows.length + body.dropped).toBe(240);
    for (const row of body.rows) {
      expect(extractRowProblems(row)).toEqual([]);
      expect(row.ext_YearOfRegistration).toBe(2025);
    }
    const sizes = new Map<string, number>();
    for (const r of body.rows) sizes.set(quasiKey(r), (sizes.get(quasiKey(r)) ?? 0) + 1);
    expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(11);
  });

  it("downloads as CSV: the columns, one line per row, several values joined by semicolons", async () => {
    const res = await get("/staff/research/extract?fromYear=2024&toYear=2025&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toBe(EXTRACT_COLUMNS.join(","));
    const api = await get("/api/v1/research/extract?fromYear=2024&toYear=2025");
    const json = (await api.json()) as { rows: ExtractRow[] };
    expect(lines.length - 1).toBe(json.rows.length);
    // The CSV's cells are the JSON's values, in the same order.
    const gender = EXTRACT_COLUMNS.indexOf("prs_Gender");
    expect(lines.slice(1).map((l) => l.split(",")[gender])).toEqual(json.rows.map((r) => r.prs_Gender ?? ""));
    for (const row of json.rows) expect(extractRowProblems(row)).toEqual([]);
  });

  it("audits every download: who, when, which years, how many rows; the researcher sees them", async () => {
    const before = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, researcher.principal.id), eq(schema.auditLog.action, "export")));
    await get("/staff/research/extract?fromYear=2024&toYear=2024&format=csv");
    const after = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, researcher.principal.id), eq(schema.auditLog.action, "export")));
    expect(after.length).toBe(before.length + 1);
    const entry = after.at(-1);
    expect(entry).toMatchObject({
      objectType: "research-extract",
      objectId: "2024-2024",
      actorRole: "researcher",
    });
    expect(entry?.detail).toMatchObject({ fromYear: 2024, toYear: 2024, format: "csv", k: 11 });
    const page = await (await get("/staff/research")).text();
    expect(page).toContain("Dina nedladdningar");
    expect(page).toMatch(/2024<\/td><td>CSV<\/td><td class="num">\d+<\/td>/);
  });

  it("refuses years that run backwards, next to the field, and writes nothing to the log", async () => {
    const count = async () =>
      (await t.db.select().from(schema.auditLog).where(eq(schema.auditLog.objectType, "research-extract")))
        .length;
    const n = await count();
    const res = await get("/staff/research/extract?fromYear=2025&toYear=2024&format=csv");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="toYear-error"');
    expect(await count()).toBe(n);
    expect((await get("/api/v1/research/extract?fromYear=2025")).status).toBe(400);
  });

  it("is the researcher's alone", async () => {
    for (const role of ["national", "coordinator", "admin"] as const) {
      const who = await t.signIn(role);
      expect((await get("/staff/research/extract?fromYear=2025&toYear=2025&format=csv", who)).status).toBe(
        403,
      );
      expect((await get("/api/v1/research/extract?fromYear=2025&toYear=2025", who)).status).toBe(403);
    }
  });
});

describe("the researcher's page", () => {
  it("gives a reason for every Core field the extract leaves empty", () => {
    expect(UNFILLED_CORE.length).toBe(28);
    for (const f of UNFILLED_CORE) expect(unfilledReason(f), f).not.toBeNull();
  });
});
