/**
 * `signals.ingest_per_s`: anonymous signals counted per day on arrival (ADR 0014), through the
 * real server and endpoint into a real PostgreSQL server. Virtual users post beacons as the
 * public pages do (one per page visit, with that page's events: see VISITS), with no think time;
 * every response must be 202, and the day's counts must add up to exactly the events the server
 * acknowledged.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type Content, loadContent } from "@stodkedjan/content";
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

/**
 * The pages a reader visits, in these shares, and the events each sends in its one beacon as it
 * is left: a manual page read (1 event: its view), now and then with a "did this page help?"
 * answer (2); the search page, sometimes with a search that found nothing (1–2); a training
 * module's page, whose quiz has four questions (view + 4 answers = 5); an exercise, whose paths
 * take about five decisions to the debrief (view + 5 decisions = 6). 2.0 events per beacon on average.
 */
const VISITS = [
  { share: 63, kind: "manual" },
  { share: 7, kind: "manual-feedback" },
  { share: 7, kind: "search" },
  { share: 3, kind: "search-miss" },
  { share: 10, kind: "quiz" },
  { share: 10, kind: "exercise" },
] as const;

/** One virtual user's beacons: 200 page visits in the shares of VISITS, in a user-specific order. */
function beacons(k: number, content: Content): LoadRequest[] {
  const pages = content.pages.map((p) => p.url);
  const misses = ["hedersvåld", "tvångsgifte barn", "begging children", "arbetsgivare lön", "skuld"];
  const slots = VISITS.flatMap((v) => Array<string>(v.share).fill(v.kind));
  return Array.from({ length: 200 }, (_, i) => {
    // 31 is prime to 100: every hundred visits take each slot once.
    const kind = slots[(i * 31 + k * 17) % 100] as (typeof VISITS)[number]["kind"];
    const page = pages[(i * 7 + k) % pages.length] as string;
    const module = content.training[(i + k) % content.training.length] as Content["training"][number];
    const exercise = content.exercises[(i + k) % content.exercises.length] as Content["exercises"][number];
    const events: object[] =
      kind === "manual"
        ? [{ type: "view", page }]
        : kind === "manual-feedback"
          ? [
              { type: "view", page },
              { type: "feedback", page, helped: i % 2 === 0, ...(i % 2 ? { reason: "unclear" } : {}) },
            ]
          : kind === "search" || kind === "search-miss"
            ? [
                { type: "view", page: `/${module.lang}/${module.lang === "sv" ? "sok" : "search"}/` },
                ...(kind === "search-miss"
                  ? [{ type: "search-miss", query: misses[i % misses.length], lang: module.lang }]
                  : []),
              ]
            : kind === "quiz"
              ? [
                  { type: "view", page: module.url },
                  ...module.quiz.slice(0, 4).map((q, j) => ({
                    type: "quiz-answer",
                    module: module.id,
                    question: q.id,
                    correct: (i + j) % 3 > 0,
                  })),
                ]
              : [
                  { type: "view", page: exercise.url },
                  ...exercise.nodes.slice(0, 5).map((node, j) => ({
                    type: "exercise-decision",
                    exercise: exercise.id,
                    node: node.id,
                    choice: node.choices[(i + j) % node.choices.length]?.id,
                  })),
                ];
    return {
      kind: "ingest",
      path: "/api/v1/signals",
      method: "POST",
      body: JSON.stringify({ events }),
      status: 202,
      units: events.length,
    };
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
      const content = loadContent();
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
        users: Array.from({ length: users }, (_, k) => ({ headers: {}, requests: beacons(k, content) })),
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
      const events = r.unitsPerS * (durationMs / 1000);
      const perEvent = { node: nodeMs / events, pg: pgMs / events };
      const perBeacon = { node: nodeMs / r.completed, pg: pgMs / r.completed };
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
      // Every event acknowledged over the whole run (and the warm-up's one) is counted, once.
      if (stored !== r.acknowledgedUnits + 1)
        throw new Error(`signals: ${r.acknowledgedUnits + 1} events acknowledged but ${stored} counted`);
      const perBeaconMean = events / r.completed;
      const cpuText = `CPU per event: server thread ${perEvent.node.toFixed(3)} ms, PostgreSQL ${perEvent.pg.toFixed(3)} ms (per beacon ${perBeacon.node.toFixed(3)} ms and ${perBeacon.pg.toFixed(3)} ms)`;
      log(
        `signals: ${r.unitsPerS.toFixed(0)} events/s in ${r.rps.toFixed(0)} beacons/s (${perBeaconMean.toFixed(2)} events each); ${stored} events acknowledged and counted into ${rows} daily rows; ${cpuText}; load average ${load.toFixed(1)}`,
      );
      return {
        "signals.ingest_per_s": {
          value: r.unitsPerS,
          unit: "per_s",
          target: 5000,
          better: "higher",
          how: `${users} concurrent clients posting beacons as the pages send them, one per page visit with that page's events (ADR 0019): ${VISITS.map((v) => `${v.share} % ${v.kind}`).join(", ")} — a manual page read is 1 event (its view), with a "did this page help?" answer 2, the search page 1 or 2 (view, search without hits), a training module's page 5 (view and its quiz's 4 answers), an exercise 6 (view and 5 decisions), ${perBeaconMean.toFixed(2)} events per beacon on average; to POST /api/v1/signals with no think time, for ${durationMs / 1000} s after a ${warmupMs / 1000} s warm-up: ${r.rps.toFixed(0)} beacons/s. Each event validated, checked and counted before the answer (insert … on conflict do update; beacons arriving together counted in one statement) into PostgreSQL ${await serverVersion(db)} on the same machine; every response 202, and the counts add up to exactly the events acknowledged over the whole run (${stored} events in ${rows} daily rows). ${cpuText}; 1-minute load average during the run ${load.toFixed(1)} on ${availableParallelism()} CPUs.`,
        },
        "signals.beacons_per_s": {
          value: r.rps,
          unit: "per_s",
          target: null,
          better: "higher",
          how: `The requests (beacons) per second of the same run, ${perBeaconMean.toFixed(2)} events each; 1000 divided by the server thread's ${perBeacon.node.toFixed(3)} ms per beacon is what one free core sustains.`,
        },
        "signals.ingest_server_cpu_ms": {
          value: perEvent.node,
          unit: "ms",
          target: null,
          better: "lower",
          how: `CPU time of the server's thread per event counted (its share of the beacon's HTTP, validation and checks and of its batched statement), over the same run, at ${perBeaconMean.toFixed(2)} events per beacon; 1000 divided by it is the rate one free core sustains.`,
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
