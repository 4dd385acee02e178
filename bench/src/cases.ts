/**
 * Case coordination under load on a real PostgreSQL server: latency of the region's case list
 * and of one case's page at 50 concurrent users over 100,000 cases, and our throughput against a
 * bare `node:http` + `pg` server running the same SQL (see bare.ts).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_POOL_SIZE } from "@stodkedjan/db";
import { startServer } from "@stodkedjan/server";
import pg from "pg";
import { createSession } from "../../packages/server/src/auth/sessions.ts";
import { random } from "../../packages/server/src/demo/random.ts";
import { startBareServer } from "./bare.ts";
import { pick } from "./cases-data.ts";
import { type BenchDatabase, createBenchDatabase } from "./cases-setup.ts";
import { type LoadPlan, type LoadRequest, type LoadResult, runLoad, type VirtualUser } from "./load.ts";
import { type Figures, median, percentile } from "./results.ts";

export interface CasesOptions {
  /** A postgres:// URL of a server where the bench may create (and afterwards drop) a database. */
  databaseUrl?: string;
  cases?: number;
  users?: number;
  warmupMs?: number;
  durationMs?: number;
  /** Keep the bench database afterwards (for profiling by hand). */
  keep?: boolean;
  log?: (line: string) => void;
}

/** The server's default pool, which the bare server uses too. */
const POOL_SIZE = DEFAULT_POOL_SIZE;

/** Half of the list requests use one of these filters, the other half none. */
const FILTERS = [
  "?kind=individual",
  "?kind=consultation",
  "?step=2",
  "?step=4",
  "?form=labour",
  "?form=sexual",
  "?ageGroup=child",
  "?q=barn",
  "?q=tigg",
  "?kind=individual&form=begging",
];

type MeasureDb = Pick<BenchDatabase, "url" | "keySpec" | "users" | "loaded" | "loadMs">;

/** Each virtual user's request sequence: list pages with and without filters, and case pages of its region. */
function requestsFor(
  regionId: string,
  db: MeasureDb,
  rnd: () => number,
  kind: "list" | "detail" | "mix",
  n = 400,
): LoadRequest[] {
  const full = db.loaded.fullCases.get(regionId) as string[];
  const list = (): LoadRequest => ({
    kind: "list",
    path: `/api/v1/cases${rnd() < 0.5 ? "" : pick(rnd, FILTERS)}`,
  });
  const detail = (): LoadRequest => ({ kind: "detail", path: `/api/v1/cases/${pick(rnd, full)}` });
  return Array.from({ length: n }, (_, i) =>
    kind === "list" ? list() : kind === "detail" ? detail() : i % 2 ? detail() : list(),
  );
}

const round = (n: number) => Math.round(n * 10) / 10;

function summary(r: LoadResult, kind: string) {
  const l = r.latencies[kind] ?? [];
  return { p50: median(l), p99: percentile(l, 99), n: l.length, max: Math.max(...l) };
}

/** CPU ticks so far of each PostgreSQL backend serving `database` (Linux /proc; empty elsewhere). */
export async function backendTicks(admin: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [database],
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // After the command: state is field 0, utime 11 and stime 12, in clock ticks (100 per second).
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      // gone meanwhile, or no /proc
    }
  }
  return ticks;
}

/** Every key path of a JSON value (array elements merged): the shape two answers must share. */
function shape(value: unknown, path = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) shape(item, `${path}[]`, out);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.add(`${path}.${k}`);
      shape(v, `${path}.${k}`, out);
    }
  return out;
}

interface Samples {
  caseId: string;
  list: string;
  detail: Set<string>;
}

/** The first list page and one case's shape, to check that the bare server answers like ours. */
async function samples(base: string, headers: Record<string, string>, caseId: string): Promise<Samples> {
  const list = await (await fetch(`${base}/api/v1/cases?kind=individual`, { headers })).text();
  const detail = await (await fetch(`${base}/api/v1/cases/${caseId}`, { headers })).json();
  return { caseId, list, detail: shape(detail) };
}

function compareSamples(ours: Samples, bare: Samples): string {
  const problems: string[] = [];
  if (ours.list !== bare.list) problems.push("the list page differs");
  const missing = [...ours.detail].filter((k) => !bare.detail.has(k));
  const extra = [...bare.detail].filter((k) => !ours.detail.has(k));
  if (missing.length) problems.push(`case fields missing: ${missing.join(", ")}`);
  if (extra.length) problems.push(`extra case fields: ${extra.join(", ")}`);
  return problems.join("; ");
}

interface Phase {
  result: LoadResult;
  /** CPU ms per completed request: the server's thread (the bench's main thread) and PostgreSQL's backends. */
  nodeCpu: number;
  pgCpu: number | null;
}

/**
 * Runs a load plan, measuring CPU over the measured window only. PostgreSQL CPU counts the backends
 * alive at the end (connections the pool closed meanwhile are missed, so it is a lower bound).
 */
async function phase(plan: LoadPlan, admin: pg.Client, database: string): Promise<Phase> {
  let cpu0 = process.threadCpuUsage();
  let pg0 = new Map<number, number>();
  const mark = setTimeout(async () => {
    cpu0 = process.threadCpuUsage();
    pg0 = await backendTicks(admin, database);
  }, plan.warmupMs);
  const result = await runLoad(plan);
  clearTimeout(mark);
  const cpu = process.threadCpuUsage(cpu0);
  const pg1 = await backendTicks(admin, database);
  let ticks = 0;
  for (const [pid, t] of pg1) ticks += t - (pg0.get(pid) ?? 0);
  const n = Math.max(1, result.completed);
  return {
    result,
    nodeCpu: (cpu.user + cpu.system) / 1000 / n,
    pgCpu: pg1.size ? (ticks * 10) / n : null,
  };
}

export async function benchCases(options: CasesOptions = {}): Promise<Figures> {
  const databaseUrl = options.databaseUrl ?? (process.env.DATABASE_URL as string);
  const total = options.cases ?? 100_000;
  const nUsers = options.users ?? 50;
  const warmupMs = options.warmupMs ?? 3_000;
  const durationMs = options.durationMs ?? 15_000;
  const log = options.log ?? ((line: string) => console.log(line));

  log(`cases: loading ${total.toLocaleString("en")} cases into a fresh database…`);
  const db = await createBenchDatabase(databaseUrl, total, nUsers);
  const l = db.loaded;
  log(
    `cases: loaded in ${(db.loadMs / 1000).toFixed(1)} s (${l.persons} persons, ${l.steps} step changes, ${l.notes} notes, ${l.tasks} tasks, ${l.shares} shares)`,
  );
  try {
    return await measureCases(db, { warmupMs, durationMs, log });
  } finally {
    if (options.keep) log(`cases: kept database ${db.url}`);
    else await db.drop();
  }
}

/** The load phases on a loaded database (exported for profiling runs on a kept database). */
export async function measureCases(
  db: MeasureDb,
  options: { warmupMs: number; durationMs: number; log: (line: string) => void; thinkMs?: number },
): Promise<Figures> {
  const { warmupMs, durationMs, log } = options;
  const thinkMs = options.thinkMs ?? 1_000;
  const total = db.loaded.cases;
  const nUsers = db.users.length;
  const database = new URL(db.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const load0 = loadavg()[0] as number;
  const rnd = random(7);
  const plan = (
    kind: "list" | "detail" | "mix",
    base: string,
    headers: (k: number) => Record<string, string>,
    think = 0,
  ): LoadPlan => ({
    base,
    warmupMs,
    durationMs,
    thinkMs: think,
    users: db.users.map(
      (u, k): VirtualUser => ({ headers: headers(k), requests: requestsFor(u.regionId, db, rnd, kind) }),
    ),
  });
  const report = (name: string, p: Phase) => {
    const r = p.result;
    const series = Object.entries(r.latencies)
      .map(([k, v]) => `${k} p50 ${round(median(v))} ms p99 ${round(percentile(v, 99))} ms (n=${v.length})`)
      .join(", ");
    const cpu = `CPU/request: server thread ${p.nodeCpu.toFixed(2)} ms, PostgreSQL ${p.pgCpu?.toFixed(2) ?? "?"} ms`;
    log(`cases: ${name}: ${r.rps.toFixed(0)} responses/s; ${series}; ${cpu}`);
    if (r.errors > 0)
      throw new Error(`cases: ${name}: ${r.errors} failed requests: ${r.errorSamples.join(" | ")}`);
  };

  try {
    const server = await startServer({
      PORT: 0,
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      FIELD_KEYS: db.keySpec,
      // The benchmark's throwaway database: a throwaway checkpoint key and file.
      AUDIT_CHECKPOINT_KEY: randomBytes(32).toString("base64"),
      AUDIT_CHECKPOINT_FILE: join(tmpdir(), `bench-audit-checkpoints-${process.pid}.jsonl`),
      DEMO: false,
    });
    const cookies: string[] = [];
    let ourShapes: Samples | undefined;
    let list: Phase;
    let detail: Phase;
    let mix: Phase;
    let paced: Phase;
    try {
      for (const u of db.users)
        cookies.push(`sk_session=${(await createSession(server.database.db, u.id, true)).id}`);
      const ours = (k: number) => ({ cookie: cookies[k] as string });
      // The measured path must be the real one: a signed-in read that decrypts.
      const first = db.users[0] as { regionId: string };
      const sample = (db.loaded.fullCases.get(first.regionId) as string[])[0];
      const res = await fetch(`${server.url}/api/v1/cases/${sample}`, { headers: ours(0) });
      const body = (await res.json()) as { person?: { name?: string }; notes?: { body?: string }[] };
      if (res.status !== 200 || !body.person?.name?.startsWith("Testperson") || !body.notes?.[0]?.body)
        throw new Error(
          `cases: a case read did not decrypt: ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
        );

      ourShapes = await samples(server.url, ours(0), sample as string);

      list = await phase(plan("list", server.url, ours), admin, database);
      report("list", list);
      detail = await phase(plan("detail", server.url, ours), admin, database);
      report("detail", detail);
      mix = await phase(plan("mix", server.url, ours), admin, database);
      report("mix", mix);
      paced = await phase(plan("mix", server.url, ours, thinkMs), admin, database);
      report(`paced mix (think ${thinkMs} ms)`, paced);
    } finally {
      await server.close();
    }
    const bare = await startBareServer(db.url, POOL_SIZE);
    let bareMix: Phase;
    let mismatch = "";
    try {
      const region = (k: number) => ({ "x-region": db.users[k]?.regionId as string });
      const bareShapes = await samples(bare.url, region(0), ourShapes?.caseId as string);
      mismatch = compareSamples(ourShapes as Samples, bareShapes);
      if (mismatch) log(`cases: WARNING: the bare server's answers differ from the server's: ${mismatch}`);
      bareMix = await phase(plan("mix", bare.url, region), admin, database);
      report("bare mix", bareMix);
    } finally {
      await bare.close();
    }
    const load1 = loadavg()[0] as number;

    const ls = summary(list.result, "list");
    const ds = summary(detail.result, "detail");
    const pl = summary(paced.result, "list");
    const pd = summary(paced.result, "detail");
    const machine = `${availableParallelism()} CPUs, 1-min load average ${load0.toFixed(1)} before and ${load1.toFixed(1)} after`;
    const setting = `${nUsers} concurrent virtual users (closed loop, no think time, keep-alive; load generator in a worker thread, server on the main thread of a process of its own whose data was loaded by another thread), ${warmupMs / 1000} s warm-up then ${durationMs / 1000} s measured, ${total.toLocaleString("en")} cases in 7 regions on a local PostgreSQL server (loopback, pool of ${POOL_SIZE}), coordinators signed in with sessions; ${machine}`;
    const cpu = (p: Phase) =>
      `${p.nodeCpu.toFixed(2)} ms server-thread CPU and ${p.pgCpu === null ? "?" : p.pgCpu.toFixed(2)} ms PostgreSQL CPU per request`;
    return {
      "cases.list_p99_ms": {
        value: ls.p99,
        unit: "ms",
        target: 50,
        better: "lower",
        how: `p99 of ${ls.n} GET /api/v1/cases (first page of the region's open cases; half of them with a filter: kind, step, form, age group, a prefix search or two at once) at ${setting}. ${list.result.rps.toFixed(0)} requests/s, ${cpu(list)}; max ${round(ls.max)} ms.`,
      },
      "cases.list_p50_ms": {
        value: ls.p50,
        unit: "ms",
        target: null,
        better: "lower",
        how: `Median of the same ${ls.n} list requests as cases.list_p99_ms.`,
      },
      "cases.detail_p99_ms": {
        value: ds.p99,
        unit: "ms",
        target: 50,
        better: "lower",
        how: `p99 of ${ds.n} GET /api/v1/cases/{id} (open individual cases of the user's region, with person, 1–3 step changes, a note and a task, read in one statement; name, contact, note and task decrypted) at ${setting}. ${detail.result.rps.toFixed(0)} requests/s, ${cpu(detail)}; max ${round(ds.max)} ms.`,
      },
      "cases.detail_p50_ms": {
        value: ds.p50,
        unit: "ms",
        target: null,
        better: "lower",
        how: `Median of the same ${ds.n} case reads as cases.detail_p99_ms.`,
      },
      "cases.throughput_ratio": {
        value: mix.result.rps / bareMix.result.rps,
        unit: "ratio",
        target: 0.5,
        better: "higher",
        how: `Requests/s of the server (${mix.result.rps.toFixed(0)}/s; ${cpu(mix)}) over a bare node:http server (${bareMix.result.rps.toFixed(0)}/s; ${cpu(bareMix)}) for the same 50/50 list/detail mix and load (${setting}). The bare server (bench/src/bare.ts) sends the same SQL text through pg with the same pool size and returns the same JSON shape; it has no auth (region from a header, so no session lookup: 1 statement per request), no audit entry (group-committed: 1 statement per batch), no decryption (tokens returned as stored), no Hono/zod-openapi routing or validation and no security headers.${mismatch ? ` WARNING: its answers differ from the server's (${mismatch}); update bench/src/bare.ts.` : " Checked before the run: the same list page and the same case JSON shape as the server."}`,
      },
      "cases.mix_per_s": {
        value: mix.result.rps,
        unit: "per_s",
        target: null,
        better: "higher",
        how: `Requests/s of the server for a 50/50 list/detail mix at ${setting}.`,
      },
      "cases.bare_mix_per_s": {
        value: bareMix.result.rps,
        unit: "per_s",
        target: null,
        better: "higher",
        how: "Requests/s of the bare node:http + pg reference for the same mix and load (see cases.throughput_ratio).",
      },
      "cases.paced_list_p99_ms": {
        value: pl.p99,
        unit: "ms",
        target: null,
        better: "lower",
        how: `p99 of ${pl.n} list requests (median ${round(pl.p50)} ms) when the ${nUsers} users think between requests (exponential, mean ${thinkMs} ms; ${paced.result.rps.toFixed(0)} requests/s of a 50/50 list/detail mix), otherwise as cases.list_p99_ms.`,
      },
      "cases.paced_detail_p99_ms": {
        value: pd.p99,
        unit: "ms",
        target: null,
        better: "lower",
        how: `p99 of ${pd.n} case reads (median ${round(pd.p50)} ms) in the same paced run as cases.paced_list_p99_ms.`,
      },
      "cases.load_ms": {
        value: db.loadMs,
        unit: "ms",
        target: null,
        better: "lower",
        how: `Bulk load of ${total.toLocaleString("en")} cases with persons, step changes, notes, tasks and shares (real AES-256-GCM tokens per row) by INSERT … SELECT unnest batches of 5,000, then VACUUM ANALYZE.`,
      },
    };
  } finally {
    await admin.end();
  }
}
