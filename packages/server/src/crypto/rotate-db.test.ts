import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { generateKey, parseKeyRing } from "./keyring.ts";
import { rotateFieldKeys, staleKeyInUse } from "./rotate-db.ts";

describe.each(testTargets())("key rotation in the database on %s", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(target);
  });
  afterAll(() => t?.close());

  it("re-encrypts every encrypted column under the new key, and the data reads the same", async () => {
    const who = await t.signIn("coordinator", "vast");
    const ctx = { db: t.db, keys: t.keys, principal: who.principal };
    const { id } = await cases.createIndividualCase(
      ctx,
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "1480",
        forms: ["labour"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "man", name: "Roterad Testperson", contact: "ingen" },
      }),
    );
    await cases.addNote(ctx, id, "En anteckning före rotationen.");
    await cases.addTask(ctx, id, "En uppgift", "2027-01-01");

    const oldSpec = t.keys.activeKid;
    // The new ring keeps the old key (to decrypt) and adds a new active one.
    const ring = parseKeyRing(`${t.keySpec},k2:${generateKey()}`);
    expect(ring.activeKid).toBe("k2");
    expect(await staleKeyInUse(t.db, ring)).toBe(true);
    const totals = await rotateFieldKeys(t.db, ring);
    expect(await staleKeyInUse(t.db, ring)).toBe(false);
    expect(totals.persons?.rotated).toBeGreaterThanOrEqual(2);
    expect(totals.case_notes?.rotated).toBe(1);
    const tokens = await t.db.execute(
      sql`select name_enc from persons union all select body_enc from case_notes union all select title_enc from tasks`,
    );
    for (const row of (tokens as unknown as { rows: { name_enc: string | null }[] }).rows) {
      if (row.name_enc) expect(row.name_enc.split(".")[1]).toBe("k2");
    }
    const detail = await cases.getCase({ ...ctx, keys: ring }, id);
    expect(detail.person?.name).toBe("Roterad Testperson");
    expect(detail.notes[0]?.body).toBe("En anteckning före rotationen.");
    // A second run finds nothing left to do.
    expect((await rotateFieldKeys(t.db, ring)).persons?.rotated).toBe(0);
    expect(oldSpec).not.toBe("k2");
  });
});
