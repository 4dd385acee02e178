/**
 * Signed checkpoints of the chain's head (ADR 0011): a log cut short, or rewritten and re-chained,
 * by someone with write access to the database passes the chain check alone and is caught here,
 * naming where; without the checkpoint key nothing passes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDatabase, schema } from "@stodkedjan/db";
import { freshDatabase } from "@stodkedjan/db/testing";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config.ts";
import { loadAuditAnchor } from "../server.ts";
import { testApp, testTargets } from "../testing.ts";
import { type AuditEntryData, hashEntry } from "./chain.ts";
import { type AuditAnchor, generateCheckpointKey, parseCheckpointKey } from "./checkpoint.ts";
import { audit, checkpointNow, verifyAnchoredLog, verifyAuditLog } from "./log.ts";
import { auditVerify } from "./verify-cli.ts";

const actor = { id: "00000000-0000-4000-8000-000000000001", role: "coordinator" as const };
const append = async (db: Db, n: number) => {
  for (let i = 0; i < n; i++)
    await audit(db, { actor, action: "read", objectType: "case", objectId: `c${i}`, outcome: "ok" });
};

/** What an attacker with write access to the database can do: bypass the append-only trigger. */
async function tamper(db: Db, statement: ReturnType<typeof sql>) {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  await db.execute(statement);
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
}

/** Changes entry `seq` and recomputes its hash and every later one, so the chain holds again. */
async function rewriteAndRechain(db: Db, seq: number) {
  const rows = await db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.seq));
  let prev = rows[seq - 2]?.hash ?? "0".repeat(64);
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  for (const row of rows.slice(seq - 1)) {
    const entry = { ...row, actorRole: row.seq === seq ? "admin" : row.actorRole } as AuditEntryData;
    const hash = hashEntry(entry, prev);
    await db.execute(
      sql`update audit_log set actor_role = ${entry.actorRole}, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`,
    );
    prev = hash;
  }
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
}

describe.each(testTargets())(
  "audit checkpoints on %s",
  (target) => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "checkpoints-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** A fresh log of 10 entries, checkpointed after 3 and after 10, in the database and a file. */
    async function checkpointed(name: string) {
      const database = await freshDatabase(target);
      const anchor: AuditAnchor = {
        key: parseCheckpointKey(generateCheckpointKey()),
        file: join(dir, `${name}.jsonl`),
      };
      await append(database.db, 3);
      await checkpointNow(database.db, anchor);
      await append(database.db, 7);
      await checkpointNow(database.db, anchor);
      expect(await verifyAnchoredLog(database.db, anchor)).toEqual({
        ok: true,
        count: 10,
        checkpoints: 4,
        forged: 0,
      });
      return { database, anchor };
    }

    it("writes a checkpoint only when the head moved, to the database and the file", async () => {
      const { database, anchor } = await checkpointed("moved");
      expect(await checkpointNow(database.db, anchor)).toBeNull();
      expect(await database.db.select().from(schema.auditCheckpoints)).toHaveLength(2);
      const lines = readFileSync(anchor.file as string, "utf8")
        .trim()
        .split("\n");
      expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([3, 10]);
      await database.close();
    });

    it("detects a cut tail: the chain alone still verifies, the checkpoints name the first missing entry", async () => {
      const { database, anchor } = await checkpointed("cut");
      await tamper(database.db, sql`delete from audit_log where seq > 6`);
      expect(await verifyAuditLog(database.db)).toEqual({ ok: true, count: 6 });
      expect(await verifyAnchoredLog(database.db, anchor)).toMatchObject({
        ok: false,
        count: 6,
        firstBroken: { seq: 7, reason: "truncated", checkpoint: { seq: 10 } },
      });
      // Deleting the database's checkpoints too does not help: the file keeps them.
      await database.db.execute(sql`delete from audit_checkpoints`);
      expect(await verifyAnchoredLog(database.db, anchor)).toMatchObject({
        ok: false,
        firstBroken: { seq: 7, reason: "truncated" },
      });
      await database.close();
    });

    it("detects an entry rewritten with every later hash recomputed, naming the stretch", async () => {
      const { database, anchor } = await checkpointed("rechain");
      await rewriteAndRechain(database.db, 5);
      expect(await verifyAuditLog(database.db)).toEqual({ ok: true, count: 10 });
      expect(await verifyAnchoredLog(database.db, anchor)).toMatchObject({
        ok: false,
        firstBroken: { seq: 4, reason: "rechained", checkpoint: { seq: 10 } },
      });
      await database.close();
    });

    it("counts a checkpoint whose signature does not hold (forged in the database, or another key)", async () => {
      const { database, anchor } = await checkpointed("forged");
      await database.db
        .insert(schema.auditCheckpoints)
        .values({ seq: 10, hash: "f".repeat(64), at: "x", mac: "00" });
      expect(await verifyAnchoredLog(database.db, anchor)).toMatchObject({ ok: true, forged: 1 });
      const other = { key: parseCheckpointKey(generateCheckpointKey()), file: anchor.file };
      expect(await verifyAnchoredLog(database.db, other)).toMatchObject({ checkpoints: 0, forged: 5 });
      await database.close();
    });

    it("shows a cut tail on the admin's page", async () => {
      const t = await testApp(target);
      const admin = await t.signIn("admin");
      await append(t.db, 5);
      await checkpointNow(t.db, t.auditAnchor);
      const intact = await (
        await t.app.request("/staff/admin/audit", { headers: { cookie: admin.cookie } })
      ).text();
      expect(intact).toContain("Hashkedjan håller");
      const [head] = await t.db.select({ seq: sql<number>`max(seq)` }).from(schema.auditLog);
      await tamper(t.db, sql`delete from audit_log where seq > ${Number(head?.seq) - 3}`);
      const res = await t.app.request("/staff/admin/audit", { headers: { cookie: admin.cookie } });
      const text = await res.text();
      expect(text).toContain("Loggen har kortats");
      expect(text).toContain("(truncated)");
      await t.close();
    });
  },
  180_000,
);

describe("npm run audit:verify", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "audit-verify-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes an intact log, names a cut tail and a re-chained stretch, and refuses to pass without the key", async () => {
    const config = readConfig({ DATABASE_URL: join(dir, "pglite") });
    const anchor = loadAuditAnchor(config, { create: true });
    expect(existsSync(join(dir, "audit-checkpoint-key"))).toBe(true);
    const database = await openDatabase(config.DATABASE_URL);
    await append(database.db, 12);
    await checkpointNow(database.db, anchor);
    await database.close();
    expect(await auditVerify(config)).toEqual({
      code: 0,
      out: ["audit log intact: 12 entries verified against 2 signed checkpoints"],
      err: [],
    });

    const again = await openDatabase(config.DATABASE_URL);
    await rewriteAndRechain(again.db, 2);
    await again.close();
    const rechained = await auditVerify(config);
    expect(rechained.code).toBe(1);
    expect(rechained.err.join("\n")).toContain("rewritten and re-chained between entry 1 and entry 12");

    const third = await openDatabase(config.DATABASE_URL);
    await tamper(third.db, sql`delete from audit_log where seq > 9`);
    await third.close();
    const cut = await auditVerify(config);
    expect(cut.code).toBe(1);

    // Without the key: a clear error and exit code 2, never a pass; and it is not made up on the spot.
    unlinkSync(join(dir, "audit-checkpoint-key"));
    const keyless = await auditVerify(config);
    expect(keyless.code).toBe(2);
    expect(keyless.err.join("\n")).toMatch(/NOT VERIFIED: AUDIT_CHECKPOINT_KEY is not set/);
    expect(existsSync(join(dir, "audit-checkpoint-key"))).toBe(false);
    const server = await auditVerify(readConfig({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" }));
    expect(server).toMatchObject({
      code: 2,
      err: [expect.stringContaining("AUDIT_CHECKPOINT_KEY is required")],
    });
    const malformed = await auditVerify(
      readConfig({ DATABASE_URL: config.DATABASE_URL, AUDIT_CHECKPOINT_KEY: "c2hvcnQ=" }),
    );
    expect(malformed.code).toBe(2);
  }, 240_000);
});
