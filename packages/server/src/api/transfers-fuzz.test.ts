/**
 * The transfer answers and the duplicate check under arbitrary input: never a 5xx, every refusal a
 * problem+json 4xx, and no partial write (a refused answer leaves the transfer waiting and the
 * case where it was; the duplicate check writes nothing but its audit entry).
 */
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cases from "../cases/service.ts";
import { adultCaseInput, type TestApp, testApp } from "../testing.ts";

describe("transfers and duplicates over the API, fuzzed", () => {
  let t: TestApp;
  let sender: Awaited<ReturnType<TestApp["signIn"]>>;
  let receiver: Awaited<ReturnType<TestApp["signIn"]>>;
  let caseId = "";
  let transferId = "";
  beforeAll(async () => {
    t = await testApp("pglite");
    sender = await t.signIn("coordinator", "syd");
    receiver = await t.signIn("coordinator", "vast");
    const ctx = { db: t.db, keys: t.keys, principal: sender.principal };
    caseId = (await cases.createIndividualCase(ctx, adultCaseInput)).id;
    transferId = (await cases.requestTransfer(ctx, caseId, "vast")).id;
  });
  afterAll(() => t?.close());

  const post = (path: string, body: string | undefined, as: typeof sender) =>
    t.app.request(path, {
      method: "POST",
      headers: {
        cookie: as.cookie,
        "x-csrf-token": as.csrf,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body,
    });
  const state = async () => ({
    transfer: (
      await t.db.select().from(schema.caseTransfers).where(eq(schema.caseTransfers.id, transferId))
    )[0]?.state,
    shares: (await t.db.select().from(schema.caseShares).where(eq(schema.caseShares.caseId, caseId))).length,
    persons: (await t.db.select({ id: schema.persons.id }).from(schema.persons)).length,
  });
  const refused = async (res: Response) => {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  };

  it("refuses wrong ids, wrong answerers and wrong segments with a 4xx, the transfer still waiting", async () => {
    const before = await state();
    const segment = fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.constant(caseId),
      fc.constant(transferId),
    );
    await fc.assert(
      fc.asyncProperty(
        segment,
        segment,
        fc.constantFrom("accept", "decline", "withdraw"),
        fc.boolean(),
        fc.option(fc.json(), { nil: undefined }),
        async (id, tid, answer, asSender, body) => {
          // The one right combination (the receiver answering, the sender withdrawing) is left out.
          const right = id === caseId && tid === transferId && (answer === "withdraw") === asSender;
          fc.pre(!right);
          const res = await post(
            `/api/v1/cases/${id}/transfers/${tid}/${answer}`,
            body,
            asSender ? sender : receiver,
          );
          await refused(res);
        },
      ),
      { numRuns: 60 },
    );
    expect(await state()).toEqual(before);
  });

  it("answers the duplicate check with 200 or a 4xx problem, and writes no person", async () => {
    const before = await state();
    const field = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null), fc.boolean());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc
            .record(
              {
                name: field,
                gender: fc.oneof(field, fc.constantFrom("woman", "man", "unknown")),
                birthYear: field,
                citizenship: field,
              },
              { requiredKeys: [] },
            )
            .map((o) => JSON.stringify(o)),
        ),
        async (body) => {
          const res = await post("/api/v1/persons/duplicates", body, sender);
          if (res.status === 200) expect(Array.isArray(await res.json())).toBe(true);
          else await refused(res);
        },
      ),
      { numRuns: 80 },
    );
    expect(await state()).toEqual(before);
  });
});
