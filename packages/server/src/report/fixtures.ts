/**
 * Test fixtures for the report and the extract: individual cases with their person and referrals,
 * written straight into the tables (coded columns only, as the report and the extract read them).
 */
import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";

export interface FixtureCase {
  regionId: string;
  openedOn: string;
  closedOn?: string | null;
  ageGroup?: "child" | "adult";
  gender?: "woman" | "man" | "non-binary" | "unknown";
  birthYear?: number | null;
  citizenship?: string | null;
  forms?: string[];
  referrals?: { type: string; status: string; data: Record<string, unknown> }[];
}

let serial = 0;

/** Inserts the cases (and a person for each), in batches; returns their ids. */
export async function insertCases(db: Db, list: readonly FixtureCase[]): Promise<string[]> {
  const persons: (typeof schema.persons.$inferInsert)[] = [];
  const cases: (typeof schema.cases.$inferInsert)[] = [];
  const referrals: (typeof schema.referrals.$inferInsert)[] = [];
  for (const c of list) {
    const personId = randomUUID();
    const id = randomUUID();
    serial += 1;
    persons.push({
      id: personId,
      pseudonym: `T-${serial}`,
      ageGroup: c.ageGroup ?? "adult",
      birthYear: c.birthYear ?? null,
      gender: c.gender ?? "woman",
      citizenship: c.citizenship ?? null,
      languages: [],
    });
    cases.push({
      id,
      ref: `ÄR-T-${randomUUID()}`,
      kind: "individual",
      regionId: c.regionId,
      openedOn: c.openedOn,
      status: c.closedOn ? "closed" : "open",
      closedOn: c.closedOn ?? null,
      closeReason: c.closedOn ? "support-completed" : null,
      referringOrg: "police",
      forms: c.forms ?? ["sexual"],
      category: "trafficking",
      step: 3,
      title: "Test",
      personId,
    });
    for (const r of c.referrals ?? []) referrals.push({ caseId: id, ...r, type: r.type as never });
  }
  for (let i = 0; i < persons.length; i += 500)
    await db.insert(schema.persons).values(persons.slice(i, i + 500));
  for (let i = 0; i < cases.length; i += 500) await db.insert(schema.cases).values(cases.slice(i, i + 500));
  for (let i = 0; i < referrals.length; i += 500)
    await db.insert(schema.referrals).values(referrals.slice(i, i + 500));
  return cases.map((c) => c.id as string);
}
