/**
 * `signals.ingest_per_s`: anonymous signals counted per day on arrival (ADR 0014), through the
 * real server and endpoint into a real PostgreSQL server. Virtual users post beacons as the
 * public pages do (one event each: mostly page views, then feedback, quiz answers, exercise
 * decisions and searches without hits), with no think time; every response must be 202, and the
 * day's counts must add up to every event the server acknowledged.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadContent } from "@stodkedjan/content";
import { schema } from "@stodkedjan/db";
import { dropDatabase } from "@stodkedjan/db/testing";
import { startServer } from "@stodkedjan/server";
import { sql } from "drizzle-orm";
import pg from "pg";
import { generateKey } from "../../packages/server/src/crypto/keyring.ts";
import { backendTicks } from "./cases.ts";
import { type LoadRequest, runLoad } from "./load.ts";
import type { Figures } from "./results.ts";

export interface SignalsOptions {
  databaseUrl: string;
  users?: number;
  warmupMs?: number;
  durationMs?: number;
  log?: (line: string) => void;
}

/** The beacons of one virtual user, in the proportions of a reading visit. */
function beacons(k: number, pages: string[]): LoadRequest[] {
  const post = (event: object): LoadRequest => ({
    kind: "ingest",
    path: "/api/v1/signals",
    method: "POST",
    body: JSON.stringify({ events: [event] }),
    status: 202,
  });
  const misses = ["hedersvåld", "tvångsgifte barn", "begging children", "arbetsgivare lön", "skuld"];
  return Array.from({ length: 200 }, (_, i) => {
    const n = (i * 31 + k * 17) % 100;
    const page = pages[(i * 7 + k) % pages.length] as string;
    if (n < 70) return post({ type: "view", page });
    if (n < 78)
      return post({ type: "feedback", page, helped: n % 2 === 0, ...(n % 2 ? { reason: "unclear" } : {}) });
    if (n < 88)
      return post({
        type: "quiz-answer",
        module: `module-${n % 5}`,
        question: `q-${i % 12}`,
        correct: n % 3 > 0,
      });
    if (n < 95)
      return post({
        type: "exercise-decision",
        exercise: `exercise-${n % 3}`,
        node: `node-${i % 9}`,
        choice: `c-${n % 4}`,
      });
    return post({ type: "search-miss", query: misses[i % misses.length], lang: "sv" });
  });
}

export async function benchSignals(o: SignalsOptions): Promise<Figures> {
  const log = o.log ?? console.log;
  const url = new URL(o.databaseUrl);
  const name = `stodkedjan_bench_signals_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  try {
    const server = await startServer({
      PORT: 0,
      HOST: "127.0.0.1",
      DATABASE_URL: url.toString(),
      FIELD_KEYS: `bench1:${generateKey()}`,
      // The benchmark's throwaway database: a throwaway checkpoint key and file.
      AUDIT_CHECKPOINT_KEY: randomBytes(32).toString("base64"),
      AUDIT_CHECKPOINT_FILE: join(tmpdir(), `bench-signals-checkpoints-${process.pid}.jsonl`),
      DEMO: false,
    });
    try {
      const pages = loadContent().pages.map((p) => p.url);
      const users = o.users ?? 32;
      // The word list is built on first use: warm it so the measurement starts with it in memory.
      const warm = await fetch(`${server.url}/api/v1/signals`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ events: [{ type: "search-miss", query: "barn", lang: "sv" }] }),
      });
      if (warm.status !== 202) throw new Error(`signals: warm-up answered ${warm.status}`);
      const monitor = new pg.Client({ connectionString: o.databaseUrl });
      await monitor.connect();
      const warmupMs = o.warmupMs ?? 3000;
      const durationMs = o.durationMs ?? 10_000;
      const running = runLoad({
        base: server.url,
        users: Array.from({ length: users }, (_, k) => ({ headers: {}, requests: beacons(k, pages) })),
        warmupMs,
        durationMs,
      });
      // CPU of the server's thread and of PostgreSQL's backends over the measured window.
      await new Promise((resolve) => setTimeout(resolve, warmupMs));
      const cpu0 = process.threadCpuUsage();
      const pg0 = await backendTicks(monitor, name);
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      const cpu = process.threadCpuUsage(cpu0);
      const pg1 = await backendTicks(monitor, name);
      await monitor.end();
      const load = loadavg()[0] as number;
      const r = await running;
      const pgMs = [...pg1].reduce((sum, [pid, t]) => sum + t - (pg0.get(pid) ?? 0), 0) * 10;
      const nodeMs = (cpu.user + cpu.system) / 1000;
      const perEvent = { node: nodeMs / r.completed, pg: pgMs / r.completed };
      if (r.errors > 0)
        throw new Error(`signals: ${r.errors} failed requests: ${r.errorSamples.join(" | ")}`);
      const db = server.database.db;
      const total = async (table: typeof schema.signalPageViews) =>
        Number((await db.select({ n: sql<number>`coalesce(sum(${table.count}), 0)` }).from(table))[0]?.n);
      const stored =
        (await total(schema.signalPageViews)) +
        (await total(schema.signalFeedback as never)) +
        (await total(schema.signalQuizAnswers as never)) +
        (await total(schema.signalExerciseDecisions as never)) +
        (await total(schema.signalSearchMisses as never));
      const counted = (await db.execute(
        sql`select (select count(*) from signal_page_views) + (select count(*) from signal_feedback) + (select count(*) from signal_quiz_answers) + (select count(*) from signal_exercise_decisions) + (select count(*) from signal_search_misses) as n`,
      )) as unknown as { rows: { n: string }[] };
      const rows = Number(counted.rows[0]?.n);
      if (stored < r.completed)
        throw new Error(`signals: ${r.completed} acknowledged but only ${stored} counted`);
      log(
        `signals: ${r.rps.toFixed(0)} events/s; ${stored} events counted into ${rows} daily rows; CPU per event: server thread ${perEvent.node.toFixed(3)} ms, PostgreSQL ${perEvent.pg.toFixed(3)} ms; load average ${load.toFixed(1)}`,
      );
      return {
        "signals.ingest_per_s": {
          value: r.rps,
          unit: "per_s",
          target: 5000,
          better: "higher",
          how: `${users} concurrent clients posting one-event beacons (70 % page views, the rest feedback, quiz answers, exercise decisions and searches without hits) to POST /api/v1/signals with no think time, for ${durationMs / 1000} s after a ${warmupMs / 1000} s warm-up; each event validated, checked and counted before the answer (insert … on conflict do update, requests arriving together counted in one statement) into PostgreSQL ${await serverVersion(db)} on the same machine; every response 202 and every acknowledged event counted (${stored} events in ${rows} daily rows). CPU per event: server thread ${perEvent.node.toFixed(3)} ms, PostgreSQL ${perEvent.pg.toFixed(3)} ms; 1-minute load average during the run ${load.toFixed(1)} on ${availableParallelism()} CPUs.`,
        },
        "signals.ingest_server_cpu_ms": {
          value: perEvent.node,
          unit: "ms",
          target: null,
          better: "lower",
          how: "CPU time of the server's thread per event counted (HTTP, validation, checks, the share of its batched statement), over the same run; 1000 divided by it is the rate one free core sustains.",
        },
      };
    } finally {
      await server.close();
    }
  } finally {
    await dropDatabase(o.databaseUrl, name);
  }
}

async function serverVersion(db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }) {
  const r = (await db.execute(sql`show server_version`)) as { rows: { server_version: string }[] };
  return r.rows[0]?.server_version.split(" ")[0] ?? "";
}
