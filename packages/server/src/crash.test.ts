/**
 * The crash test: the real server as a child process on a fresh PostgreSQL database, 1,000
 * concurrent case creations, SIGKILL after about 300 acknowledgements, a restart on the same
 * database. Every acknowledged case must be there, whole (case, person, step, audit entry) and
 * with its encrypted marker intact; nothing may be half-written; the audit chain must verify.
 *
 * Needs a PostgreSQL server: runs only when DATABASE_URL is a postgres:// URL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRegions } from "@stodkedjan/content";
import { type Database, openDatabase, schema, syncDirectory } from "@stodkedjan/db";
import { dropDatabase } from "@stodkedjan/db/testing";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "./audit/log.ts";
import { createSession } from "./auth/sessions.ts";

const SERVER_URL = process.env.DATABASE_URL ?? "";
const enabled = /^postgres(ql)?:\/\//.test(SERVER_URL);
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const REQUESTS = 1_000;
const KILL_AFTER = 300;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

interface Child {
  process: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node packages/server/src/main.ts` and waits until /health answers ok. */
async function startChild(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`The server exited before it was healthy:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not become healthy within 60 s:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      const body = (await res.json()) as { status?: string; database?: string };
      if (res.ok && body.status === "ok") {
        expect(body.database).toBe("postgres");
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { process: child, url, output: () => output, exited };
}

async function stopChild(child: Child | undefined) {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill("SIGTERM");
  const timer = setTimeout(() => child.process.kill("SIGKILL"), 10_000);
  await child.exited;
  clearTimeout(timer);
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function inBatches<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  }
  return results;
}

const body = (n: number) =>
  JSON.stringify({
    referringOrg: "police",
    municipalityCode: "1880",
    forms: ["labour"],
    category: "trafficking",
    step: 1 + (n % 6),
    person: { ageGroup: "adult", gender: "unknown", languages: ["sv"], name: `crash-${n}` },
  });

interface Ack {
  n: number;
  id: string;
  ref: string;
}

(enabled ? describe : describe.skip)(
  `crash safety: SIGKILL during ${REQUESTS} concurrent case creations (PostgreSQL${enabled ? "" : "; skipped: set DATABASE_URL to a postgres:// URL"})`,
  () => {
    const env: Record<string, string> = {};
    let adminUrl: URL;
    let dbName: string;
    let database: Database;
    let cookie: string;
    let csrf: string;
    let first: Child | undefined;
    let second: Child | undefined;
    const acks: Ack[] = [];
    let failed = 0;
    let passed = false;

    beforeAll(async () => {
      adminUrl = new URL(SERVER_URL);
      dbName = `crash_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl.toString() });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const url = new URL(SERVER_URL);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
      env.FIELD_KEYS = `k1:${randomBytes(32).toString("base64")}`;
      env.AUDIT_CHECKPOINT_KEY = randomBytes(32).toString("base64");
      env.AUDIT_CHECKPOINT_FILE = join(tmpdir(), `${dbName}-checkpoints.jsonl`);
      env.DEMO = "0";

      // Migrate and load the directory (as the server would), and a coordinator with a verified
      // session, written directly to the database.
      database = await openDatabase(env.DATABASE_URL);
      await syncDirectory(database.db, loadRegions());
      const userId = randomUUID();
      await database.db.insert(schema.users).values({
        id: userId,
        username: `crash-${userId}@test`,
        displayName: "Crash Test",
        role: "coordinator",
        regionId: "bergslagen",
        totpEnabled: true,
      });
      const session = await createSession(database.db, userId, true);
      cookie = `sk_session=${session.id}`;
      csrf = session.csrfToken;
    }, 120_000);

    afterAll(async () => {
      await stopChild(first);
      await stopChild(second);
      await database?.close();
      if (dbName && !passed) console.log(`crash test: kept database ${dbName} for inspection`);
      if (dbName && passed) {
        await dropDatabase(adminUrl.toString(), dbName);
      }
    }, 120_000);

    it("keeps every acknowledged case whole after a SIGKILL and a restart", async () => {
      first = await startChild(env);
      const server = first;
      let killedAt = 0;
      const kill = () => {
        if (killedAt) return;
        killedAt = acks.length;
        server.process.kill("SIGKILL");
      };

      const started = performance.now();
      const unexpected: string[] = [];
      await Promise.all(
        Array.from({ length: REQUESTS }, async (_, n) => {
          let status: number;
          let text: string;
          try {
            const res = await fetch(`${server.url}/api/v1/cases/individual`, {
              method: "POST",
              headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
              body: body(n),
            });
            status = res.status;
            text = await res.text();
          } catch {
            // Cut off by the kill: not acknowledged, so it may or may not have been stored.
            failed++;
            return;
          }
          if (status !== 201) {
            unexpected.push(`request ${n}: ${status} ${text.slice(0, 300)}`);
            return;
          }
          const { id, ref } = JSON.parse(text) as { id: string; ref: string };
          acks.push({ n, id, ref });
          if (acks.length >= KILL_AFTER) kill();
        }),
      );
      const { signal } = await server.exited;
      const elapsed = Math.round(performance.now() - started);
      console.log(
        `crash test: ${acks.length} acknowledged (kill sent at ${killedAt}), ${failed} cut off, ${elapsed} ms`,
      );
      expect(unexpected, "every answer before the kill was 201").toEqual([]);
      expect(signal, "the server was killed, not finished").toBe("SIGKILL");
      expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(failed, "the kill came mid-way, with requests still in flight").toBeGreaterThan(0);

      second = await startChild(env);
      const restarted = second;
      const read = (id: string) =>
        fetch(`${restarted.url}/api/v1/cases/${id}`, { headers: { cookie } }).then(async (res) => ({
          status: res.status,
          detail: (await res.json()) as {
            id: string;
            ref: string;
            step: number;
            person: { name: string | null } | null;
            steps: { step: number }[];
          },
        }));

      // Every acknowledged case is there, with its person, step and decrypted marker intact.
      const answers = await inBatches(acks, 20, async (ack) => ({ ack, ...(await read(ack.id)) }));
      for (const { ack, status, detail } of answers) {
        expect(status, `case ${ack.id} (crash-${ack.n})`).toBe(200);
        expect(detail.id).toBe(ack.id);
        expect(detail.ref).toBe(ack.ref);
        expect(detail.person?.name).toBe(`crash-${ack.n}`);
        expect(detail.step).toBe(1 + (ack.n % 6));
        expect(detail.steps.map((s) => s.step)).toEqual([1 + (ack.n % 6)]);
      }

      // Nothing half-written: every case stored (acknowledged or not) has one person, one step
      // and one create entry in the audit log, and no person or step lacks its case.
      const db = database.db;
      const [broken] = (
        (await db.execute(sql`select
          (select count(*) from cases c
            where (select count(*) from persons p where p.id = c.person_id) <> 1)::int as without_one_person,
          (select count(*) from cases c
            where (select count(*) from case_steps s where s.case_id = c.id) <> 1)::int as without_one_step,
          (select count(*) from cases c where (select count(*) from audit_log a where a.object_type = 'case'
            and a.object_id = c.id::text and a.action = 'create') <> 1)::int as without_one_create_entry,
          (select count(*) from persons p where not exists (select 1 from cases c where c.person_id = p.id))::int
            as orphan_persons,
          (select count(*) from case_steps s where not exists (select 1 from cases c where c.id = s.case_id))::int
            as orphan_steps,
          (select count(*) from audit_log a where a.action = 'create' and a.object_type = 'case'
            and not exists (select 1 from cases c where c.id::text = a.object_id))::int as entry_without_case`)) as unknown as {
          rows: Record<string, number>[];
        }
      ).rows;
      expect(broken).toEqual({
        without_one_person: 0,
        without_one_step: 0,
        without_one_create_entry: 0,
        orphan_persons: 0,
        orphan_steps: 0,
        entry_without_case: 0,
      });

      // Cases stored but not acknowledged (committed as the server died) are whole too, and each
      // marker was stored at most once.
      const stored = (await db.select({ id: schema.cases.id }).from(schema.cases)).map((r) => r.id);
      expect(stored.length).toBeGreaterThanOrEqual(acks.length);
      expect(stored.length).toBeLessThanOrEqual(REQUESTS);
      const acked = new Set(acks.map((a) => a.id));
      const others = await inBatches(
        stored.filter((id) => !acked.has(id)),
        20,
        read,
      );
      const names = [...answers, ...others].map((a) => a.detail.person?.name ?? "");
      for (const { status, detail } of others) {
        expect(status).toBe(200);
        expect(detail.person?.name).toMatch(/^crash-\d+$/);
      }
      expect(new Set(names).size).toBe(names.length);
      console.log(`crash test: ${stored.length} cases stored, ${others.length} of them not acknowledged`);

      // The audit chain holds, reads after the restart included.
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
      await stopChild(restarted);
      passed = true;
    }, 120_000);
  },
);
