import { schema } from "@stodkedjan/db";
import { swedishDay } from "@stodkedjan/domain";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as amp from "../amp/service.ts";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import * as referrals from "./service.ts";

const daysAgo = (n: number) => swedishDay(-n);

describe.each(testTargets())("referrals on %s", (target) => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  let iomUser: Awaited<ReturnType<TestApp["signIn"]>>;
  const ctx = () => ({ db: t.db, keys: t.keys, principal: who.principal });
  const iom = () => ({ db: t.db, keys: t.keys, principal: iomUser.principal });
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
    iomUser = await t.signIn("iom");
    await t.db.insert(schema.shelters).values({
      id: "test-shelter",
      name: "Testboendet",
      operator: "Test",
      regionId: "nord",
      capacity: 4,
      accepts: ["men"],
      forms: ["labour"],
      certifiedUntil: "2099-12-31",
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

  it("refuses the coordinator IOM's part of an ÅMP application: decisions, support items and phases (403)", async () => {
    const { id } = await open();
    const { id: rid } = await referrals.createReferral(ctx(), id, { type: "amp" });
    await referrals.updateReferral(ctx(), id, rid, { status: "submitted", submittedOn: daysAgo(40) });
    for (const change of [
      { status: "approved", approvedOn: daysAgo(10) },
      { status: "refused" },
      { status: "info-requested" },
      { status: "closed" },
      { approvedOn: daysAgo(10) },
      { addItem: { kind: "travel" as const, amountSek: 4200 } },
      { phase: "pre-departure" as const },
    ])
      await expect(referrals.updateReferral(ctx(), id, rid, change)).rejects.toMatchObject({
        status: 403,
        code: "amp-iom-decides",
      });
    const [listed] = (await referrals.listReferrals(ctx(), id)).filter((r) => r.id === rid);
    expect(listed?.referral).toMatchObject({ status: "submitted", approvedOn: null, phase: null, items: [] });
    expect(listed?.next).toEqual(["withdrawn"]);
  });

  describe("ÅMP follow-up entries", () => {
    /** An ÅMP application submitted 40 days ago and approved 10 days ago. */
    const approvedAmp = async () => {
      const { id } = await open();
      const { id: rid } = await referrals.createReferral(ctx(), id, { type: "amp" });
      await referrals.updateReferral(ctx(), id, rid, { status: "submitted", submittedOn: daysAgo(40) });
      await amp.decide(
        iom(),
        { rid },
        { decision: "approve", approvedOn: daysAgo(10), amounts: { travel: 1 } },
      );
      return { id, rid };
    };
    const stored = (rid: string) =>
      t.db.select().from(schema.referralFollowups).where(eq(schema.referralFollowups.referralId, rid));
    const auditRows = (caseId: string) =>
      t.db
        .select()
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.objectType, "case"), eq(schema.auditLog.objectId, caseId)));
    const text = "Ringde Ana via tolk: resan är bokad, hon vill träffa IOM i Bukarest.";

    it("stores the text encrypted, reads it back with the referral, and audits both", async () => {
      const { id, rid } = await approvedAmp();
      const before = (await auditRows(id)).length;
      const { id: fid } = await referrals.addFollowUp(ctx(), id, rid, {
        on: daysAgo(2),
        kind: "person-contact",
        body: text,
      });
      await referrals.addFollowUp(ctx(), id, rid, {
        on: daysAgo(0),
        kind: "iom-contact",
        body: "Mejl från IOM.",
      });

      const [raw] = await t.db
        .select()
        .from(schema.referralFollowups)
        .where(eq(schema.referralFollowups.id, fid));
      expect(raw).toMatchObject({ referralId: rid, caseId: id, on: daysAgo(2), kind: "person-contact" });
      expect(raw?.bodyEnc).not.toContain("Ana");
      expect(raw?.bodyEnc.split(".")[1]).toBe(t.keys.activeKid);
      // Bound to its row: the token does not decrypt as another entry's.
      expect(() => decryptField(t.keys, raw?.bodyEnc ?? "", `referral_followups.body:${rid}`)).toThrow();
      // The whole row as the database holds it.
      const whole = await t.db.execute(
        sql`select r::text as row from referral_followups r where r.id = ${fid}`,
      );
      const [{ row: asText } = { row: "" }] = (whole as unknown as { rows: { row: string }[] }).rows;
      expect(asText).toContain(fid);
      for (const word of ["Ana", "Bukarest", "tolk"]) expect(asText).not.toContain(word);

      const [listed] = (await referrals.listReferrals(ctx(), id)).filter((r) => r.id === rid);
      expect(listed?.followUps.map((f) => [f.on, f.kind, f.body, f.by])).toEqual([
        [daysAgo(0), "iom-contact", "Mejl från IOM.", "Test coordinator"],
        [daysAgo(2), "person-contact", text, "Test coordinator"],
      ]);
      const one = await referrals.getReferral(ctx(), id, rid);
      expect(one.followUps).toHaveLength(2);

      const entries = (await auditRows(id)).slice(before);
      expect(entries.map((e) => [e.action, e.outcome])).toEqual([
        ["create", "ok"],
        ["create", "ok"],
        ["read", "ok"],
        ["read", "ok"],
      ]);
      expect(entries[0]?.detail).toMatchObject({ referral: rid, followUp: fid, kind: "person-contact" });
      expect(JSON.stringify(entries)).not.toContain("Ana");
    });

    it("takes entries while submitted, not for a draft, a refused application or another referral", async () => {
      const { id } = await open();
      const { id: rid } = await referrals.createReferral(ctx(), id, { type: "amp" });
      const entry = { on: daysAgo(0), kind: "iom-contact" as const, body: "Frågade IOM om beslutet." };
      await expect(referrals.addFollowUp(ctx(), id, rid, entry)).rejects.toMatchObject({ status: 409 });
      await referrals.updateReferral(ctx(), id, rid, { status: "submitted", submittedOn: daysAgo(5) });
      await referrals.addFollowUp(ctx(), id, rid, entry);
      await amp.decide(iom(), { rid }, { decision: "refuse", reason: "Utanför programmet." });
      await expect(referrals.addFollowUp(ctx(), id, rid, entry)).rejects.toMatchObject({ status: 409 });
      expect(await stored(rid)).toHaveLength(1);

      const { id: other } = await referrals.createReferral(ctx(), id, { type: "other", kind: "kast" });
      await expect(referrals.addFollowUp(ctx(), id, other, entry)).rejects.toMatchObject({ status: 409 });
      expect(await stored(other)).toEqual([]);
      // Not a referral of this case, or not an id at all.
      const { id: elsewhere } = await open();
      await expect(referrals.addFollowUp(ctx(), elsewhere, rid, entry)).rejects.toMatchObject({
        status: 404,
      });
      await expect(referrals.addFollowUp(ctx(), id, "not-an-id", entry)).rejects.toMatchObject({
        status: 404,
      });
    });

    it("keeps other regions out of adding and reading", async () => {
      const { id, rid } = await approvedAmp();
      await referrals.addFollowUp(ctx(), id, rid, { on: daysAgo(1), kind: "other", body: text });
      const other = await t.signIn("coordinator", "syd");
      const theirs = { db: t.db, keys: t.keys, principal: other.principal };
      await expect(
        referrals.addFollowUp(theirs, id, rid, { on: daysAgo(0), kind: "other", body: "Inte min region." }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(referrals.listReferrals(theirs, id)).rejects.toMatchObject({ status: 404 });
      await expect(referrals.getReferral(theirs, id, rid)).rejects.toMatchObject({ status: 404 });
      expect(await stored(rid)).toHaveLength(1);
    });

    it("changes nothing on bad input", async () => {
      const { id, rid } = await approvedAmp();
      const before = (await auditRows(id)).length;
      const tomorrow = swedishDay(2);
      const bad = [
        [{ on: tomorrow, kind: "other", body: "I framtiden." }, "on", "date-future"],
        [{ on: daysAgo(41), kind: "other", body: "Före ansökan." }, "on", "date-order"],
        [{ on: daysAgo(1), kind: "reintegration-check", body: "Före hemresan." }, "kind", "kind-too-early"],
        [{ on: "2026-02-30", kind: "other", body: "x" }, "on", undefined],
        [{ on: daysAgo(1), kind: "visit", body: "x" }, "kind", undefined],
        [{ on: daysAgo(1), kind: "other", body: "   " }, "body", undefined],
        [{ on: daysAgo(1), kind: "other", body: "å".repeat(4001) }, "body", undefined],
        [{ on: daysAgo(1), kind: "other", body: "x", extra: 1 }, "", undefined],
        // The rules' problems come with the schema's.
        [{ on: tomorrow, kind: "other", body: "" }, "on", "date-future"],
        [{ on: daysAgo(1), kind: "reintegration-check", body: "", extra: 1 }, "body", "kind-too-early"],
      ] as const;
      for (const [input, path, code] of bad) {
        const error = await referrals
          .addFollowUp(ctx(), id, rid, input as unknown as Parameters<typeof referrals.addFollowUp>[3])
          .then(
            () => null,
            (e: unknown) => e as { status: number; issues: { path: string; message: string }[] },
          );
        expect(error?.status, JSON.stringify(input).slice(0, 80)).toBe(400);
        expect(error?.issues.map((i) => i.path)).toContain(path);
        if (code) expect(error?.issues.map((i) => i.message)).toContain(code);
      }
      expect(await stored(rid)).toEqual([]);
      expect((await auditRows(id)).length).toBe(before);
      // A reintegration check is right once the return has reached reintegration.
      for (const [phase, n] of [
        ["pre-departure", 8],
        ["travel", 5],
        ["reintegration", 3],
      ] as const)
        await amp.setPhase(ctx(), { caseId: id, rid }, { phase, on: daysAgo(n) });
      await referrals.addFollowUp(ctx(), id, rid, {
        on: daysAgo(0),
        kind: "reintegration-check",
        body: "Bra.",
      });
      expect(await stored(rid)).toHaveLength(1);
    });
  });

  it("keeps other regions out", async () => {
    const { id } = await open();
    const other = await t.signIn("coordinator", "syd");
    await expect(
      referrals.createReferral({ db: t.db, keys: t.keys, principal: other.principal }, id, { type: "amp" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
