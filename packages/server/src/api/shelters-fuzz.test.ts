/**
 * Property test of the certification checklist's write operations (ADR 0027), to fold into the
 * API fuzz table: whatever is sent — valid, almost valid or garbage — the answer is never a 5xx;
 * a 4xx is application/problem+json with its status; and a refused write leaves nothing behind
 * (no assessment, criterion, shelter change or audit entry).
 */
import { schema } from "@stodkedjan/db";
import { addDays, swedishToday } from "@stodkedjan/domain";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp, testTargets } from "../testing.ts";

const today = swedishToday();
const isoDay = fc.integer({ min: -2000, max: 2000 }).map((n) => addDays(today, n));
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 1990, maxLength: 2100 }),
  fc.constant(""),
);
const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer()),
);
const criterionId = fc.constantFrom(
  "staff-knowledge",
  "needs-assessment",
  "client-participation",
  "no-such",
  "NEEDS",
);

const assessment = fc.record(
  {
    criterionId: fc.oneof(criterionId, junk),
    met: fc.oneof(fc.boolean(), junk),
    evidence: fc.oneof(text, junk),
    assessor: fc.oneof(text, junk),
    assessedOn: fc.oneof(isoDay, junk),
    validUntil: fc.oneof(isoDay, junk),
    extra: junk,
  },
  { requiredKeys: [] },
);
const criterion = fc.record(
  { textSv: fc.oneof(text, junk), textEn: fc.oneof(text, junk), extra: junk },
  { requiredKeys: [] },
);
const withdrawal = fc.record({ reason: fc.oneof(text, junk), extra: junk }, { requiredKeys: [] });
const shelterId = fc.constantFrom("fuzz-boende", "fuzz-boende", "finns-inte", "FEL id", "x".repeat(120));

describe.each(testTargets())("the certification checklist's API writes under fuzzing on %s", (target) => {
  let t: TestApp;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  beforeAll(async () => {
    t = await testApp(target);
    national = await t.signIn("national");
    await t.db.insert(schema.shelters).values({
      id: "fuzz-boende",
      name: "Fuzzboendet",
      operator: "Test",
      regionId: "syd",
      capacity: 3,
      accepts: ["women"],
      forms: ["sexual"],
      certifiedUntil: null,
    });
  });
  afterAll(() => t?.close());

  /** Everything a write could touch, counted. */
  const state = async () => {
    const [row] = (
      (await t.db.execute(sql`select
        (select count(*) from certification_assessments)::int as assessments,
        (select count(*) from certification_criteria)::int as criteria,
        (select count(*) from audit_log)::int as audit,
        (select coalesce(json_agg(s order by s.id)::text, '') from shelters s) as shelters`)) as {
        rows: Record<string, unknown>[];
      }
    ).rows;
    return row;
  };

  const send = (path: string, body: unknown) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: national.cookie, "content-type": "application/json", "x-csrf-token": national.csrf },
      body: JSON.stringify(body),
    });

  it("never answers 5xx, answers 4xx as problem+json, and leaves nothing behind a refusal", async () => {
    const op = fc.oneof(
      fc.tuple(fc.constant("assess"), shelterId, assessment),
      fc.tuple(fc.constant("criterion"), fc.constant(""), criterion),
      fc.tuple(fc.constant("withdraw"), shelterId, withdrawal),
    );
    await fc.assert(
      fc.asyncProperty(op, async ([kind, id, raw]) => {
        const body = raw as Record<string, unknown>;
        const path =
          kind === "criterion"
            ? "/api/v1/certification/criteria"
            : `/api/v1/shelters/${encodeURIComponent(id)}/certification/${kind === "assess" ? "assessments" : "withdraw"}`;
        const before = await state();
        const res = await send(path, body);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toContain("application/problem+json");
          expect(((await res.json()) as { status: number }).status).toBe(res.status);
          expect(await state()).toEqual(before);
        } else {
          expect([200, 201]).toContain(res.status);
        }
      }),
      { numRuns: 60 },
    );
  });
});
