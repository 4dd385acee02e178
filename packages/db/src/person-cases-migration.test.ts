/**
 * Migration 0013 (persons with several cases): on a database made by the migrations before it,
 * every individual case keeps its person, now referenced from the case, and nothing else changes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";

const folder = fileURLToPath(new URL("../migrations", import.meta.url));
const files = readdirSync(folder)
  .filter((f) => f.endsWith(".sql"))
  .sort();
const statements = (file: string) =>
  readFileSync(`${folder}/${file}`, "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter(Boolean);

describe("migration 0013_person_cases", () => {
  it("moves each case's person to cases.person_id and keeps every row", async () => {
    const db = await PGlite.create();
    const target = files.findIndex((f) => f.startsWith("0013_"));
    expect(target).toBeGreaterThan(0);
    for (const file of files.slice(0, target)) for (const s of statements(file)) await db.exec(s);
    await db.exec(`
      insert into regions (id, name_sv, name_en) values ('nord', 'Nord', 'North');
      insert into cases (id, ref, kind, region_id, opened_on, referring_org, forms, step, title) values
        ('00000000-0000-4000-8000-000000000001', 'ÄR-2026-000001', 'individual', 'nord', '2026-01-02', 'police', '{labour}', 2, 'A'),
        ('00000000-0000-4000-8000-000000000002', 'ÄR-2026-000002', 'individual', 'nord', '2026-01-03', 'police', '{sexual}', 1, 'B'),
        ('00000000-0000-4000-8000-000000000003', 'ÄR-2026-000003', 'consultation', 'nord', '2026-01-04', 'school', '{other}', null, 'C');
      insert into persons (id, case_id, pseudonym, age_group, gender, languages, name_enc) values
        ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'P-000001', 'adult', 'woman', '{ro}', 'v1.k1.token-a'),
        ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-000000000002', 'P-000002', 'child', 'man', '{}', null);
    `);
    for (const s of statements(files[target] as string)) await db.exec(s);
    const cases = await db.query<{ ref: string; person_id: string | null }>(
      "select ref, person_id from cases order by ref",
    );
    expect(cases.rows).toEqual([
      { ref: "ÄR-2026-000001", person_id: "00000000-0000-4000-8000-0000000000a1" },
      { ref: "ÄR-2026-000002", person_id: "00000000-0000-4000-8000-0000000000a2" },
      { ref: "ÄR-2026-000003", person_id: null },
    ]);
    const persons = await db.query<{ pseudonym: string; name_enc: string | null }>(
      "select pseudonym, name_enc from persons order by pseudonym",
    );
    expect(persons.rows).toEqual([
      { pseudonym: "P-000001", name_enc: "v1.k1.token-a" },
      { pseudonym: "P-000002", name_enc: null },
    ]);
    // A second case of the same person is now possible; an individual case without one is not.
    await db.exec(`insert into cases (id, ref, kind, region_id, opened_on, referring_org, forms, step, title, person_id)
      values ('00000000-0000-4000-8000-000000000004', 'ÄR-2026-000004', 'individual', 'nord', '2026-02-01', 'police',
        '{labour}', 1, 'D', '00000000-0000-4000-8000-0000000000a1')`);
    await expect(
      db.exec(`insert into cases (id, ref, kind, region_id, opened_on, referring_org, forms, step, title)
        values ('00000000-0000-4000-8000-000000000005', 'ÄR-2026-000005', 'individual', 'nord', '2026-02-01', 'police', '{labour}', 1, 'E')`),
    ).rejects.toThrow(/cases_person/);
    await db.close();
  }, 300_000);
});
