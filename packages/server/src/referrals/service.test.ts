import { schema } from "@stodkedjan/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import * as referrals from "./service.ts";

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe.each(testTargets())("referrals on %s", (target) => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  const ctx = () => ({ db: t.db, keys: t.keys, principal: who.principal });
  const open = () =>
    cases.createIndividualCase(
      ctx(),
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "2480",
        forms: ["labour"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "man" },
      }),
    );
  const decrypt = (token: string, id: string) => decryptField(t.keys, token, `tasks.title:${id}`);

  beforeAll(async () => {
    t = await testApp(target);
    who = await t.signIn("coordinator", "nord");
    await t.db.insert(schema.shelters).values({
      id: "test-shelter",
      name: "Testboendet",
      operator: "Test",
      regionId: "nord",
      capacity: 4,
      accepts: ["men"],
      forms: ["labour"],
    });
  });
  afterAll(() => t?.close());

  it("runs an NSP placement through its states with the 90-day clock on the deadlines view and the case filter", async () => {
    const { id } = await open();
    const { id: quiet } = await open();
    const { id: rid } = await referrals.createReferral(ctx(), id, {
      type: "nsp-placement",
      shelterId: "test-shelter",
      start: daysAgo(84),
    });
    await referrals.updateReferral(ctx(), id, rid, { status: "placed" });
    const deadlines = (await referrals.deadlinesOf(ctx(), decrypt)).filter((d) => d.caseId === id);
    expect(deadlines.map((d) => [d.code, d.state])).toEqual([
      ["nsp-day-80", "overdue"],
      ["nsp-flat-rate-ends", "due"],
    ]);
    const overdue = await referrals.listCasesWithDeadlines(
      ctx(),
      { status: "open", kind: "all", page: 1, deadline: "overdue" },
      decrypt,
    );
    expect(overdue.rows.map((r) => r.id)).toContain(id);
    expect(overdue.rows.map((r) => r.id)).not.toContain(quiet);
    // An exit ends the clock; an extension needs its reason.
    await expect(referrals.updateReferral(ctx(), id, rid, { status: "extended" })).rejects.toMatchObject({
      status: 400,
    });
    await referrals.updateReferral(ctx(), id, rid, { status: "exited", end: daysAgo(0) });
    expect((await referrals.deadlinesOf(ctx(), decrypt)).filter((d) => d.caseId === id)).toEqual([]);
  });

  it("refuses transitions the rules do not allow, and ÅMP phases out of order", async () => {
    const { id } = await open();
    const { id: rid } = await referrals.createReferral(ctx(), id, { type: "amp" });
    await expect(referrals.updateReferral(ctx(), id, rid, { status: "approved" })).rejects.toMatchObject({
      status: 409,
    });
    await referrals.updateReferral(ctx(), id, rid, { status: "submitted", submittedOn: daysAgo(40) });
    await referrals.updateReferral(ctx(), id, rid, { status: "approved", approvedOn: daysAgo(10) });
    await expect(referrals.updateReferral(ctx(), id, rid, { phase: "reintegration" })).rejects.toMatchObject({
      status: 409,
    });
    await referrals.updateReferral(ctx(), id, rid, {
      phase: "pre-departure",
      addItem: { kind: "travel", amountSek: 4200 },
    });
    const [listed] = (await referrals.listReferrals(ctx(), id)).filter((r) => r.id === rid);
    expect(listed?.referral).toMatchObject({
      status: "approved",
      phase: "pre-departure",
      items: [{ kind: "travel", amountSek: 4200 }],
    });
    expect(listed?.next).toContain("withdrawn");
  });

  it("keeps other regions out", async () => {
    const { id } = await open();
    const other = await t.signIn("coordinator", "syd");
    await expect(
      referrals.createReferral({ db: t.db, keys: t.keys, principal: other.principal }, id, { type: "amp" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
