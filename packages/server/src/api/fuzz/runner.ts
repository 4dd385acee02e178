/**
 * The fuzz test's one runner (see fuzz.test.ts for the properties and the table of operations):
 * it sends each operation's generated requests through the whole app and applies the same checks
 * to every answer, then the totals and the table's invariants at the end.
 */
import { swedishToday } from "@stodkedjan/domain";
import { type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../../audit/log.ts";
import { type TestApp, testApp } from "../../testing.ts";
import { type Expect, type Json, notJson, rawBodies } from "./json.ts";
import { add, type Counted, type Counts, countRows, installRowCounters, trackedRows } from "./rows.ts";

export interface Session {
  cookie: string;
  csrf: string;
}

/** One request an operation's generator made, and what it knows of the answer. */
export interface Sent {
  path: string;
  /** The body as sent (JSON text, or not). */
  body: string;
  /** application/json unless given; null sends none. */
  contentType?: string | null;
  /** What the generator knows: accepted, refused (any 4xx), a given 4xx, or nothing. */
  expect: Expect | 403 | 404;
  how: string;
  /** Who sends it, when not the operation's role (a 403, audited, when the role may not). */
  as?: string;
  /** Whether a 404 is a denial of a case out of scope (audited), rather than a missing referral, shelter, task... */
  notFoundAudited?: boolean;
  /** The path may name no operation at all (a 404 that audits nothing). */
  strayPath?: boolean;
  /** The id of what the operation changes (a referral, a shelter, a case...), read by its probe and put back by its reset. */
  watch?: string;
}

/** A request's answer, with what was read right after it, for an operation's hooks. */
export interface Outcome<F> {
  t: TestApp;
  f: F;
  sent: Sent;
  status: number;
  ok: boolean;
  /** The answer's JSON, if it is JSON. */
  answer: Record<string, unknown> | undefined;
  /** A 2xx answer's `id`, if it has one. */
  id: string | undefined;
  /** What the operation's `before` read before the request. */
  before: unknown;
  /** What the operation's probes read right after the request. */
  probed: Record<string, unknown>;
  /** The Swedish calendar day before the request (the service's "today"). */
  dayBefore: string;
  context: string;
}

/** One row of the table: a write operation and how to fuzz it. */
export interface Operation<F> {
  /** "POST /api/v1/...", as in the OpenAPI document. */
  name: string;
  /** The documented success status. */
  ok: 200 | 201 | 202;
  /** The session that may use it. */
  as: string;
  /** The counted rows an accepted request adds (an audit entry, a row...). */
  writes: Partial<Counts>;
  /** The requests of the main property, aimed at the fixtures: JSON bodies (or, for an operation that takes no body, any body). */
  requests: (f: F) => fc.Arbitrary<Sent>;
  /** Whether the main property runs as many times as the raw properties (an operation that takes no body). */
  few?: boolean;
  /** At most this many requests in each of the row's properties on each database, whatever the suite's runs (CI's time). */
  runs?: Record<Suite<F>["target"], number>;
  /**
   * A path that accepts a valid body, the valid bodies, and what an empty request without a content
   * type gets: bodies that are not JSON, or not sent as JSON, go there. (An operation that takes no
   * body sends such bodies in its `requests`.)
   */
  raw?: (f: F) => { path: string; valid: fc.Arbitrary<Json>; watch?: string; empty?: Expect };
  /** Fuzzed ids in the path: the ids, and the request with one of them (a valid body). */
  pathIds?: { ids: (f: F) => fc.Arbitrary<string>; sent: (f: F, id: string) => Sent };
  /** Reads what the operation may change, before the request (e.g. a shelter's fields). */
  before?: (f: F, t: TestApp, sent: Sent) => Promise<unknown>;
  /** What to read right after the request (SQL giving one value each), given the request and a created id. */
  probe?: (f: F, sent: Sent, id: string | undefined) => Record<string, SQL | undefined>;
  /**
   * Called after every request, before any check (to note what was read): the rows an accepted
   * answer accounts for besides `writes` (e.g. an event when the status changed).
   */
  account?: (o: Outcome<F>) => Partial<Counts>;
  /** Puts the state back after an accepted request, so that every request meets the same; returns the counters it moved. */
  reset?: (o: Outcome<F>) => Promise<Partial<Counts>>;
  /** What the answer and the rows must look like (a 2xx's shape, what was created, what a refusal left alone). */
  judge?: (o: Outcome<F>) => void | Promise<void>;
}

export interface Suite<F> {
  target: "pglite" | "postgres";
  /** Requests per operation (JSON bodies), and per raw or path-id property. */
  runs: number;
  rawRuns: number;
  timeout: number;
  seed: number | undefined;
  report: boolean;
  counted: readonly Counted[];
  /** Signs in the sessions (by the names the operations use) and makes the fixtures. */
  setup: (t: TestApp) => Promise<{ sessions: Record<string, Session>; fixtures: F }>;
  operations: readonly Operation<F>[];
  /** Cross-table invariants, each a count that must be 0. */
  invariants: (t: TestApp, f: F) => Promise<Record<string, number>>;
}

const STATUSES = [400, 401, 403, 404, 409, 413, 415, 422];

export function fuzzSuite<F>(suite: Suite<F>) {
  const { target, runs, rawRuns, timeout, counted } = suite;
  let t: TestApp;
  let sessions: Record<string, Session> = {};
  let fixtures: F;
  let baseline: Counts;
  /** What the counters should hold: the last counts read, and the counts the accepted requests account for in all. */
  let known: Counts | null = null;
  let expected: Counts;
  /** The answers' statuses per operation, for FUZZ_REPORT and the check that each operation accepts and refuses some. */
  const answers = new Map<string, Record<number, number>>();

  beforeAll(async () => {
    t = await testApp(target);
    ({ sessions, fixtures } = await suite.setup(t));
    for (const op of suite.operations) answers.set(op.name, {});
    baseline = await countRows(t, counted);
    expected = baseline;
    await installRowCounters(t, counted);
    expect((await trackedRows(t, counted)).counts).toEqual(baseline);
  }, 60_000);

  afterAll(async () => {
    if (!t) return;
    if (suite.report) {
      for (const [name, statuses] of answers) console.info(`${target} ${name}: ${JSON.stringify(statuses)}`);
      console.info(`${target} rows written: ${JSON.stringify(add(expected, mapNeg(baseline)))}`);
    }
    // Totals: exactly what the accepted requests (and audited denials) account for, and the
    // counters agree with count(*).
    const total = await countRows(t, counted);
    const { counts } = await trackedRows(t, counted);
    expect(counts).toEqual(expected);
    expect(total).toEqual({
      ...expected,
      ...Object.fromEntries(counted.flatMap((c) => (c.updates ? [[c.updates, 0]] : []))),
    });
    await t.close();
  }, 120_000);

  async function post(path: string, body: string, contentType: string | null, session: Session | undefined) {
    const headers: Record<string, string> = session
      ? { cookie: session.cookie, "x-csrf-token": session.csrf }
      : {};
    if (contentType !== null) headers["content-type"] = contentType;
    // A byte body, so that no content type is implied when none is sent.
    const res = await t.app.request(path, { method: "POST", headers, body: new TextEncoder().encode(body) });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  }

  /** Sends one request and checks the answer and the rows written. */
  async function check(op: Operation<F>, sent: Sent) {
    const as = sent.as ?? op.as;
    const dayBefore = swedishToday();
    const before = known ?? (await trackedRows(t, counted)).counts;
    const stateBefore = op.before ? await op.before(fixtures, t, sent) : undefined;
    const res = await post(
      sent.path,
      sent.body,
      sent.contentType === undefined ? "application/json" : sent.contentType,
      sessions[as],
    );
    const context = `${op.name} [${sent.how}] -> ${res.status} ${res.type} ${res.text.slice(0, 500)}`;

    // First observe (so that the totals stay right even when an assertion below fails) ...
    let answer: Record<string, unknown> | undefined;
    try {
      answer = JSON.parse(res.text);
    } catch {
      answer = undefined;
    }
    const ok = res.status >= 200 && res.status < 300;
    const id = ok && typeof answer?.id === "string" ? answer.id : undefined;
    const { counts: after, probed } = await trackedRows(t, counted, op.probe?.(fixtures, sent, id));
    const outcome: Outcome<F> = {
      t,
      f: fixtures,
      sent,
      status: res.status,
      ok,
      answer,
      id,
      before: stateBefore,
      probed,
      dayBefore,
      context,
    };
    const statuses = answers.get(op.name) ?? {};
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    // A case out of scope is an audited denial, and so is an operation the role may not use; a path
    // that names no operation at all (a stray id such as "..") is a 404 that audits nothing, and so
    // is a referral, shelter, task or share that does not exist.
    const denial =
      (res.status === 404 &&
        sent.notFoundAudited !== false &&
        !(sent.strayPath && after.audit === before.audit)) ||
      (res.status === 403 && as !== op.as);
    const besides = op.account?.(outcome) ?? {};
    const writes = ok ? sumOf(op.writes, besides) : denial ? { audit: 1 } : {};
    expected = add(expected, writes);
    known = after;
    if (ok && op.reset) {
      const moved = await op.reset(outcome);
      known = add(after, moved);
      expected = add(expected, moved);
    }

    // ... then judge.
    expect(res.status, context).toBeLessThan(500);
    expect([op.ok, ...STATUSES], context).toContain(res.status);
    if (res.status >= 400) {
      expect(res.type, context).toMatch(/^application\/problem\+json/);
      expect(answer?.status, context).toBe(res.status);
      expect(typeof answer?.title, context).toBe("string");
    } else {
      expect(res.status, context).toBe(op.ok);
      expect(res.type, context).toMatch(/^application\/json/);
    }
    if (sent.expect === "accept") expect(res.status, context).toBe(op.ok);
    if (sent.expect === "reject") expect(res.status, context).toBeGreaterThanOrEqual(400);
    if (sent.expect === 403 || sent.expect === 404) expect(res.status, context).toBe(sent.expect);
    // No partial write: exactly the rows the answer accounts for ...
    expect(after, `rows written by ${context}`).toEqual(add(before, writes));
    // ... and the operation's own checks: what a 2xx looks like, what was created, what a refusal left.
    await op.judge?.(outcome);
  }

  const options = (numRuns: number) => ({ numRuns, seed: suite.seed, endOnFailure: false });

  describe(`API write operations under fuzzed input on ${target}`, () => {
    // A full run on a loaded machine outlasts the sessions' 30-minute idle timeout for a role that
    // only the last rows use: each property starts with every session fresh (not a counted table).
    beforeEach(async () => {
      if (t) await t.db.execute(sql`update sessions set last_seen_at = now()`);
    });

    const capped = (op: Operation<F>, n: number) => Math.min(n, op.runs?.[target] ?? n);
    for (const op of suite.operations) {
      const n = capped(op, op.few ? rawRuns : runs);
      it(
        `${op.name}: ${n} ${op.few ? "requests" : "JSON bodies"}`,
        async () => {
          await fc.assert(
            fc.asyncProperty(op.requests(fixtures), (sent) => check(op, sent)),
            options(n),
          );
        },
        timeout,
      );
    }

    it(
      `every write operation: up to ${rawRuns} bodies that are not JSON, or not sent as JSON, each`,
      async () => {
        const how = (r: { body: string; contentType: string | null }) =>
          `raw ${JSON.stringify(r.body.slice(0, 80))} as ${r.contentType ?? "(no content type)"}`;
        for (const op of suite.operations) {
          if (!op.raw) continue;
          const { path, valid, watch, empty = "reject" } = op.raw(fixtures);
          // No body and no (or an empty) content type is read as the empty object.
          const expectation = (r: { body: string; contentType: string | null }): Expect =>
            r.body === "" && !r.contentType
              ? empty
              : notJson(r.body.replace(/^\ufeff/, "")) ||
                  !/^application\/(problem\+)?json(;|$)/i.test(r.contentType ?? "")
                ? "reject"
                : "any";
          await fc.assert(
            fc.asyncProperty(rawBodies(valid), async (r) => {
              await check(op, {
                path,
                body: r.body,
                contentType: r.contentType,
                expect: expectation(r),
                how: how(r),
                watch,
              });
            }),
            options(capped(op, rawRuns)),
          );
        }
      },
      timeout,
    );

    for (const op of suite.operations) {
      const { pathIds } = op;
      if (!pathIds) continue;
      it(
        `${op.name}: ${capped(op, rawRuns)} path ids`,
        async () => {
          await fc.assert(
            fc.asyncProperty(pathIds.ids(fixtures), (id) => check(op, pathIds.sent(fixtures, id))),
            options(capped(op, rawRuns)),
          );
        },
        timeout,
      );
    }

    it("leaves no orphan or partial rows and an intact audit chain", async () => {
      const found = await suite.invariants(t, fixtures);
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, 0])));
      expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true });
    }, 120_000);

    it("accepted and refused requests of every operation", () => {
      for (const [name, statuses] of answers) {
        const all = Object.entries(statuses);
        const ok = all.filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0);
        const refused = all.filter(([s]) => Number(s) >= 400).reduce((n, [, c]) => n + c, 0);
        expect(ok, `${name} accepted`).toBeGreaterThan(0);
        expect(refused, `${name} refused`).toBeGreaterThan(0);
      }
    });
  });
}

const sumOf = (a: Partial<Counts>, b: Partial<Counts>): Partial<Counts> => {
  const out: Partial<Counts> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + (v ?? 0);
  return out;
};
const mapNeg = (c: Counts): Counts => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]));
