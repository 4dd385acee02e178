/** Decisions and enrolment links used at the same moment: each takes effect exactly once. */
import { schema } from "@stodkedjan/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { decide, enrol, requestAccount, requestToken } from "./service.ts";

describe.each(testTargets())("four eyes under concurrency on %s", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(target);
  });
  afterAll(() => t?.close());

  it("ten national-team users approving one request at once issue one token", async () => {
    const admin = await t.signIn("admin");
    const outcome = await requestToken(
      { db: t.db, principal: admin.principal },
      { name: "Plattformen", purpose: "Placeringar i Region Nord", role: "shelter", validDays: 30 },
    );
    expect("pending" in outcome).toBe(true);
    const id = "pending" in outcome ? outcome.pending : "";
    const nationals = await Promise.all(Array.from({ length: 10 }, () => t.signIn("national")));
    const results = await Promise.allSettled(
      nationals.map((n) => decide({ db: t.db, principal: n.principal }, id, { approve: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.select().from(schema.apiTokens)).toHaveLength(1);
  });

  it("an enrolment link used ten times at once sets one password", async () => {
    const admin = await t.signIn("admin");
    const national = await t.signIn("national");
    const outcome = await requestAccount(
      { db: t.db, principal: admin.principal },
      {
        username: `samtidig-${target}@test`,
        displayName: "S",
        role: "coordinator",
        regionId: "mitt",
        purpose: "Ny regionkoordinator i Region Mitt",
      },
    );
    const issued = await decide(
      { db: t.db, principal: national.principal },
      "pending" in outcome ? outcome.pending : "",
      {
        approve: true,
      },
    );
    const secret = issued?.kind === "account" ? (issued.link.split("/").pop() as string) : "";
    const uses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => enrol(t.db, secret, `ett eget långt lösenord ${i}`)),
    );
    expect(uses.filter(Boolean)).toHaveLength(1);
  });
});
