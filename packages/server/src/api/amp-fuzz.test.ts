/**
 * Property-based fuzzing of the ÅMP write operations (ADR 0028), through the whole app with IOM's
 * and the coordinator's sessions. Every answer must be: never a 5xx; a 4xx as problem+json whose
 * `status` equals the HTTP status; and without partial writes: a refused request changes no row
 * of referrals, referral_events, amp_claims, amp_messages or referral_followups, and an accepted
 * one adds exactly what it accounts for (a claim, a message, a follow-up, a status event). At every
 * step no support item has been paid beyond what was granted. FUZZ_RUNS=<n> sets runs per operation.
 */
import { AMP_FOLLOW_UP_KINDS, AMP_PHASE_LIST, AMP_SUPPORT_KINDS, swedishDay } from "@stodkedjan/domain";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as amp from "../amp/service.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { adultCaseInput, type TestApp, testApp } from "../testing.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const daysAgo = (n: number) => swedishDay(-n);

const date = fc.oneof(
  fc.integer({ min: -30, max: 900 }).map(daysAgo),
  fc.constantFrom("2026-02-30", "", "yesterday", "1899-12-31"),
  fc.string({ maxLength: 12 }),
);
const amount = fc.oneof(
  fc.integer({ min: -10, max: 30_000 }),
  fc.constantFrom(0, 1.5, 1e12, Number.MAX_SAFE_INTEGER),
  fc.string({ maxLength: 6 }),
);
const text = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom("  ", "a\u0000b", "\ud800", "x".repeat(4001)),
);
const kind = fc.oneof(fc.constantFrom(...AMP_SUPPORT_KINDS), fc.string({ maxLength: 8 }));
/** Now and then a key that does not belong, or a value of the wrong JSON type. */
const noise = fc.option(fc.record({ extra: fc.anything() }), { nil: undefined });
const withNoise = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, noise).map(([body, n]) => ({ ...body, ...(n ?? {}) }));

const BODIES: Record<string, fc.Arbitrary<unknown>> = {
  decision: fc.oneof(
    withNoise(
      fc.record({
        decision: fc.constant("approve"),
        approvedOn: date,
        amounts: fc.dictionary(kind, amount, { maxKeys: 4 }),
      }),
    ),
    withNoise(
      fc.record(
        { decision: fc.constantFrom("request-info", "refuse", "close", "x"), message: text, reason: text },
        { requiredKeys: ["decision"] },
      ),
    ),
    fc.anything(),
  ),
  claims: fc.oneof(
    withNoise(fc.record({ kind, amountSek: amount, on: date }, { requiredKeys: [] })),
    fc.anything(),
  ),
  messages: fc.oneof(withNoise(fc.record({ body: text })), fc.anything()),
  phase: fc.oneof(
    withNoise(fc.record({ phase: fc.oneof(fc.constantFrom(...AMP_PHASE_LIST), fc.string()), on: date })),
    fc.anything(),
  ),
  "child-confirmation": fc.oneof(
    withNoise(fc.record({ guardian: fc.oneof(fc.boolean(), fc.string()), authority: fc.boolean() })),
    fc.anything(),
  ),
  followups: fc.oneof(
    withNoise(
      fc.record({
        on: date,
        kind: fc.oneof(fc.constantFrom(...AMP_FOLLOW_UP_KINDS), fc.string()),
        body: text,
      }),
    ),
    fc.anything(),
  ),
  details: fc.oneof(
    withNoise(
      fc.record({
        returnCountry: fc.oneof(fc.constantFrom("RO", "BG", "SE", "XX", null), fc.string({ maxLength: 3 })),
        child: fc.oneof(fc.boolean(), fc.string()),
      }),
    ),
    fc.anything(),
  ),
  submit: fc.oneof(withNoise(fc.record({ answer: text }, { requiredKeys: [] })), fc.anything()),
};
const IOM_OPS = ["decision", "claims", "messages", "phase", "child-confirmation", "followups"];
const COORDINATOR_OPS = ["details", "submit", "messages", "phase", "child-confirmation"];

describe("fuzzing the ÅMP write operations", () => {
  let t: TestApp;
  type Who = Awaited<ReturnType<TestApp["signIn"]>>;
  let coordinator: Who;
  let iom: Who;
  /** Applications in several states: submitted, approved (a child's, before the journey), returned. */
  const apps: { caseId: string; rid: string }[] = [];

  beforeAll(async () => {
    t = await testApp("pglite");
    coordinator = await t.signIn("coordinator", "bergslagen");
    iom = await t.signIn("iom");
    const c = { db: t.db, keys: t.keys, principal: coordinator.principal };
    const i = { db: t.db, keys: t.keys, principal: iom.principal };
    for (const state of ["submitted", "child", "returned"] as const) {
      const { id: caseId } = await cases.createIndividualCase(c, adultCaseInput);
      const { id: rid } = await referrals.createReferral(c, caseId, { type: "amp" });
      await amp.setDetails(c, { caseId, rid }, { returnCountry: "RO", child: state === "child" });
      await referrals.updateReferral(c, caseId, rid, { status: "submitted", submittedOn: daysAgo(200) });
      if (state !== "submitted") {
        await amp.decide(
          i,
          { rid },
          { decision: "approve", approvedOn: daysAgo(100), amounts: { travel: 5000, financial: 20000 } },
        );
        await amp.setPhase(i, { rid }, { phase: "pre-departure", on: daysAgo(90) });
      }
      if (state === "returned") {
        await amp.setPhase(i, { rid }, { phase: "travel", on: daysAgo(80) });
        await amp.setPhase(i, { rid }, { phase: "reintegration", on: daysAgo(70) });
      }
      apps.push({ caseId, rid });
    }
  }, 120_000);
  afterAll(() => t?.close());

  const counts = async () => {
    const r = await t.db.execute(sql`select
      (select count(*)::int from amp_claims) as claims,
      (select count(*)::int from amp_messages) as messages,
      (select count(*)::int from referral_followups) as followups,
      (select count(*)::int from referral_events) as events,
      (select coalesce(string_agg(id::text || status || data::text, '|' order by id), '') from referrals) as referrals`);
    return (r as unknown as { rows: Record<string, number | string>[] }).rows[0] as Record<
      string,
      number | string
    >;
  };
  /** No item paid beyond its grant, on any application. */
  const withinGrants = async () => {
    const r = await t.db.execute(sql`select r.id, c.kind, sum(c.amount_sek)::int as paid,
        (select coalesce(sum((i->>'amountSek')::int), 0) from jsonb_array_elements(r.data->'items') i where i->>'kind' = c.kind)::int as granted
      from amp_claims c join referrals r on r.id = c.referral_id group by r.id, c.kind`);
    for (const row of (r as unknown as { rows: { paid: number; granted: number }[] }).rows)
      expect(row.paid).toBeLessThanOrEqual(row.granted);
  };

  const send = (who: Who, path: string, body: unknown) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "x-csrf-token": who.csrf, "content-type": "application/json" },
      body: JSON.stringify(body) ?? "null",
    });

  const check = async (who: Who, path: string, op: string, body: unknown) => {
    const before = await counts();
    const res = await send(who, path, body);
    const cell = `${path} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status}`;
    expect(res.status, cell).toBeLessThan(500);
    const after = await counts();
    if (res.status >= 400) {
      expect(res.headers.get("content-type"), cell).toContain("application/problem+json");
      expect(((await res.json()) as { status: number }).status, cell).toBe(res.status);
      expect(after, cell).toEqual(before);
    } else {
      const grew = (k: string) => Number(after[k]) - Number(before[k]);
      expect(grew("claims"), cell).toBe(op === "claims" ? 1 : 0);
      expect(grew("followups"), cell).toBe(op === "followups" ? 1 : 0);
      expect(grew("messages"), cell).toBeLessThanOrEqual(
        op === "messages" || op === "decision" || op === "submit" ? 1 : 0,
      );
      expect(grew("events"), cell).toBeLessThanOrEqual(1);
    }
    await withinGrants();
  };

  for (const op of IOM_OPS)
    it(`IOM: ${op}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 2 }),
          BODIES[op] as fc.Arbitrary<unknown>,
          async (n, body) => {
            await check(iom, `/api/v1/amp/applications/${apps[n]?.rid}/${op}`, op, body);
          },
        ),
        { numRuns: RUNS },
      );
    }, 300_000);

  for (const op of COORDINATOR_OPS)
    it(`coordinator: ${op}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 2 }),
          BODIES[op] as fc.Arbitrary<unknown>,
          async (n, body) => {
            const a = apps[n];
            await check(coordinator, `/api/v1/cases/${a?.caseId}/amp/${a?.rid}/${op}`, op, body);
          },
        ),
        { numRuns: RUNS },
      );
    }, 300_000);

  it("refuses the coordinator IOM's decision on every route, with nothing written (403)", async () => {
    const { caseId, rid } = apps[0] as { caseId: string; rid: string };
    const before = await counts();
    const approve = { decision: "approve", approvedOn: daysAgo(0), amounts: { travel: 100 } };
    for (const [path, body] of [
      [`/api/v1/amp/applications/${rid}/decision`, approve],
      [`/api/v1/amp/applications/${rid}/claims`, { kind: "travel", amountSek: 1, on: daysAgo(0) }],
      [`/api/v1/cases/${caseId}/referrals/${rid}`, { status: "approved", approvedOn: daysAgo(0) }],
      [`/api/v1/cases/${caseId}/referrals/${rid}`, { status: "refused" }],
      [`/api/v1/cases/${caseId}/referrals/${rid}`, { addItem: { kind: "travel", amountSek: 100 } }],
    ] as const) {
      const res = await send(coordinator, path, body);
      expect(res.status, path).toBe(403);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await counts()).toEqual(before);
  });
});
