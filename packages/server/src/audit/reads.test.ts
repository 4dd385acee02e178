/** The reads that are audited with what they showed: access history, the case list and search, deadlines. */
import { schema } from "@stodkedjan/db";
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cases from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import { adultCaseInput, type TestApp, testApp, testTargets } from "../testing.ts";

type Who = Awaited<ReturnType<TestApp["signIn"]>>;

describe.each(testTargets())("audited reads on %s", (target) => {
  let t: TestApp;
  let coordinator: Who;
  let national: Who;
  let ids: string[];
  beforeAll(async () => {
    t = await testApp(target);
    coordinator = await t.signIn("coordinator", "bergslagen");
    national = await t.signIn("national");
    const ctx = { db: t.db, keys: t.keys, principal: coordinator.principal };
    ids = [];
    for (let i = 0; i < 3; i++) ids.push((await cases.createIndividualCase(ctx, adultCaseInput)).id);
    await cases.addTask(ctx, ids[0] as string, "Ring", "2020-01-01");
  }, 60_000);
  afterAll(() => t?.close());

  const get = (who: Who, path: string) => t.app.request(path, { headers: { cookie: who.cookie } });
  const newest = async () => {
    const [entry] = await t.db.select().from(schema.auditLog).orderBy(desc(schema.auditLog.seq)).limit(1);
    return entry as typeof schema.auditLog.$inferSelect;
  };

  it("audits reading a case's access history, on the page and over the API, by a coordinator and the national team", async () => {
    const id = ids[1] as string;
    for (const [who, path] of [
      [coordinator, `/staff/cases/${id}/history`],
      [national, `/staff/cases/${id}/history`],
      [coordinator, `/api/v1/cases/${id}/access-history`],
      [national, `/api/v1/cases/${id}/access-history`],
    ] as const) {
      expect((await get(who, path)).status, path).toBe(200);
      expect(await newest(), path).toMatchObject({
        actorId: who.principal.id,
        action: "read",
        objectType: "case",
        objectId: id,
        detail: expect.objectContaining({ part: "access-history" }),
      });
    }
  });

  it("audits which cases the list showed, by id, and the search term encrypted", async () => {
    expect((await get(coordinator, "/staff/cases")).status).toBe(200);
    const list = await newest();
    expect(list).toMatchObject({ action: "list", objectType: "case" });
    expect(((list.detail as { ids: string }).ids ?? "").split(",").sort()).toEqual([...ids].sort());

    const term = "Uppsala";
    expect((await get(coordinator, `/api/v1/cases?q=${term}`)).status).toBe(200);
    const search = await newest();
    const detail = search.detail as { ids: string; search: string; searchId: string };
    expect(detail.ids.split(",").sort()).toEqual([...ids].sort());
    expect(JSON.stringify(search)).not.toContain(term);
    expect(decryptField(t.keys, detail.search, cases.searchAad(detail.searchId))).toBe(term);
    // The term is bound to its entry: it does not decrypt under another's id.
    expect(() => decryptField(t.keys, detail.search, cases.searchAad(ids[0] as string))).toThrow();
  });

  it("audits which cases the deadlines view showed", async () => {
    expect((await get(coordinator, "/staff/deadlines")).status).toBe(200);
    // The view lists the deadlines and, apart, the shelters' answers: each list is audited.
    const recent = await t.db.select().from(schema.auditLog).orderBy(desc(schema.auditLog.seq)).limit(2);
    expect(recent).toContainEqual(
      expect.objectContaining({
        action: "list",
        objectType: "deadlines",
        detail: expect.objectContaining({ ids: ids[0] }),
      }),
    );
  });
});
