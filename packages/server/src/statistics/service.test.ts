/**
 * The national statistics service on real SQL (PGlite, and the server when DATABASE_URL is set):
 * counts come from the database, no shown cell is under the threshold, no hidden cell is the one
 * unknown of a sum, related tables agree, two overlapping periods cannot be differenced into a
 * small count, only the national team reads it, and every read is audited.
 */
import { schema } from "@stodkedjan/db";
import { NSP_FLAT_RATE_DAYS } from "@stodkedjan/domain";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { nationalStatistics, type Statistics, type StatTable } from "./service.ts";

const YEAR = 2025;

/** The rows of a raw query, on either driver. */
const rowsOf = async <T>(t: TestApp, query: ReturnType<typeof sql>) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

/** `n` individual cases and `n/3` consultations of YEAR, coded by a deterministic pattern from `seed`. */
async function seedCases(t: TestApp, n: number, seed: number, tag: string) {
  await t.db.execute(sql`
    insert into persons (id, pseudonym, age_group, gender, languages)
    select md5(${tag} || 'p' || i)::uuid, 'P-' || i,
      case when (i * ${seed}) % 4 = 0 then 'child' else 'adult' end,
      (array['woman','man','non-binary','unknown'])[1 + ((i * ${seed} + i / 3) % 7 > 2)::int + ((i * ${seed}) % 11 = 0)::int + ((i * ${seed}) % 29 = 0)::int],
      '{}'
    from generate_series(1, ${n}) i`);
  await t.db.execute(sql`
    insert into cases (ref, kind, region_id, status, opened_on, referring_org, forms, category, step, title, person_id)
    select ${tag} || '-' || i, 'individual',
      (array['nord','mitt','stockholm','ost','vast','syd','bergslagen'])[1 + (i * ${seed} / 5) % 7], 'open',
      make_date(${YEAR}, 1 + (i * ${seed} * 7) % 12, 1 + i % 28),
      (array['social-services','health-care','police','school','migrationsverket','civil-society','employer','other'])[1 + (i * 3 + ${seed}) % 8],
      case when i % 6 = 0 then array['sexual','labour'] else array[(array['sexual','labour','begging','crime','other'])[1 + (i * ${seed}) % 5]] end,
      case when i % 13 = 0 then null else (array['trafficking','human-exploitation','prostitution','child-sexual-exploitation'])[1 + (i / 2) % 4] end,
      1 + (i * ${seed}) % 6, 'test', md5(${tag} || 'p' || i)::uuid
    from generate_series(1, ${n}) i`);
  await t.db.execute(sql`
    insert into cases (ref, kind, region_id, status, opened_on, referring_org, forms, title)
    select ${tag} || '-k' || i, 'consultation',
      (array['nord','mitt','stockholm','ost','vast','syd','bergslagen'])[1 + (i * ${seed}) % 7], 'open',
      make_date(${YEAR}, 1 + (i * 5) % 12, 1 + i % 28),
      (array['social-services','health-care','police','school'])[1 + i % 4],
      array[(array['sexual','labour','begging'])[1 + i % 3]], 'test'
    from generate_series(1, ${Math.ceil(n / 3)}) i`);
}

/** Referrals on the first cases: placements, NSP support, ÅMP approvals and reflection applications. */
async function seedReferrals(t: TestApp, tag: string) {
  await t.db.execute(sql`
    insert into referrals (case_id, type, status, data)
    select c.id, 'nsp-placement', (array['placed','exited','extended'])[1 + row_number() over () % 3],
      jsonb_build_object('start', (c.opened_on + 3)::text, 'end', (c.opened_on + 120)::text)
    from (select * from cases where ref like ${`${tag}-%`} and kind = 'individual' order by ref limit 60) c`);
  await t.db.execute(sql`
    insert into referrals (case_id, type, status, data)
    select c.id, 'nsp-support', 'ongoing', jsonb_build_object('kind', 'reintegration', 'inHomeCountry', true, 'start', c.opened_on::text)
    from (select * from cases where ref like ${`${tag}-%`} and kind = 'individual' order by ref desc limit 12) c`);
  await t.db.execute(sql`
    insert into referrals (case_id, type, status, data)
    select c.id, 'amp', 'approved', jsonb_build_object('approvedOn', (c.opened_on + 10)::text,
      'returnCountry', (array['RO', 'RO', 'BG', 'NG', 'TH', 'RO', 'VN', null])[1 + row_number() over () % 8])
    from (select * from cases where ref like ${`${tag}-%`} and kind = 'individual' and opened_on < ${`${YEAR}-12-01`}::date order by ref limit 40 offset 100) c`);
  await t.db.execute(sql`
    insert into referrals (case_id, type, status, data)
    select c.id, 'reflection', (array['submitted','granted','rejected'])[1 + row_number() over () % 3],
      jsonb_build_object('applicant', 'social-welfare-board', 'submittedOn', c.opened_on::text)
    from (select * from cases where ref like ${`${tag}-%`} and kind = 'individual' order by ref limit 50 offset 200) c`);
}

const cellsOf = (s: Statistics) =>
  s.tables.flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => ({ t, r, c }))));

/** No shown count of a controlled table is 1..threshold-1. */
function expectNoSmallCell(s: Statistics) {
  for (const { t, c } of cellsOf(s)) {
    if (!t.controlled || t.unit !== "count") continue;
    if (c.status === "shown") expect(c.value === 0 || (c.value ?? 0) >= s.threshold).toBe(true);
    else expect(c.value).toBeNull();
  }
}

/**
 * No row or column of a table (an additive one: not the multi-valued form columns) has exactly
 * one hidden cell among its categories and total: that cell would be the total minus the rest.
 */
function expectNoLoneHiddenCell(table: StatTable) {
  if (!table.controlled) return;
  const hidden = (c: { status: string } | undefined) => (c?.status ?? "shown") !== "shown";
  const lines: boolean[][] = [];
  if (table.columnDimension !== null && table.columnDimension !== "form")
    for (const row of table.rows) lines.push(row.cells.map(hidden));
  if (table.rowDimension !== "form")
    table.columns.forEach((_, i) => {
      lines.push(table.rows.map((r) => hidden(r.cells[i])));
    });
  for (const line of lines)
    expect(line.filter(Boolean).length, `${table.id} ${JSON.stringify(table.rows)}`).not.toBe(1);
}

describe.each(testTargets())("national statistics on %s", (target) => {
  let t: TestApp;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  const ctx = () => ({
    db: t.db,
    principal: national.principal,
    now: new Date(`${YEAR + 1}-02-01T12:00:00Z`),
  });
  beforeAll(async () => {
    t = await testApp(target);
    national = await t.signIn("national");
    await seedCases(t, 400, 7, "A");
    await seedReferrals(t, "A");
  }, 120_000);
  afterAll(() => t?.close());

  it("counts in the database what the tables show, with margins that agree across tables", async () => {
    const s = await nationalStatistics(ctx(), { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });
    expect(s.period.id).toBe(String(YEAR));
    const total = (id: string) =>
      s.tables
        .find((x) => x.id === id)
        ?.rows.at(-1)
        ?.cells.at(-1);
    // 400 individual cases, 134 consultations: large totals are shown, exactly.
    for (const id of ["individual-gender", "individual-age", "individual-step", "individual-form"])
      expect(total(id)).toEqual({ status: "shown", value: 400 });
    expect(total("consultation-org")).toEqual({ status: "shown", value: 134 });
    expect(total("amp-gender-age")).toEqual({ status: "shown", value: 40 });
    // Return countries share the ÅMP total; every country of the 250 or so is in the release, and
    // the rows that are a shown 0 are left out (8 slots of 5: Romania three of them, none recorded one).
    expect(total("amp-country")).toEqual({ status: "shown", value: 40 });
    const countries = s.tables.find((x) => x.id === "amp-country") as StatTable;
    expect(Object.fromEntries(countries.rows.map((r) => [r.key, r.cells[0]?.value]))).toEqual({
      BG: 5,
      NG: 5,
      RO: 15,
      TH: 5,
      VN: 5,
      unknown: 5,
      null: 40,
    });
    expect(total("amp-region")).toEqual({ status: "shown", value: 40 });
    expect(total("reflection")).toEqual({ status: "shown", value: 50 });
    // NSP persons and flat-rate days, recounted here from the referrals themselves.
    const [nsp] = (await rowsOf<{ persons: number; placements: number; days: number }>(
      t,
      sql`select count(distinct c.person_id)::int as persons,
            count(*) filter (where r.type = 'nsp-placement')::int as placements,
            sum(case when r.type <> 'nsp-placement' then 0 when r.status = 'extended' then d
              else least(d, ${NSP_FLAT_RATE_DAYS}) end)::int as days
          from referrals r join cases c on c.id = r.case_id
          cross join lateral (select (r.data->>'end')::date - (r.data->>'start')::date + 1 as d) stay
          where r.type in ('nsp-placement', 'nsp-support')
            and (r.data->>'start')::date between ${`${YEAR}-01-01`}::date and ${`${YEAR}-12-31`}::date`,
    )) as [{ persons: number; placements: number; days: number }];
    expect(nsp.persons).toBeGreaterThan(50);
    expect(total("nsp-persons")).toEqual({ status: "shown", value: nsp.persons });
    expect(total("nsp-placements")).toEqual({ status: "shown", value: nsp.placements });
    expect(total("nsp-flat-rate-days")).toEqual({ status: "shown", value: nsp.days });
    // The region margin is one cell in every table of a population: same status, same value.
    const margins = (id: string) => s.tables.find((x) => x.id === id)?.rows.map((r) => r.cells.at(-1));
    for (const id of [
      "individual-category",
      "individual-age",
      "individual-org",
      "individual-step",
      "individual-form",
    ])
      expect(margins(id)).toEqual(margins("individual-gender"));
    const [{ n }] = (await rowsOf<{ n: number }>(
      t,
      sql`select count(*)::int as n from cases where kind = 'individual' and region_id = 'syd'`,
    )) as [{ n: number }];
    const syd = s.tables
      .find((x) => x.id === "individual-gender")
      ?.rows.find((r) => r.key === "syd")
      ?.cells.at(-1);
    expect(syd?.status === "shown" ? syd.value : n).toBe(n);
  });

  it("shows no cell under the threshold and leaves no hidden cell alone in a sum, in every table", async () => {
    for (const threshold of [3, 5, 10]) {
      const s = await nationalStatistics(
        ctx(),
        { from: `${YEAR}-03-01`, to: `${YEAR}-05-31` },
        { threshold },
      );
      expect(s.threshold).toBe(threshold);
      expectNoSmallCell(s);
      for (const table of s.tables) expectNoLoneHiddenCell(table);
      // Something was actually hidden: the fixture has small cells.
      expect(cellsOf(s).some(({ c }) => c.status === "suppressed")).toBe(true);
    }
  });

  it("a region's page is a slice of the national release: its row and the nation's, the same cells", async () => {
    const all = await nationalStatistics(ctx(), { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });
    const nord = await nationalStatistics(ctx(), {
      from: `${YEAR}-01-01`,
      to: `${YEAR}-12-31`,
      regionId: "nord",
    });
    for (const table of nord.tables) {
      const national = all.tables.find((x) => x.id === table.id) as StatTable;
      for (const row of table.rows) expect(row).toEqual(national.rows.find((r) => r.key === row.key));
      if (table.rowDimension === "region") expect(table.rows.map((r) => r.key)).toEqual(["nord", null]);
    }
  });

  it("two overlapping periods asked one after the other give nothing to difference (both are the year)", async () => {
    const h1 = await nationalStatistics(ctx(), { from: `${YEAR}-01-01`, to: `${YEAR}-06-30` });
    const h1jul = await nationalStatistics(ctx(), { from: `${YEAR}-01-01`, to: `${YEAR}-07-31` });
    expect(h1.period.id).toBe(String(YEAR));
    expect(h1jul.tables).toEqual(h1.tables);
  });

  it("is for the national team only, and every read is audited", async () => {
    for (const role of ["coordinator", "shelter", "iom", "researcher", "editor", "admin"] as const) {
      const who = await t.signIn(role, role === "coordinator" ? "nord" : null);
      await expect(
        nationalStatistics(
          { db: t.db, principal: who.principal },
          { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
        ),
      ).rejects.toMatchObject({ status: 403 });
    }
    await nationalStatistics(
      ctx(),
      { from: `${YEAR}-02-01`, to: `${YEAR}-02-28` },
      { audit: { action: "export", format: "xlsx", table: "individual-form" } },
    );
    const entries = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectType, "statistics"));
    expect(entries.some((e) => e.action === "read" && e.actorId === national.principal.id)).toBe(true);
    expect(entries.some((e) => e.action === "export" && e.objectId === "individual-form")).toBe(true);
  });

  it("the counts and referral rows the triggers keep equal a recount after inserts, updates and deletes", async () => {
    await t.db.execute(sql`update persons set gender = 'man' where pseudonym in ('P-3', 'P-4', 'P-5')`);
    await t.db.execute(
      sql`update cases set region_id = 'syd', forms = array['crime', 'begging', 'crime'], step = 2 where ref in ('A-10', 'A-11')`,
    );
    await t.db.execute(sql`update cases set opened_on = opened_on + 40 where ref = 'A-12'`);
    await t.db.execute(
      sql`delete from referrals where case_id in (select id from cases where ref in ('A-13', 'A-k1'))`,
    );
    await t.db.execute(sql`delete from cases where ref in ('A-13', 'A-k1')`);
    // The referrals' copies of their case's and person's fields, and the referrals themselves.
    await t.db.execute(
      sql`update persons set age_group = 'child', gender = 'woman' where id in (select person_id from cases where ref in ('A-10', 'A-14'))`,
    );
    await t.db.execute(sql`update cases set region_id = 'nord' where ref in ('A-15', 'A-16')`);
    await t.db.execute(
      sql`update referrals set status = 'cancelled' where case_id in (select id from cases where ref = 'A-100')`,
    );
    await t.db.execute(
      sql`update referrals set data = data || '{"end": null, "start": "${sql.raw(`${YEAR}`)}-03-02"}'::jsonb where case_id in (select id from cases where ref = 'A-101')`,
    );
    await t.db.execute(
      sql`insert into referrals (case_id, type, status, data)
          select id, 'nsp-support', 'ongoing', '{"kind": "reintegration", "start": "not a date"}'::jsonb from cases where ref = 'A-102'`,
    );
    await t.db.execute(
      sql`update referrals set data = data || '{"returnCountry": "UA"}'::jsonb
          where id in (select id from referrals where type = 'amp' order by id limit 3)`,
    );
    const facts = () => rowsOf(t, sql`select * from stats_referral_facts order by referral_id`);
    const keptFacts = await facts();
    const referralCells = () =>
      rowsOf(
        t,
        sql`select month::text, tbl, region_id, a, b, n from stats_referral_cells where n <> 0 order by 1, 2, 3, 4, 5`,
      );
    const keptReferralCells = await referralCells();
    await t.db.execute(sql`select stats_referral_facts_rebuild()`);
    expect(keptFacts.length).toBeGreaterThan(100);
    expect(keptFacts).toEqual(await facts());
    await t.db.execute(sql`select stats_referral_cells_rebuild()`);
    expect(keptReferralCells.length).toBeGreaterThan(50);
    expect(keptReferralCells).toEqual(await referralCells());
    expect(keptReferralCells).toContainEqual(expect.objectContaining({ tbl: "amp-country", a: "UA" }));
    expect(keptReferralCells).toContainEqual(expect.objectContaining({ tbl: "amp-country", a: "unknown" }));
    const cells = () =>
      rowsOf(
        t,
        sql`select month::text, kind, region_id, dim, value, n from stats_case_cells where n <> 0 order by 1, 2, 3, 4, 5`,
      );
    const kept = await cells();
    await t.db.execute(sql`select stats_case_cells_rebuild()`);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept).toEqual(await cells());
  });

  it("refuses a period across a year's end, an end before the start, and an unknown region, naming the field", async () => {
    await expect(nationalStatistics(ctx(), { from: "2025-12-01", to: "2026-01-31" })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "to" }],
    });
    await expect(nationalStatistics(ctx(), { from: "2025-05-01", to: "2025-04-01" })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      nationalStatistics(ctx(), { from: "2025-01-01", to: "2025-12-31", regionId: "atlantis" }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "region" }] });
  });
});

describe("national statistics, property: any data", () => {
  let t: TestApp;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  beforeAll(async () => {
    t = await testApp("pglite");
    national = await t.signIn("national");
  });
  afterAll(() => t?.close());

  it("for random case sets and thresholds: no small cell shown, no hidden cell alone in a sum", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5, max: 80 }),
        fc.integer({ min: 1, max: 97 }),
        fc.integer({ min: 2, max: 8 }),
        async (n, seed, threshold) => {
          const tag = `R${run++}`;
          await t.db.execute(sql`delete from referrals`);
          await t.db.execute(sql`delete from cases`);
          await t.db.execute(sql`delete from persons`);
          await seedCases(t, n, seed, tag);
          const s = await nationalStatistics(
            { db: t.db, principal: national.principal },
            { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
            { threshold },
          );
          expectNoSmallCell(s);
          for (const table of s.tables) expectNoLoneHiddenCell(table);
        },
      ),
      { numRuns: 8 },
    );
  }, 300_000);
});
