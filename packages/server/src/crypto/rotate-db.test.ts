import { randomBytes } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { decryptBytes, encryptBytes } from "./fields.ts";
import { generateKey, parseKeyRing } from "./keyring.ts";
import {
  ENCRYPTED_BLOBS,
  ENCRYPTED_COLUMNS,
  rotateBlobColumn,
  rotateFieldKeys,
  staleKeyInUse,
} from "./rotate-db.ts";

/** The kid named in an encrypted blob's header: [0x01][kid length][kid]... */
const kidOfBlob = (blob: Uint8Array) => Buffer.from(blob.subarray(2, 2 + (blob[1] ?? 0))).toString("latin1");

describe.each(testTargets())("key rotation in the database on %s", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(target);
  });
  afterAll(() => t?.close());

  it("knows every encrypted text column of the schema", async () => {
    const found = await t.db.execute(
      sql`select table_name || '.' || column_name as name from information_schema.columns
        where table_schema = 'public' and right(column_name, 4) = '_enc'`,
    );
    const listed = ENCRYPTED_COLUMNS.flatMap(({ table, columns }) =>
      Object.keys(columns).map((column) => `${table}.${column}`),
    );
    expect((found as unknown as { rows: { name: string }[] }).rows.map((r) => r.name).sort()).toEqual(
      listed.sort(),
    );
  });

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
    const { id: rid } = await referrals.createReferral(ctx, id, { type: "amp" });
    await referrals.updateReferral(ctx, id, rid, { status: "submitted", submittedOn: "2026-01-05" });
    await referrals.addFollowUp(ctx, id, rid, {
      on: "2026-01-10",
      kind: "iom-contact",
      body: "En uppföljning före rotationen.",
    });

    const oldSpec = t.keys.activeKid;
    // The new ring keeps the old key (to decrypt) and adds a new active one.
    const ring = parseKeyRing(`${t.keySpec},k2:${generateKey()}`);
    expect(ring.activeKid).toBe("k2");
    expect(await staleKeyInUse(t.db, ring)).toBe(true);
    const totals = await rotateFieldKeys(t.db, ring);
    expect(await staleKeyInUse(t.db, ring)).toBe(false);
    expect(totals.persons?.rotated).toBeGreaterThanOrEqual(2);
    expect(totals.case_notes?.rotated).toBe(1);
    expect(totals.referral_followups?.rotated).toBe(1);
    const tokens = await t.db.execute(
      sql`select name_enc from persons union all select body_enc from case_notes union all select title_enc from tasks
        union all select body_enc from referral_followups`,
    );
    for (const row of (tokens as unknown as { rows: { name_enc: string | null }[] }).rows) {
      if (row.name_enc) expect(row.name_enc.split(".")[1]).toBe("k2");
    }
    const detail = await cases.getCase({ ...ctx, keys: ring }, id);
    expect(detail.person?.name).toBe("Roterad Testperson");
    expect(detail.notes[0]?.body).toBe("En anteckning före rotationen.");
    const [amp] = await referrals.listReferrals({ ...ctx, keys: ring }, id);
    expect(amp?.followUps[0]?.body).toBe("En uppföljning före rotationen.");
    // A second run finds nothing left to do.
    expect((await rotateFieldKeys(t.db, ring)).persons?.rotated).toBe(0);
    expect(oldSpec).not.toBe("k2");
  });
});

describe.each(testTargets())("key rotation of attachment contents on %s", (target) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp(target);
  });
  afterEach(() => t?.close());

  /** An individual case with attachments, written under the test app's (old) key. */
  async function caseWithFiles(files: Uint8Array[]) {
    const who = await t.signIn("coordinator", "syd");
    const ctx = { db: t.db, keys: t.keys, principal: who.principal };
    const { id } = await cases.createIndividualCase(
      ctx,
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "1280",
        forms: ["sexual"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "woman", name: "Bilaga Testperson" },
      }),
    );
    const ids: string[] = [];
    for (const [i, bytes] of files.entries()) {
      ids.push(
        (await cases.addAttachment(ctx, id, { filename: `fil-${i}.bin`, mime: "application/pdf", bytes })).id,
      );
    }
    return { ctx, caseId: id, ids };
  }
  const contents = async () =>
    (
      await t.db
        .select({ id: schema.attachments.id, content: schema.attachments.content })
        .from(schema.attachments)
    ).map((r) => ({ id: r.id, kid: kidOfBlob(r.content), content: r.content }));

  it("knows every binary column of the schema, all of them encrypted blobs", async () => {
    const found = await t.db.execute(
      sql`select table_name || '.' || column_name as name from information_schema.columns
        where table_schema = 'public' and data_type = 'bytea'`,
    );
    expect((found as unknown as { rows: { name: string }[] }).rows.map((r) => r.name).sort()).toEqual(
      ENCRYPTED_BLOBS.map((b) => `${b.table}.${b.column}`).sort(),
    );
  });

  it("re-encrypts every attachment's content, so the old key can leave the ring and downloads still decrypt", async () => {
    const files = [
      Buffer.from("Orosanmälan (fiktiv)"),
      randomBytes(4 * 1024 * 1024), // a large file, rotated on its own
      randomBytes(1),
    ];
    const { ctx, caseId, ids } = await caseWithFiles(files);
    expect((await contents()).map((r) => r.kid)).toEqual(["t1", "t1", "t1"]);

    const k2 = generateKey();
    const ring = parseKeyRing(`${t.keySpec},k2:${k2}`);
    expect(await staleKeyInUse(t.db, ring)).toBe(true);
    const progress: [string, number][] = [];
    const totals = await rotateFieldKeys(t.db, ring, (table, done) => progress.push([table, done]));
    expect(totals["attachments.content"]).toEqual({ rotated: 3, scanned: 3 });
    expect(totals.attachments?.rotated).toBe(3); // the file names
    expect(progress).toContainEqual(["attachments.content", 3]);
    expect(await staleKeyInUse(t.db, ring)).toBe(false);
    // No content is encrypted with the old key id any more.
    const after = await contents();
    expect(after.map((r) => r.kid)).toEqual(["k2", "k2", "k2"]);
    const oldKidCount = await t.db.execute(
      sql`select count(*)::int as n from attachments where substring(content from 3 for 2) = ${Buffer.from("t1")}::bytea`,
    );
    expect((oldKidCount as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);

    // The old key retired: a ring with only the new key reads everything, downloads included.
    const retired = parseKeyRing(`k2:${k2}`);
    expect(retired.has("t1")).toBe(false);
    expect(await staleKeyInUse(t.db, retired)).toBe(false);
    for (const [i, aid] of ids.entries()) {
      const file = await cases.getAttachment({ ...ctx, keys: retired }, caseId, aid);
      expect(file.filename).toBe(`fil-${i}.bin`);
      expect(Buffer.compare(file.bytes, files[i] as Buffer)).toBe(0);
    }
    // And the old key alone no longer opens anything.
    const first = after.find((r) => r.id === ids[0]);
    expect(() => decryptBytes(t.keys, first?.content as Buffer, `attachments.content:${ids[0]}`)).toThrow();

    // A second run has nothing left to do.
    expect((await rotateFieldKeys(t.db, ring))["attachments.content"]).toEqual({ rotated: 0, scanned: 0 });
  });

  it("is resumable after an interruption and never overwrites content written meanwhile", async () => {
    const { ctx, caseId, ids } = await caseWithFiles([
      Buffer.from("ett"),
      Buffer.from("två"),
      Buffer.from("tre"),
      Buffer.from("fyra"),
    ]);
    const sorted = [...ids].sort();
    const ring = parseKeyRing(`${t.keySpec},k2:${generateKey()}`);
    const [blob] = ENCRYPTED_BLOBS as [(typeof ENCRYPTED_BLOBS)[number]];

    // Interrupted at the third row: the first two are done, nothing is half-written.
    await expect(
      rotateBlobColumn(t.db, ring, blob, {
        batchSize: 1,
        beforeSave: async (id) => {
          if (id === sorted[2]) throw new Error("the process stopped");
        },
      }),
    ).rejects.toThrow("the process stopped");
    const kids = new Map((await contents()).map((r) => [r.id, r.kid]));
    expect(sorted.map((id) => kids.get(id))).toEqual(["k2", "k2", "t1", "t1"]);

    // Resumed: meanwhile a process still on the old key replaces the content of one file after
    // rotation read it. The swap fails for that row, and the newer content stays.
    const victim = sorted[3] as string;
    const resumed = await rotateBlobColumn(t.db, ring, blob, {
      batchSize: 1,
      beforeSave: async (id) => {
        if (id !== victim) return;
        await t.db
          .update(schema.attachments)
          .set({
            content: encryptBytes(t.keys, Buffer.from("fyra, ny version"), `attachments.content:${id}`),
          })
          .where(eq(schema.attachments.id, id));
      },
    });
    expect(resumed).toEqual({ rotated: 1, scanned: 2 });
    const kidsNow = new Map((await contents()).map((r) => [r.id, r.kid]));
    expect(sorted.map((id) => kidsNow.get(id))).toEqual(["k2", "k2", "k2", "t1"]);
    const read = async (id: string) =>
      (await cases.getAttachment({ ...ctx, keys: ring }, caseId, id)).bytes.toString("utf8");
    expect(await read(victim)).toBe("fyra, ny version");

    // The next run rotates what was left.
    expect(await rotateBlobColumn(t.db, ring, blob)).toEqual({ rotated: 1, scanned: 1 });
    expect((await contents()).every((r) => r.kid === "k2")).toBe(true);
    const expected = new Map(ids.map((id, i) => [id, ["ett", "två", "tre", "fyra"][i]]));
    expected.set(victim, "fyra, ny version");
    for (const id of ids) expect(await read(id)).toBe(expected.get(id));
  });
});
