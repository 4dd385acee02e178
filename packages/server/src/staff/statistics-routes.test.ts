/**
 * The statistics pages and downloads through the app: the page draws SVG charts with their
 * tables and marks hidden cells; CSV and XLSX carry the same cells; bad filters come back with
 * the message next to the field and the typed values kept; the API answers the same tables; every
 * view and download is audited.
 */
import { schema } from "@stodkedjan/db";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { valueLabel } from "./statistics-views.ts";

describe.each(testTargets())("statistics pages on %s", (target) => {
  let t: TestApp;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  const get = (path: string) => t.app.request(path, { headers: { cookie: national.cookie } });
  beforeAll(async () => {
    t = await testApp(target);
    national = await t.signIn("national");
    await t.db.execute(sql`
      insert into persons (id, pseudonym, age_group, gender, languages)
      select md5('p' || i)::uuid, 'P-' || i, case when i % 5 = 0 then 'child' else 'adult' end,
        case when i % 3 = 0 then 'man' else 'woman' end, '{}'
      from generate_series(1, 90) i`);
    await t.db.execute(sql`
      insert into cases (ref, kind, region_id, status, opened_on, referring_org, forms, category, step, title, person_id)
      select 'S-' || i, 'individual', (array['nord','syd','vast','stockholm'])[1 + (i / 2) % 4], 'open',
        make_date(2025, 1 + i % 12, 1 + i % 28), (array['police','social-services','other'])[1 + i % 3],
        array['sexual'], 'trafficking', 1 + i % 3, 'test', md5('p' || i)::uuid
      from generate_series(1, 90) i`);
    // ÅMP: 12 approved applications, 7 returning to Romania and 5 to Bulgaria.
    await t.db.execute(sql`
      insert into referrals (case_id, type, status, data)
      select c.id, 'amp', 'approved', jsonb_build_object('approvedOn', '2025-06-10',
        'returnCountry', case when c.n <= 7 then 'RO' else 'BG' end)
      from (select id, row_number() over (order by ref) as n from cases where ref like 'S-%' order by ref limit 12) c`);
  }, 60_000);
  afterAll(() => t?.close());

  it("shows the year's tables, a chart with its table, and the hidden-cell symbol explained", async () => {
    const res = await get("/staff/statistics?from=2025-03-01&to=2025-04-30&region=");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("Individärenden per region och kön");
    expect(body).toMatch(
      /<svg[^>]*role="img"[^>]*aria-label="Individärenden per region och kön, stapeldiagram/,
    );
    expect(body).toContain("Statistiken redovisas per kalenderår");
    expect(body).toContain("× betyder att uppgiften är dold");
    expect(body).toMatch(/<td>90<\/td>/);
    // Return countries, named in the user's language, with a chart; countries nobody returned to are not listed.
    expect(body).toContain("Deltagare i ÅMP per återvändandeland");
    expect(body).toMatch(/aria-label="Deltagare i ÅMP per återvändandeland, stapeldiagram/);
    expect(body).toMatch(/<th scope="row">Rumänien<\/th><td>7<\/td>/);
    expect(body).toMatch(/<th scope="row">Bulgarien<\/th><td>5<\/td>/);
    expect(body).not.toContain(">Frankrike<");
    const read = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectType, "statistics"));
    expect(read.some((e) => e.action === "read" && e.objectId === "2025")).toBe(true);
  });

  it("keeps the typed filter and names the field when the period is wrong", async () => {
    const res = await get("/staff/statistics?from=2025-05-01&to=2026-02-01&region=nord");
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("Välj en period inom ett kalenderår.");
    expect(body).toContain('value="2026-02-01"');
    expect(body).toMatch(/<option value="nord" selected/);
  });

  it("downloads a table as CSV and every table as a valid XLSX, audited as exports", async () => {
    const csv = await get(
      "/staff/statistics/export?from=2025-01-01&to=2025-12-31&table=individual-gender&format=csv",
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("Region,Kvinna,Man");
    expect(text).toMatch(/Hela landet,60,30,0,0,90/);
    const xlsx = await get("/staff/statistics/export?from=2025-01-01&to=2025-12-31&table=all&format=xlsx");
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.length).toBe(17);
    const countries = book.worksheets.find((w) => w.name.startsWith("Deltagare i ÅMP per återv"));
    expect(countries?.getRow(1).getCell(1).value).toBe("Återvändandeland");
    const sheet = book.worksheets.find((w) => w.name.startsWith("Individärenden per region och k"));
    expect(sheet?.getRow(1).getCell(1).value).toBe("Region");
    const exports = await t.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "export"));
    expect(exports.map((e) => e.objectId)).toEqual(expect.arrayContaining(["individual-gender", "all"]));
  });

  it("names return countries in Swedish and English", () => {
    expect(valueLabel("returnCountry", "RO", "sv")).toBe("Rumänien");
    expect(valueLabel("returnCountry", "RO", "en")).toBe("Romania");
    expect(valueLabel("returnCountry", "unknown", "en")).toBe("Not recorded");
    expect(valueLabel("returnCountry", null, "sv")).toBe("Totalt");
  });

  it("answers the API with the same protected tables", async () => {
    const res = await get("/api/v1/statistics?from=2025-01-01&to=2025-06-30&regionId=syd");
    expect(res.status).toBe(200);
    const s = (await res.json()) as {
      period: { id: string };
      tables: { id: string; rows: { key: string | null }[] }[];
    };
    expect(s.period.id).toBe("2025");
    expect(s.tables.find((x) => x.id === "individual-gender")?.rows.map((r) => r.key)).toEqual(["syd", null]);
    expect(s.tables.find((x) => x.id === "amp-country")?.rows.map((r) => r.key)).toEqual(["BG", "RO", null]);
    const csv = await get(
      "/staff/statistics/export?from=2025-01-01&to=2025-12-31&table=amp-country&format=csv",
    );
    expect(await csv.text()).toMatch(/Återvändandeland,Antal\r?\nBulgarien,5\r?\nRumänien,7\r?\nTotalt,12/);
    const bad = await get("/api/v1/statistics?from=2025-01-01&to=2026-06-30");
    expect(bad.status).toBe(400);
  });
});
