/**
 * Irreversible actions (ADR 0021): closing is confirmed against what it does to running referrals
 * and a waiting transfer, and their deadlines do not silently disappear; a transfer waits for the
 * receiving region, once at a time, also when two requests or answers race (PostgreSQL).
 */
import { schema } from "@stodkedjan/db";
import { swedishDay, swedishToday } from "@stodkedjan/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/log.ts";
import { decryptField } from "../crypto/fields.ts";
import * as referrals from "../referrals/service.ts";
import { adultCaseInput, type TestApp, testApp, testTargets } from "../testing.ts";
import * as cases from "./service.ts";

const daysAgo = (n: number) => swedishDay(-n);

describe.each(testTargets())("closing and transfers on %s", (target) => {
  let t: TestApp;
  type Who = Awaited<ReturnType<TestApp["signIn"]>>;
  let owner: Who;
  let receiver: Who;
  let third: Who;
  const ctx = (who: Who) => ({ db: t.db, keys: t.keys, principal: who.principal });
  const decrypt = (token: string, id: string) => decryptField(t.keys, token, `tasks.title:${id}`);

  beforeAll(async () => {
    t = await testApp(target);
    owner = await t.signIn("coordinator", "bergslagen");
    receiver = await t.signIn("coordinator", "stockholm");
    third = await t.signIn("coordinator", "syd");
    await t.db.insert(schema.shelters).values({
      id: "closing-shelter",
      name: "Stängningsboendet",
      operator: "Test",
      regionId: "bergslagen",
      capacity: 4,
      accepts: ["men"],
      forms: ["labour"],
      certifiedUntil: "2099-12-31",
    });
  });
  afterAll(() => t?.close());

  /** A case with a placement in a shelter, a submitted reflection-period application and an ÅMP application. */
  async function busyCase() {
    const { id } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    const { id: placement } = await referrals.createReferral(ctx(owner), id, {
      type: "nsp-placement",
      shelterId: "closing-shelter",
      start: daysAgo(20),
    });
    await referrals.updateReferral(ctx(owner), id, placement, { status: "placed" });
    const { id: reflection } = await referrals.createReferral(ctx(owner), id, {
      type: "reflection",
      applicant: "social-welfare-board",
    });
    await referrals.updateReferral(ctx(owner), id, reflection, {
      status: "submitted",
      submittedOn: daysAgo(40),
    });
    const { id: amp } = await referrals.createReferral(ctx(owner), id, { type: "amp" });
    return { id, placement, reflection, amp };
  }

  it("says what closing does to each running referral, and closes only with that confirmed", async () => {
    const { id, placement, reflection, amp } = await busyCase();
    const preview = await cases.closingPreview(ctx(owner), id);
    expect(preview.effects.map((e) => [e.kind, "referralId" in e ? e.referralId : null])).toEqual([
      ["placement-ends", placement],
      ["referral-stays", reflection],
      ["referral-stays", amp],
    ]);
    // Unconfirmed, or confirmed for something else: refused, nothing changes.
    for (const confirmed of [undefined, "", "placement-ends:x:placed"])
      await expect(
        cases.closeCase(ctx(owner), id, { reason: "returned-home", confirmed }),
      ).rejects.toMatchObject({ status: 409, code: "closing-unconfirmed" });
    expect((await cases.getCase(ctx(owner), id)).status).toBe("open");
    await cases.closeCase(ctx(owner), id, { reason: "returned-home", confirmed: preview.key });
    const rows = await t.db.select().from(schema.referrals).where(eq(schema.referrals.caseId, id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(placement)).toMatchObject({
      status: "exited",
      data: expect.objectContaining({ end: swedishToday() }),
    });
    expect(byId.get(reflection)?.status).toBe("submitted");
    expect(byId.get(amp)?.status).toBe("prepared");
    const events = await t.db
      .select()
      .from(schema.referralEvents)
      .where(
        and(eq(schema.referralEvents.referralId, placement), eq(schema.referralEvents.toStatus, "exited")),
      );
    expect(events).toHaveLength(1);
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it("keeps a closed case's reflection-period deadline on the deadlines view, marked; the placement's ends", async () => {
    const { id, reflection } = await busyCase();
    await cases.addTask(ctx(owner), id, "Ring", daysAgo(1));
    const before = (await referrals.deadlinesOf(ctx(owner), decrypt)).filter((d) => d.caseId === id);
    expect(before.some((d) => d.referralType === "reflection")).toBe(true);
    expect(before.some((d) => d.referralType === "nsp-placement")).toBe(true);
    const { key } = await cases.closingPreview(ctx(owner), id);
    await cases.closeCase(ctx(owner), id, { reason: "returned-home", confirmed: key });
    const after = (await referrals.deadlinesOf(ctx(owner), decrypt)).filter((d) => d.caseId === id);
    // The placement ended with the case; the reflection period's and ÅMP's deadlines stay, marked.
    expect(after.map((d) => [d.referralType, d.code, d.caseClosed])).toEqual(
      before
        .filter((d) => d.referralType === "reflection" || d.referralType === "amp")
        .map((d) => [d.referralType, d.code, true]),
    );
    expect(after.some((d) => d.source === "task")).toBe(false);
    // Reopened, the referral takes its decision, and the deadline goes the ordinary way.
    await cases.reopenCase(ctx(owner), id, "Beslut om betänketid kom");
    await referrals.updateReferral(ctx(owner), id, reflection, { status: "rejected", decidedOn: daysAgo(0) });
    const done = (await referrals.deadlinesOf(ctx(owner), decrypt)).filter(
      (d) => d.caseId === id && d.referralType === "reflection",
    );
    expect(done).toEqual([]);
  });

  it("a case without running referrals closes without a key, and a placement only asked for is cancelled", async () => {
    const { id } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    expect((await cases.closingPreview(ctx(owner), id)).key).toBe("");
    await cases.closeCase(ctx(owner), id, { reason: "support-completed" });
    const { id: other } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    const { id: asked } = await referrals.createReferral(ctx(owner), other, {
      type: "nsp-placement",
      shelterId: "closing-shelter",
    });
    const { effects, key } = await cases.closingPreview(ctx(owner), other);
    expect(effects.map((e) => e.kind)).toEqual(["placement-cancelled"]);
    await cases.closeCase(ctx(owner), other, { reason: "no-contact", confirmed: key });
    const [row] = await t.db.select().from(schema.referrals).where(eq(schema.referrals.id, asked));
    expect(row?.status).toBe("cancelled");
  });

  it("a transfer waits: the case stays with the sender until the receiver accepts; decline and withdraw end it", async () => {
    const { id } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    const { id: offer } = await cases.requestTransfer(ctx(owner), id, "stockholm");
    // One pending transfer per case, and no joint share with the region asked.
    await expect(cases.requestTransfer(ctx(owner), id, "syd")).rejects.toMatchObject({ status: 409 });
    await expect(cases.shareCase(ctx(owner), id, "stockholm", "joint")).rejects.toMatchObject({
      status: 409,
    });
    expect((await cases.getCase(ctx(owner), id)).pendingTransfer?.id).toBe(offer);
    await cases.addNote(ctx(owner), id, "Fortfarande vårt");
    await expect(cases.getCase(ctx(receiver), id)).rejects.toMatchObject({ status: 404 });
    // Only the receiving region answers; the sender and others are told 404.
    for (const who of [owner, third])
      await expect(cases.answerTransfer(ctx(who), id, offer, "accept")).rejects.toMatchObject({
        status: 404,
      });
    expect((await cases.transferOffer(ctx(receiver), id, offer)).ref).toMatch(/^ÄR-/);
    await cases.answerTransfer(ctx(receiver), id, offer, "decline");
    await expect(cases.answerTransfer(ctx(receiver), id, offer, "accept")).rejects.toMatchObject({
      status: 404,
    });
    expect((await cases.getCase(ctx(owner), id)).pendingTransfer).toBeNull();
    // Asked again and withdrawn: nothing waits.
    const { id: again } = await cases.requestTransfer(ctx(owner), id, "stockholm");
    await cases.withdrawTransfer(ctx(owner), id, again);
    expect((await cases.pendingTransfers(ctx(receiver))).incoming.map((p) => p.caseId)).not.toContain(id);
    // Asked a third time and accepted: now Stockholm's, and Bergslagen sees nothing.
    const { id: third_ } = await cases.requestTransfer(ctx(owner), id, "stockholm");
    await cases.answerTransfer(ctx(receiver), id, third_, "accept");
    expect((await cases.getCase(ctx(receiver), id)).notes.map((n) => n.body)).toEqual(["Fortfarande vårt"]);
    await expect(cases.getCase(ctx(owner), id)).rejects.toMatchObject({ status: 404 });
    const states = await t.db
      .select({ state: schema.caseTransfers.state })
      .from(schema.caseTransfers)
      .where(eq(schema.caseTransfers.caseId, id))
      .orderBy(schema.caseTransfers.requestedAt);
    expect(states.map((s) => s.state)).toEqual(["declined", "withdrawn", "accepted"]);
    const audit = await t.db.select().from(schema.auditLog).where(eq(schema.auditLog.objectId, id));
    const changes = audit.map((e) => (e.detail as { change?: string } | null)?.change).filter(Boolean);
    expect(changes).toEqual(
      expect.arrayContaining([
        "transfer-request",
        "transfer-declined",
        "transfer-withdrawn",
        "transfer-accepted",
      ]),
    );
  });

  it("closing withdraws a waiting transfer, after saying so", async () => {
    const { id } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    const { id: offer } = await cases.requestTransfer(ctx(owner), id, "stockholm");
    const { effects, key } = await cases.closingPreview(ctx(owner), id);
    expect(effects).toEqual([{ kind: "transfer-withdrawn", transferId: offer, toRegionId: "stockholm" }]);
    await cases.closeCase(ctx(owner), id, { reason: "moved", confirmed: key });
    await expect(cases.answerTransfer(ctx(receiver), id, offer, "accept")).rejects.toMatchObject({
      status: 404,
    });
  });

  it("races: of two transfer requests one waits; of an accept and a withdrawal exactly one wins", async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
      const asked = await Promise.allSettled([
        cases.requestTransfer(ctx(owner), id, "stockholm"),
        cases.requestTransfer(ctx(owner), id, "syd"),
      ]);
      expect(asked.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(asked.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
      const pending = await t.db
        .select()
        .from(schema.caseTransfers)
        .where(and(eq(schema.caseTransfers.caseId, id), eq(schema.caseTransfers.state, "pending")));
      expect(pending).toHaveLength(1);
      const offer = pending[0] as (typeof pending)[number];
      const to = offer.toRegionId === "stockholm" ? receiver : third;
      const answered = await Promise.allSettled([
        cases.answerTransfer(ctx(to), id, offer.id, "accept"),
        cases.withdrawTransfer(ctx(owner), id, offer.id),
        cases.answerTransfer(ctx(to), id, offer.id, "accept"),
      ]);
      expect(answered.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const shares = await t.db.select().from(schema.caseShares).where(eq(schema.caseShares.caseId, id));
      const [final] = await t.db
        .select()
        .from(schema.caseTransfers)
        .where(eq(schema.caseTransfers.id, offer.id));
      expect(shares).toHaveLength(final?.state === "accepted" ? 1 : 0);
    }
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it("races: of an accept and a decline, or two accepts, exactly one answer wins, and the case moves at most once", async () => {
    for (let round = 0; round < 6; round++) {
      const { id } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
      const { id: offer } = await cases.requestTransfer(ctx(owner), id, "stockholm");
      const second = round % 2 === 0 ? "decline" : "accept";
      const answered = await Promise.allSettled([
        cases.answerTransfer(ctx(receiver), id, offer, "accept"),
        cases.answerTransfer(ctx(receiver), id, offer, second),
      ]);
      expect(answered.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      // The loser finds nothing waiting: a 409 inside the race, or the 404 once it is over.
      expect(answered.find((r) => r.status === "rejected")).toMatchObject({
        reason: { status: expect.toSatisfy((s: number) => s === 409 || s === 404) },
      });
      const [final] = await t.db
        .select()
        .from(schema.caseTransfers)
        .where(eq(schema.caseTransfers.id, offer));
      const shares = await t.db.select().from(schema.caseShares).where(eq(schema.caseShares.caseId, id));
      expect(["accepted", "declined"]).toContain(final?.state);
      expect(shares).toHaveLength(final?.state === "accepted" ? 1 : 0);
      // The case is where the winning answer put it: with Stockholm if accepted, else still the sender's.
      const seenBySender = await cases.getCase(ctx(owner), id).then(
        () => true,
        () => false,
      );
      expect(seenBySender).toBe(final?.state === "declined");
    }
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });
});
