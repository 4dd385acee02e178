import { openDatabase, schema } from "@stodkedjan/db";
import { freshDatabase } from "@stodkedjan/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTargets } from "../testing.ts";
import { appendAudit, audit, historyOf, verifyAuditLog } from "./log.ts";

const actor = { id: "00000000-0000-4000-8000-000000000001", role: "coordinator" as const };

describe.each(testTargets())("audit log on %s", (target) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(target);
    for (let i = 0; i < 30; i++) {
      await audit(database.db, {
        actor,
        action: i % 3 ? "read" : "update",
        objectType: "case",
        objectId: `case-${i % 4}`,
        outcome: "ok",
        detail: { i },
      });
    }
  });
  afterAll(() => database?.close());

  it("chains consecutive entries and verifies", async () => {
    const rows = await database.db.select().from(schema.auditLog).orderBy(schema.auditLog.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    expect(await verifyAuditLog(database.db)).toEqual({ ok: true, count: 30 });
    expect((await historyOf(database.db, "case", "case-1")).length).toBeGreaterThan(5);
  });

  it("refuses updates and deletes", async () => {
    await expect(database.db.execute(sql`update audit_log set action = 'x' where seq = 3`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_log where seq = 3`)).rejects.toThrow();
  });

  it("appends consecutively under concurrency", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit(database.db, { actor, action: "read", objectType: "case", objectId: `c${i}`, outcome: "ok" }),
      ),
    );
    expect(await verifyAuditLog(database.db)).toEqual({ ok: true, count: 50 });
  });

  it("keeps one chain when writes in transactions, batches and a second process append at once", async () => {
    // A second connection pool stands for another server process: its batches start from a chain
    // end that this process's writes keep moving, and must re-chain rather than fork or fail.
    let other: Awaited<ReturnType<typeof openDatabase>> | null = null;
    if (target === "postgres") {
      const result = await database.db.execute(sql`select current_database() as name`);
      const url = new URL(process.env.DATABASE_URL as string);
      url.pathname = `/${(result as unknown as { rows: { name: string }[] }).rows[0]?.name}`;
      other = await openDatabase(url.toString());
    }
    const before = (await verifyAuditLog(database.db)) as { count: number };
    const write = (i: number) =>
      database.db.transaction((tx) =>
        appendAudit(tx, { actor, action: "update", objectType: "case", objectId: `w${i}`, outcome: "ok" }),
      );
    const read = (db: typeof database.db, i: number) =>
      audit(db, { actor, action: "read", objectType: "case", objectId: `r${i}`, outcome: "ok" });
    const seqs = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0 ? write(i) : read(other && i % 3 === 1 ? other.db : database.db, i),
      ),
    );
    await other?.close();
    expect(new Set(seqs).size).toBe(60);
    expect(await verifyAuditLog(database.db)).toEqual({ ok: true, count: before.count + 60 });
  });

  it("finds an entry altered in the database, by someone able to bypass the trigger", async () => {
    await database.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await database.db.execute(sql`update audit_log set actor_role = 'admin' where seq = 17`);
    await database.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const result = await verifyAuditLog(database.db);
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 17 } });
  });
});
