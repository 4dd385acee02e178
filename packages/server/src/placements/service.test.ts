/**
 * A shelter's placements: it sees only its own shelter's, and of them only what it needs to act;
 * its answers run the placement's rules, reach the coordinator (the case, the deadlines view) and
 * the audit log; two answers at once take effect once.
 */

import { schema } from "@stodkedjan/db";
import { addDays, swedishToday } from "@stodkedjan/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../access/policy.ts";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import * as placements from "./service.ts";

const today = swedishToday();
const NAME = "Ana Secretname";
const NOTE = "Anteckning som boendet aldrig får se";
const FILE = "polisanmalan-hemlig.pdf";

describe.each(testTargets())("shelter placements on %s", (target) => {
  let t: TestApp;
  let coordinator: Awaited<ReturnType<TestApp["signIn"]>>;
  let north: Awaited<ReturnType<TestApp["signIn"]>>;
  let north2: Awaited<ReturnType<TestApp["signIn"]>>;
  let south: Awaited<ReturnType<TestApp["signIn"]>>;
  const as = (who: { principal: Principal }, now?: Date) => ({
    db: t.db,
    keys: t.keys,
    principal: who.principal,
    ...(now ? { now } : {}),
  });
  const decrypt = (token: string, id: string) => decryptField(t.keys, token, `tasks.title:${id}`);

  /** A case with a name, a note and an attachment, referred to `shelterId`. */
  async function referred(shelterId: string, needs: ("interpreter" | "accompanying-children")[] = []) {
    const ctx = as(coordinator);
    const { id } = await cases.createIndividualCase(
      ctx,
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "2480",
        forms: ["sexual"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "woman", name: NAME },
      }),
    );
    await cases.addNote(ctx, id, NOTE);
    await cases.addAttachment(ctx, id, { filename: FILE, mime: "text/plain", bytes: new Uint8Array([65]) });
    const { id: rid } = await referrals.createReferral(ctx, id, { type: "nsp-placement", shelterId, needs });
    return { caseId: id, rid };
  }

  beforeAll(async () => {
    t = await testApp(target);
    for (const [id, regionId] of [
      ["boende-nord", "nord"],
      ["boende-syd", "syd"],
    ] as const) {
      await t.db.insert(schema.shelters).values({
        id,
        name: `Boende ${regionId}`,
        operator: "Test",
        regionId,
        capacity: 4,
        accepts: ["women"],
        forms: ["sexual"],
        certifiedUntil: "2099-12-31",
      });
    }
    coordinator = await t.signIn("coordinator", "nord");
    north = await t.signIn("shelter", null, "boende-nord");
    north2 = await t.signIn("shelter", null, "boende-nord");
    south = await t.signIn("shelter", null, "boende-syd");
  });
  afterAll(() => t?.close());

  it("a shelter sees only its own shelter's placements, and no case content", async () => {
    const mine = await referred("boende-nord", ["interpreter", "accompanying-children"]);
    const theirs = await referred("boende-syd");
    const list = await placements.listPlacements(as(north));
    const ids = list.map((p) => p.id);
    expect(ids).toContain(mine.rid);
    expect(ids).not.toContain(theirs.rid);
    // Another shelter's placement is "not found", to read and to answer.
    await expect(placements.getPlacement(as(north), theirs.rid)).rejects.toMatchObject({ status: 404 });
    await expect(
      placements.answerPlacement(as(north), theirs.rid, { action: "accept", start: today }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await placements.listPlacements(as(south))).map((p) => p.id)).not.toContain(mine.rid);
    // Only what the shelter needs: pseudonym, age group, needs, dates, the 90-day count.
    const one = await placements.getPlacement(as(north), mine.rid);
    expect(Object.keys(one).sort()).toEqual(
      [
        "action",
        "ageGroup",
        "answeredOn",
        "daysUsed",
        "deadlines",
        "declineReason",
        "end",
        "exitTo",
        "extensionRequest",
        "flatRateDaysLeft",
        "id",
        "needs",
        "pseudonym",
        "referredOn",
        "regionId",
        "start",
        "status",
      ].sort(),
    );
    expect(one).toMatchObject({ needs: ["interpreter", "accompanying-children"], referredOn: today });
    const [caseRow] = await t.db.select().from(schema.cases).where(eq(schema.cases.id, mine.caseId));
    const seen = JSON.stringify([list, one]);
    for (const secret of [NAME, NOTE, FILE, mine.caseId, caseRow?.ref, caseRow?.title, "2480"]) {
      expect(seen).not.toContain(secret);
    }
    // A shelter account linked to no shelter sees nothing.
    const loose = await t.signIn("shelter");
    expect(await placements.listPlacements(as(loose))).toEqual([]);
    await expect(placements.getPlacement(as(loose), mine.rid)).rejects.toMatchObject({ status: 404 });
    // Other roles are refused.
    await expect(placements.listPlacements(as(coordinator))).rejects.toMatchObject({ status: 403 });
  });

  it("runs accept, arrival, an extension the coordinator grants and the exit; each answer reaches the coordinator and the audit log", async () => {
    const { caseId, rid } = await referred("boende-nord");
    // Unanswered: a deadline for the coordinator two days after the referral.
    const later = new Date(Date.now() + 3 * 86_400_000);
    const waiting = (await referrals.deadlinesOf(as(coordinator, later), decrypt)).filter(
      (d) => d.caseId === caseId,
    );
    expect(waiting.map((d) => [d.code, d.state])).toEqual([["referral-unanswered", "overdue"]]);

    await placements.answerPlacement(as(north), rid, { action: "accept", start: addDays(today, 1) });
    let seen = await referrals.getReferral(as(coordinator), caseId, rid);
    expect(seen.referral).toMatchObject({ status: "accepted", start: addDays(today, 1), answeredOn: today });
    const answers = await referrals.shelterAnswers(as(coordinator));
    expect(answers.find((a) => a.referralId === rid)).toMatchObject({
      to: "accepted",
      shelter: "Boende nord",
    });

    await placements.answerPlacement(as(north), rid, { action: "arrival", arrivedOn: today });
    await placements.answerPlacement(as(north), rid, { action: "extension", reason: "awaiting-housing" });
    expect((await placements.getPlacement(as(north), rid)).daysUsed).toBe(1);
    const pending = (await referrals.deadlinesOf(as(coordinator), decrypt)).filter(
      (d) => d.caseId === caseId,
    );
    expect(pending.map((d) => d.code)).toContain("nsp-extension-pending");
    // The shelter cannot decide its own request, and the coordinator cannot ask for one.
    await expect(
      referrals.updateReferral(as(coordinator), caseId, rid, { status: "extended", extensionReason: "x" }),
    ).rejects.toMatchObject({ status: 409 });
    await referrals.decideExtension(as(coordinator), caseId, rid, { grant: true });
    seen = await referrals.getReferral(as(coordinator), caseId, rid);
    expect(seen.referral).toMatchObject({
      status: "extended",
      extensionReason: "awaiting-housing",
      extensionRequest: { decision: "granted", decidedOn: today },
    });
    await expect(
      referrals.decideExtension(as(coordinator), caseId, rid, { grant: false }),
    ).rejects.toMatchObject({
      status: 409,
    });
    await placements.answerPlacement(as(north), rid, { action: "exit", end: today, exitTo: "own-housing" });
    expect((await placements.getPlacement(as(north), rid)).status).toBe("exited");

    const events = await t.db
      .select()
      .from(schema.referralEvents)
      .where(eq(schema.referralEvents.referralId, rid));
    expect(events.map((e) => e.toStatus)).toEqual([
      "requested",
      "accepted",
      "placed",
      "extension-requested",
      "extended",
      "exited",
    ]);
    // Every answer and every read of the shelter is in the audit log, against the case.
    const log = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectType, "case"), eq(schema.auditLog.objectId, caseId)));
    const byShelter = log.filter((e) => e.actorId === north.principal.id);
    expect(
      byShelter.filter((e) => e.action === "update").map((e) => (e.detail as { answer: string }).answer),
    ).toEqual(["accept", "arrival", "extension", "exit"]);
    expect(byShelter.filter((e) => e.action === "read").length).toBeGreaterThanOrEqual(4);
    await placements.listPlacements(as(north));
    const lists = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectType, "placements"));
    expect(
      lists.some(
        (e) => e.actorId === north.principal.id && String((e.detail as { ids: string }).ids).includes(caseId),
      ),
    ).toBe(true);
  });

  it("refuses bad answers at their fields, and answers that no longer fit with 409", async () => {
    const { rid } = await referred("boende-nord");
    await expect(
      placements.answerPlacement(as(north), rid, { action: "accept", start: addDays(today, -1) }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "start", message: "date-past" }] });
    await expect(
      placements.answerPlacement(as(north), rid, { action: "arrival", arrivedOn: addDays(today, 1) }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "arrivedOn", message: "date-future" }] });
    await expect(
      placements.answerPlacement(as(north), rid, { action: "exit", end: today, exitTo: "left" }),
    ).rejects.toMatchObject({ status: 409, code: "placement-moved" });
    await placements.answerPlacement(as(north), rid, { action: "decline", reason: "full" });
    const [row] = await t.db.select().from(schema.referrals).where(eq(schema.referrals.id, rid));
    expect(row).toMatchObject({
      status: "declined",
      data: expect.objectContaining({ declineReason: "full" }),
    });
    await expect(
      placements.answerPlacement(as(north), rid, { action: "accept", start: today }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("two answers at once: one takes effect, the other is told the placement moved", async () => {
    const { rid } = await referred("boende-nord");
    const results = await Promise.allSettled([
      placements.answerPlacement(as(north), rid, { action: "accept", start: today, seen: "requested" }),
      placements.answerPlacement(as(north2), rid, { action: "decline", reason: "full", seen: "requested" }),
      placements.answerPlacement(as(north2), rid, { action: "arrival", arrivedOn: today, seen: "requested" }),
      placements.answerPlacement(as(north), rid, { action: "accept", start: addDays(today, 2) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const events = await t.db
      .select()
      .from(schema.referralEvents)
      .where(eq(schema.referralEvents.referralId, rid));
    expect(events).toHaveLength(2); // requested, and the one answer
  });

  it("two coordinators deciding one extension at once: one decision stands", async () => {
    const { caseId, rid } = await referred("boende-nord");
    await placements.answerPlacement(as(north), rid, { action: "arrival", arrivedOn: today });
    await placements.answerPlacement(as(north), rid, { action: "extension", reason: "health" });
    const other = await t.signIn("coordinator", "nord");
    const results = await Promise.allSettled([
      referrals.decideExtension(as(coordinator), caseId, rid, { grant: true }),
      referrals.decideExtension(as(other), caseId, rid, { grant: false }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const events = await t.db
      .select()
      .from(schema.referralEvents)
      .where(eq(schema.referralEvents.referralId, rid));
    expect(events.map((e) => e.toStatus).filter((s) => s === "extended" || s === "placed")).toHaveLength(2); // arrival + one decision
  });
});
