/**
 * ÅMP on both sides (ADR 0028): the coordinator submits, IOM asks, approves with support items,
 * refuses or closes; claims against each item's balance in the two-year window; phases with
 * dates; a child's return held for both confirmations; messages encrypted; everything audited.
 * On PGlite and, with DATABASE_URL, on PostgreSQL, where parallel claims must never overdraw.
 */

import { schema } from "@stodkedjan/db";
import { AMP_ANSWER_DAYS, addDays, swedishDay, swedishToday } from "@stodkedjan/domain";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp, testTargets, transferAccepted } from "../testing.ts";
import * as amp from "./service.ts";

const daysAgo = (n: number) => swedishDay(-n);
const CHILD_ROUTINE = { guardian: true, authority: true };

describe.each(testTargets())("ÅMP on %s", (target) => {
  let t: TestApp;
  type Who = Awaited<ReturnType<TestApp["signIn"]>>;
  let coordinator: Who;
  let iomUser: Who;
  const as = (w: Who, now?: Date) => ({ db: t.db, keys: t.keys, principal: w.principal, now });
  const coord = () => as(coordinator);
  const iom = () => as(iomUser);

  beforeAll(async () => {
    t = await testApp(target);
    coordinator = await t.signIn("coordinator", "nord");
    iomUser = await t.signIn("iom");
  });
  afterAll(() => t?.close());

  /** A submitted application of a new case in Nord, returning to Romania. */
  async function prepared(person: { ageGroup: "child" | "adult"; birthYear?: number }) {
    const { id: caseId } = await cases.createIndividualCase(
      coord(),
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "2480",
        forms: ["labour"],
        category: "trafficking",
        person: { ...person, gender: "woman" },
      }),
    );
    const { id: rid } = await referrals.createReferral(coord(), caseId, { type: "amp" });
    return { caseId, rid, at: { caseId, rid } };
  }
  async function submitted(child = false, submittedDaysAgo?: number) {
    const { caseId, rid } = await prepared({ ageGroup: child ? "child" : "adult" });
    const at = { caseId, rid };
    await amp.setDetails(coord(), at, { returnCountry: "RO", child });
    if (submittedDaysAgo === undefined) await amp.submit(coord(), at, {});
    // Recorded afterwards, as submitted earlier (the coordinator's referral change allows this).
    else
      await referrals.updateReferral(coord(), caseId, rid, {
        status: "submitted",
        submittedOn: daysAgo(submittedDaysAgo),
      });
    return { caseId, rid, at };
  }
  const approve = (rid: string, amounts: Record<string, number> = { travel: 6000, financial: 20000 }) =>
    amp.decide(iom(), { rid }, { decision: "approve", approvedOn: daysAgo(0), amounts });
  const auditOf = (caseId: string) =>
    t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectType, "case"), eq(schema.auditLog.objectId, caseId)));

  it("runs the decision: IOM asks, the coordinator answers and resubmits, IOM approves with items", async () => {
    const { caseId, rid, at } = await submitted();
    await amp.decide(
      iom(),
      { rid },
      { decision: "request-info", message: "Vilken stad återvänder hon till?" },
    );
    // Resubmitting needs the answer.
    await expect(amp.submit(coord(), at, {})).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "answer", code: "answer-missing" }],
    });
    await amp.submit(coord(), at, { answer: "Iași, hos sin syster." });
    await approve(rid);
    const both = [await amp.getApplication(coord(), at), await amp.getApplication(iom(), { rid })];
    for (const view of both) {
      expect(view.application).toMatchObject({
        status: "approved",
        approvedOn: daysAgo(0),
        returnCountry: "RO",
      });
      expect(view.balances).toEqual([
        { kind: "travel", grantedSek: 6000, claimedSek: 0, remainingSek: 6000 },
        { kind: "financial", grantedSek: 20000, claimedSek: 0, remainingSek: 20000 },
      ]);
      expect(view.window).toMatchObject({ open: true, months: 24, days: 0 });
      expect(view.messages.map((m) => [m.kind, m.side, m.body])).toEqual([
        ["info-request", "iom", "Vilken stad återvänder hon till?"],
        ["answer", "coordinator", "Iași, hos sin syster."],
      ]);
    }
    expect(both[0]?.caseId).toBe(caseId);
    expect(both[1]?.caseId).toBeNull();
    expect(both[0]?.moves).toEqual(["withdrawn"]);
    expect(both[1]?.moves).toEqual(["closed"]);
    // Encrypted at rest, bound to its row.
    const raw = await t.db.execute(
      sql`select m::text as row from amp_messages m where m.referral_id = ${rid}`,
    );
    const text = JSON.stringify((raw as unknown as { rows: unknown[] }).rows);
    expect(text).not.toContain("Iași");
    expect(text).not.toContain("stad");
    // Every read and write on the case's audit trail, without the text.
    const trail = await auditOf(caseId);
    expect(
      trail.filter((e) => (e.detail as { part?: string })?.part === "amp").length,
    ).toBeGreaterThanOrEqual(7);
    expect(JSON.stringify(trail)).not.toContain("Iași");
  });

  it("refuses the coordinator IOM's decision through the ÅMP service, and IOM the coordinator's moves", async () => {
    const { rid, at } = await submitted();
    await expect(
      amp.decide(coord(), at, { decision: "approve", approvedOn: daysAgo(0), amounts: { travel: 1 } }),
    ).rejects.toMatchObject({ status: 403, code: "amp-iom-decides" });
    await expect(
      amp.decide(coord(), { rid }, { decision: "approve", approvedOn: daysAgo(0), amounts: { travel: 1 } }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      amp.addClaim(coord(), at, { kind: "travel", amountSek: 1, on: daysAgo(0) }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(amp.submit(iom(), { rid }, {})).rejects.toMatchObject({ status: 403 });
    expect((await amp.getApplication(iom(), { rid })).application.status).toBe("submitted");
    // IOM never sees the coordinator's draft; another region sees nothing.
    const { id: caseId } = await cases.createIndividualCase(
      coord(),
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "2480",
        forms: ["labour"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "man" },
      }),
    );
    const { id: draft } = await referrals.createReferral(coord(), caseId, { type: "amp" });
    await expect(amp.getApplication(iom(), { rid: draft })).rejects.toMatchObject({ status: 404 });
    const syd = as(await t.signIn("coordinator", "syd"));
    await expect(amp.getApplication(syd, at)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a refusal without reason and keeps the reason encrypted as a message", async () => {
    const { rid, at } = await submitted();
    await expect(amp.decide(iom(), { rid }, { decision: "refuse", reason: "  " })).rejects.toMatchObject({
      status: 400,
    });
    await amp.decide(iom(), { rid }, { decision: "refuse", reason: "Bor inte i ett annat land." });
    const view = await amp.getApplication(coord(), at);
    expect(view.application.status).toBe("refused");
    expect(view.messages.at(-1)).toMatchObject({ kind: "refusal", body: "Bor inte i ett annat land." });
    await expect(approve(rid)).rejects.toMatchObject({ status: 409, code: "referral-transition" });
  });

  it("pays claims up to each item's balance inside the window, and refuses the rest with nothing written", async () => {
    const { rid, at } = await submitted();
    await approve(rid);
    await amp.addClaim(iom(), { rid }, { kind: "financial", amountSek: 15000, on: daysAgo(0) });
    const refused = [
      [{ kind: "financial", amountSek: 5001, on: daysAgo(0) }, "amountSek", "claim-over-balance"],
      [{ kind: "housing", amountSek: 1, on: daysAgo(0) }, "kind", "claim-not-granted"],
      [{ kind: "travel", amountSek: 1, on: daysAgo(1) }, "on", "claim-window"],
      [{ kind: "travel", amountSek: 0, on: daysAgo(0) }, "amountSek", "too_small"],
      [{ kind: "travel", amountSek: 1.5, on: daysAgo(0) }, "amountSek", "invalid_type"],
    ] as const;
    for (const [input, path, code] of refused)
      await expect(amp.addClaim(iom(), { rid }, input), code).rejects.toMatchObject({
        status: 400,
        issues: [expect.objectContaining({ path, code })],
      });
    // Outside the window: two years and a day after approval.
    const later = new Date(Date.now() + (2 * 366 + 1) * 86_400_000);
    await expect(
      amp.addClaim(as(iomUser, later), { rid }, { kind: "travel", amountSek: 1, on: swedishToday(later) }),
    ).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "on", code: "claim-window" })],
    });
    const view = await amp.getApplication(coord(), at);
    expect(view.claims.map((c) => [c.kind, c.amountSek])).toEqual([["financial", 15000]]);
    expect(view.balances.find((b) => b.kind === "financial")?.remainingSek).toBe(5000);
  });

  it("never overdraws a balance with parallel claims", async () => {
    const { rid } = await submitted();
    await approve(rid, { financial: 10000 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        amp.addClaim(iom(), { rid }, { kind: "financial", amountSek: 3000, on: daysAgo(0) }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 400 });
    const [{ total } = { total: 0 }] = await t.db
      .select({ total: sql<number>`coalesce(sum(${schema.ampClaims.amountSek}), 0)::int` })
      .from(schema.ampClaims)
      .where(eq(schema.ampClaims.referralId, rid));
    expect(total).toBe(9000);
  });

  it("records phases in order with their dates, and follow-up contacts after the return", async () => {
    const { rid, at } = await submitted(false, 20);
    await amp.decide(
      iom(),
      { rid },
      { decision: "approve", approvedOn: daysAgo(10), amounts: { travel: 100 } },
    );
    await expect(amp.setPhase(coord(), at, { phase: "travel", on: daysAgo(5) })).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "phase", code: "phase-order" })],
    });
    await expect(
      amp.setPhase(coord(), at, { phase: "pre-departure", on: daysAgo(11) }),
    ).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "on", code: "date-order" })],
    });
    await amp.setPhase(coord(), at, { phase: "pre-departure", on: daysAgo(9) });
    await expect(
      amp.addIomFollowUp(iom(), { rid }, { on: daysAgo(0), kind: "person-contact", body: "x" }),
    ).rejects.toMatchObject({ status: 409, code: "amp-not-returned" });
    await amp.setPhase(iom(), { rid }, { phase: "travel", on: daysAgo(6) });
    await amp.setPhase(iom(), { rid }, { phase: "reintegration", on: daysAgo(4) });
    await expect(
      amp.addIomFollowUp(
        iom(),
        { rid },
        { on: daysAgo(5), kind: "person-contact", body: "Före hemkomsten." },
      ),
    ).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "on", code: "date-order" })],
    });
    await amp.addIomFollowUp(
      iom(),
      { rid },
      { on: daysAgo(1), kind: "reintegration-check", body: "Har börjat arbeta." },
    );
    const view = await amp.getApplication(coord(), at);
    expect(view.application.phaseDates).toEqual({
      "pre-departure": daysAgo(9),
      travel: daysAgo(6),
      reintegration: daysAgo(4),
    });
    expect(view.followUps.map((f) => f.body)).toEqual(["Har börjat arbeta."]);
    // The coordinator's own follow-ups list shows IOM's contact too; IOM's view has only its own.
    const theirs = await referrals.getReferral(coord(), at.caseId, rid);
    expect(theirs.followUps.map((f) => f.body)).toContain("Har börjat arbeta.");
  });

  it("holds a child's return before the journey until both sides confirm guardian and receiving authority", async () => {
    const { rid, at } = await submitted(true);
    await approve(rid);
    await amp.setPhase(iom(), { rid }, { phase: "pre-departure", on: daysAgo(0) });
    const journey = { phase: "travel", on: daysAgo(0) };
    await expect(amp.setPhase(iom(), { rid }, journey)).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "phase", code: "child-unconfirmed" })],
    });
    await expect(amp.confirmChild(coord(), at, { guardian: true, authority: false })).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "authority", code: "confirm-authority" })],
    });
    await amp.confirmChild(coord(), at, CHILD_ROUTINE);
    await expect(amp.setPhase(coord(), at, journey)).rejects.toMatchObject({ status: 400 });
    expect((await amp.getApplication(iom(), { rid })).childConfirmedBySide).toBe(false);
    await amp.confirmChild(iom(), { rid }, CHILD_ROUTINE);
    await amp.setPhase(coord(), at, journey);
    const view = await amp.getApplication(iom(), { rid });
    expect(view.application.phase).toBe("travel");
    expect(Object.keys(view.application.childConfirmations ?? {}).sort()).toEqual(["coordinator", "iom"]);
    // An adult's return has no such routine.
    const adult = await submitted();
    await expect(amp.confirmChild(coord(), adult.at, CHILD_ROUTINE)).rejects.toMatchObject({ status: 409 });
  });

  it("takes messages from both sides, not on a draft", async () => {
    const { rid, at } = await submitted();
    await amp.addMessageTo(coord(), at, { body: "Hon har pass." });
    await amp.addMessageTo(iom(), { rid }, { body: "Tack, vi bokar resan." });
    const view = await amp.getApplication(iom(), { rid });
    expect(view.messages.map((m) => [m.side, m.body])).toEqual([
      ["coordinator", "Hon har pass."],
      ["iom", "Tack, vi bokar resan."],
    ]);
    await expect(amp.addMessageTo(coord(), at, { body: "x".repeat(4001) })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("flags a child's application from the person, on every read, and refuses to unflag it", async () => {
    const { caseId, rid, at } = await prepared({ ageGroup: "child" });
    const mine = await amp.getApplication(coord(), at);
    expect(mine.application.child).toBe(true);
    expect(mine.childFixed).toBe(true);
    await expect(amp.setDetails(coord(), at, { returnCountry: "RO", child: false })).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "child", code: "amp-child-fixed" })],
    });
    // Nothing written: no return country either.
    const [stored] = await t.db.select().from(schema.referrals).where(eq(schema.referrals.id, rid));
    expect((stored?.data as { returnCountry?: string } | undefined)?.returnCountry).toBeUndefined();
    await amp.setDetails(coord(), at, { returnCountry: "RO", child: true });
    await amp.submit(coord(), at, {});
    // An application stored unflagged before the rule (or before the person was known to be a
    // child) reads flagged on both sides, in IOM's list and on the case's referrals.
    await t.db
      .update(schema.referrals)
      .set({ data: sql`${schema.referrals.data} || '{"child": false}'::jsonb` })
      .where(eq(schema.referrals.id, rid));
    expect((await amp.getApplication(iom(), { rid })).application.child).toBe(true);
    expect((await amp.listAmpApplications(iom())).find((a) => a.id === rid)?.application.child).toBe(true);
    expect((await referrals.getReferral(coord(), caseId, rid)).referral).toMatchObject({ child: true });
    // The routine holds: the journey waits for both confirmations, and a write stores the flag.
    await approve(rid);
    await amp.setPhase(iom(), { rid }, { phase: "pre-departure", on: daysAgo(0) });
    await expect(amp.setPhase(iom(), { rid }, { phase: "travel", on: daysAgo(0) })).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ code: "child-unconfirmed" })],
    });
    await amp.confirmChild(iom(), { rid }, CHILD_ROUTINE);
    const [after] = await t.db.select().from(schema.referrals).where(eq(schema.referrals.id, rid));
    expect((after?.data as { child?: boolean } | undefined)?.child).toBe(true);
  });

  it("takes a birth year that makes the person under 18 today as a child; an adult's flag stays the coordinator's", async () => {
    const year = Number(swedishToday().slice(0, 4));
    const young = await prepared({ ageGroup: "adult", birthYear: year - 17 });
    expect((await amp.getApplication(coord(), young.at)).childFixed).toBe(true);
    await expect(
      amp.setDetails(coord(), young.at, { returnCountry: null, child: false }),
    ).rejects.toMatchObject({ status: 400 });
    // Turning 18 this year: the recorded age group decides, and the coordinator may flag by hand
    // (an accompanying child) and take the flag off again.
    const adult = await prepared({ ageGroup: "adult", birthYear: year - 18 });
    const view = await amp.getApplication(coord(), adult.at);
    expect([view.childFixed, view.application.child ?? false]).toEqual([false, false]);
    await amp.setDetails(coord(), adult.at, { returnCountry: null, child: true });
    expect((await amp.getApplication(coord(), adult.at)).application.child).toBe(true);
    await amp.setDetails(coord(), adult.at, { returnCountry: null, child: false });
    expect((await amp.getApplication(coord(), adult.at)).application.child).toBe(false);
  });

  it("makes the coordinator's answer a deadline from the day IOM asks, scoped to the regions that see the case", async () => {
    const decrypt = () => "";
    const { caseId, rid, at } = await submitted(false, 3);
    const asked = new Date(Date.now() - 2 * 86_400_000);
    await amp.decide(as(iomUser, asked), { rid }, { decision: "request-info", message: "Har hon pass?" });
    const mine = (await referrals.deadlinesOf(coord(), decrypt)).filter((d) => d.referralId === rid);
    expect(mine).toEqual([
      expect.objectContaining({
        caseId,
        code: "amp-answer-pending",
        referralType: "amp",
        due: addDays(swedishToday(asked), AMP_ANSWER_DAYS),
        daysLeft: AMP_ANSWER_DAYS - 2,
        state: "upcoming",
        params: { since: swedishToday(asked), daysWaiting: 2 },
      }),
    ]);
    // Overdue once the two weeks have passed (the same application, seen later).
    const later = new Date(asked.getTime() + (AMP_ANSWER_DAYS + 1) * 86_400_000);
    const late = (await referrals.deadlinesOf(as(coordinator, later), decrypt)).find(
      (d) => d.referralId === rid,
    );
    expect(late).toMatchObject({ state: "overdue", daysLeft: -1 });
    // Another region sees nothing of it, until the case is transferred there.
    const syd = as(await t.signIn("coordinator", "syd"));
    expect((await referrals.deadlinesOf(syd, decrypt)).some((d) => d.referralId === rid)).toBe(false);
    await transferAccepted(coord(), caseId, "syd");
    expect((await referrals.deadlinesOf(syd, decrypt)).some((d) => d.referralId === rid)).toBe(true);
    expect((await referrals.deadlinesOf(coord(), decrypt)).some((d) => d.referralId === rid)).toBe(false);
    // Answered: the coordinator's deadline is gone, and IOM's decision is due again.
    const sydUser = syd;
    await amp.submit(sydUser, at, { answer: "Ja, giltigt pass." });
    expect(
      (await referrals.deadlinesOf(sydUser, decrypt)).filter((d) => d.referralId === rid).map((d) => d.code),
    ).toEqual(["amp-decision-pending"]);
  });

  it("puts IOM's own queue on its start page: since the submission, due 30 days on, the oldest first", async () => {
    const older = await submitted(false, 40);
    const newer = await submitted(false, 2);
    const queue = await amp.awaitingDecision(iom());
    const ids = queue.map((a) => a.id);
    expect(ids.indexOf(older.rid)).toBeLessThan(ids.indexOf(newer.rid));
    expect(queue.find((a) => a.id === older.rid)?.deadline).toMatchObject({
      code: "amp-decision-pending",
      due: addDays(daysAgo(40), 30),
      state: "overdue",
      daysLeft: -10,
    });
    expect(queue.find((a) => a.id === newer.rid)?.deadline).toMatchObject({
      state: "upcoming",
      daysLeft: 28,
    });
    // Only what waits for IOM: asked for more, it is the coordinator's turn.
    await amp.decide(iom(), { rid: newer.rid }, { decision: "request-info", message: "Vilket land?" });
    expect((await amp.awaitingDecision(iom())).some((a) => a.id === newer.rid)).toBe(false);
  });
});
