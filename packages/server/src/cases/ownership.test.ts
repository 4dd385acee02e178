/**
 * Joint handling is not ownership, and a closed case takes no writes until its owning region
 * reopens it with a reason: through the API and the staff pages, on PGlite and the server.
 */
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as referrals from "../referrals/service.ts";
import {
  adultCaseInput,
  expectProblem,
  type TestApp,
  testApp,
  testTargets,
  transferAccepted,
} from "../testing.ts";
import * as cases from "./service.ts";

type Who = Awaited<ReturnType<TestApp["signIn"]>>;

describe.each(testTargets())("case ownership and closed cases on %s", (target) => {
  let t: TestApp;
  let owner: Who;
  let partner: Who;
  let third: Who;
  beforeAll(async () => {
    t = await testApp(target);
    owner = await t.signIn("coordinator", "bergslagen");
    partner = await t.signIn("coordinator", "nord");
    third = await t.signIn("coordinator", "stockholm");
  }, 60_000);
  afterAll(() => t?.close());

  const ctxOf = (who: Who) => ({ db: t.db, keys: t.keys, principal: who.principal });
  /** A Bergslagen case handled jointly with Nord, with a task and a submitted ÅMP application. */
  /** Closes after reviewing what closing does (the fixture's ÅMP application keeps running). */
  async function closeConfirmed(id: string, reason: "support-completed" | "no-contact") {
    const { key } = await cases.closingPreview(ctxOf(owner), id);
    await cases.closeCase(ctxOf(owner), id, { reason, confirmed: key });
  }

  async function jointCase() {
    const id = (await cases.createIndividualCase(ctxOf(owner), adultCaseInput)).id;
    const { id: shareId } = await cases.shareCase(ctxOf(owner), id, "nord", "joint");
    const { id: taskId } = await cases.addTask(ctxOf(owner), id, "Ring", "2030-01-01");
    const { id: rid } = await referrals.createReferral(ctxOf(owner), id, { type: "amp" });
    await referrals.updateReferral(ctxOf(owner), id, rid, { status: "submitted", submittedOn: "2026-11-02" });
    return { id, shareId, taskId, rid };
  }
  const api = (who: Who, path: string, body?: unknown) =>
    t.app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        cookie: who.cookie,
        ...(body === undefined ? {} : { "content-type": "application/json", "x-csrf-token": who.csrf }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const form = (who: Who, path: string, fields: Record<string, string> = {}) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });
  const page = async (who: Who, path: string) =>
    (await t.app.request(path, { headers: { cookie: who.cookie } })).text();
  const row = async (id: string) =>
    (
      await t.db.select().from(schema.cases).where(eq(schema.cases.id, id))
    )[0] as typeof schema.cases.$inferSelect;
  const activeShares = async (id: string) =>
    (await t.db.select().from(schema.caseShares).where(eq(schema.caseShares.caseId, id))).filter(
      (s) => s.revokedAt === null,
    );

  it("a joint partner cannot transfer, share further, revoke or close (403), and nothing changes", async () => {
    const { id, shareId } = await jointCase();
    for (const [path, body] of [
      [`/api/v1/cases/${id}/shares`, { regionId: "stockholm", mode: "transfer" }],
      [`/api/v1/cases/${id}/shares`, { regionId: "stockholm", mode: "joint" }],
      [`/api/v1/cases/${id}/shares/${shareId}/revoke`, {}],
      [`/api/v1/cases/${id}/close`, { reason: "moved" }],
    ] as const)
      await expectProblem(await api(partner, path, body), 403);
    for (const [path, fields] of [
      [`/staff/cases/${id}/shares`, { regionId: "stockholm", mode: "transfer" }],
      [`/staff/cases/${id}/shares/${shareId}/revoke`, {}],
      [`/staff/cases/${id}/close`, { reason: "moved" }],
    ] as const) {
      const res = await form(partner, path, fields);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Bara den region som äger ärendet");
    }
    // The services refuse it too, whatever route calls them.
    await expect(cases.closeCase(ctxOf(partner), id, { reason: "moved" })).rejects.toMatchObject({
      status: 403,
    });
    expect((await row(id)).status).toBe("open");
    expect((await activeShares(id)).map((s) => [s.regionId, s.mode])).toEqual([["nord", "joint"]]);
    // Another region still sees nothing.
    await expectProblem(await api(third, `/api/v1/cases/${id}/close`, { reason: "moved" }), 404);
  });

  it("a joint partner works the case: notes, tasks, referrals", async () => {
    const { id, taskId, rid } = await jointCase();
    expect((await api(partner, `/api/v1/cases/${id}/notes`, { body: "Samtal" })).status).toBe(201);
    expect(
      (await api(partner, `/api/v1/cases/${id}/tasks`, { title: "Boka", dueOn: "2030-02-01" })).status,
    ).toBe(201);
    expect((await api(partner, `/api/v1/cases/${id}/tasks/${taskId}/done`, {})).status).toBe(200);
    expect(
      (await api(partner, `/api/v1/cases/${id}/referrals`, { type: "other", kind: "mika" })).status,
    ).toBe(201);
    expect(
      (
        await api(partner, `/api/v1/cases/${id}/referrals/${rid}/followups`, {
          on: "2026-11-20",
          kind: "person-contact",
          body: "Hörde av sig",
        })
      ).status,
    ).toBe(201);
  });

  it("hides sharing, revoking and closing from a joint partner's case page, and shows them to the owner", async () => {
    const { id, shareId } = await jointCase();
    const mine = await page(owner, `/staff/cases/${id}`);
    expect(mine).toContain(`action="/staff/cases/${id}/shares"`);
    expect(mine).toContain(`action="/staff/cases/${id}/shares/${shareId}/revoke"`);
    expect(mine).toContain(`action="/staff/cases/${id}/close"`);
    const theirs = await page(partner, `/staff/cases/${id}`);
    expect(theirs).toContain(`action="/staff/cases/${id}/notes"`);
    expect(theirs).not.toContain(`action="/staff/cases/${id}/shares"`);
    expect(theirs).not.toContain("/revoke");
    expect(theirs).not.toContain(`action="/staff/cases/${id}/close"`);
    expect(theirs).toContain("Ärendet ägs av en annan region");
  });

  it("the region a case was transferred to owns it: it shares and closes; the sending region sees nothing", async () => {
    const id = (await cases.createIndividualCase(ctxOf(owner), adultCaseInput)).id;
    await transferAccepted(ctxOf(owner), id, "nord");
    expect(
      (await api(partner, `/api/v1/cases/${id}/shares`, { regionId: "stockholm", mode: "joint" })).status,
    ).toBe(201);
    // Stockholm now handles it jointly: it may work it, not close it.
    await expectProblem(await api(third, `/api/v1/cases/${id}/close`, { reason: "moved" }), 403);
    await expectProblem(await api(owner, `/api/v1/cases/${id}/close`, { reason: "moved" }), 404);
    expect((await api(partner, `/api/v1/cases/${id}/close`, { reason: "moved" })).status).toBe(200);
  });

  it("a closed case takes no writes (409 problem; a Swedish message on the page) and nothing is written", async () => {
    const { id, shareId, taskId, rid } = await jointCase();
    await closeConfirmed(id, "support-completed");
    const before = {
      notes: await t.db.select().from(schema.caseNotes).where(eq(schema.caseNotes.caseId, id)),
      tasks: await t.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, id)),
      referrals: await t.db.select().from(schema.referrals).where(eq(schema.referrals.caseId, id)),
      followups: await t.db
        .select()
        .from(schema.referralFollowups)
        .where(eq(schema.referralFollowups.caseId, id)),
      shares: await activeShares(id),
      step: (await row(id)).step,
    };
    const writes: [Who, string, unknown][] = [
      [owner, `/api/v1/cases/${id}/notes`, { body: "Efter stängning" }],
      [partner, `/api/v1/cases/${id}/notes`, { body: "Efter stängning" }],
      [owner, `/api/v1/cases/${id}/tasks`, { title: "Ring", dueOn: "2030-01-01" }],
      [owner, `/api/v1/cases/${id}/tasks/${taskId}/done`, {}],
      [owner, `/api/v1/cases/${id}/step`, { step: 4 }],
      [owner, `/api/v1/cases/${id}/shares`, { regionId: "stockholm", mode: "joint" }],
      [owner, `/api/v1/cases/${id}/shares/${shareId}/revoke`, {}],
      [owner, `/api/v1/cases/${id}/referrals`, { type: "other", kind: "mika" }],
      [owner, `/api/v1/cases/${id}/referrals/${rid}`, { status: "approved", approvedOn: "2026-11-10" }],
      [
        owner,
        `/api/v1/cases/${id}/referrals/${rid}/followups`,
        { on: "2026-11-20", kind: "person-contact", body: "x" },
      ],
      [owner, `/api/v1/cases/${id}/close`, { reason: "moved" }],
    ];
    for (const [who, path, body] of writes) {
      const problem = await expectProblem(await api(who, path, body), 409);
      expect(problem).toMatchObject({ detail: expect.stringContaining("closed") });
    }
    for (const path of ["notes", "tasks", "step", `tasks/${taskId}/done`]) {
      const res = await form(owner, `/staff/cases/${id}/${path}`, {
        body: "x",
        title: "x",
        dueOn: "2030-01-01",
        step: "3",
      });
      expect(res.status, path).toBe(409);
      expect(await res.text()).toContain("Ärendet är avslutat och tar inte emot ändringar");
    }
    const upload = new FormData();
    upload.set("_csrf", owner.csrf);
    upload.set("file", new File(["hej"], "a.txt", { type: "text/plain" }));
    const attached = await t.app.request(`/staff/cases/${id}/attachments`, {
      method: "POST",
      headers: { cookie: owner.cookie },
      body: upload,
    });
    expect(attached.status).toBe(409);
    expect(await t.db.select().from(schema.attachments).where(eq(schema.attachments.caseId, id))).toEqual([]);
    expect({
      notes: await t.db.select().from(schema.caseNotes).where(eq(schema.caseNotes.caseId, id)),
      tasks: await t.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, id)),
      referrals: await t.db.select().from(schema.referrals).where(eq(schema.referrals.caseId, id)),
      followups: await t.db
        .select()
        .from(schema.referralFollowups)
        .where(eq(schema.referralFollowups.caseId, id)),
      shares: await activeShares(id),
      step: (await row(id)).step,
    }).toEqual(before);
    // The page offers no write form on a closed case, and the owner the reopening form.
    const closedPage = await page(owner, `/staff/cases/${id}`);
    expect(closedPage).not.toContain(`action="/staff/cases/${id}/notes"`);
    expect(closedPage).toContain(`action="/staff/cases/${id}/reopen"`);
    expect(await page(partner, `/staff/cases/${id}`)).not.toContain(`action="/staff/cases/${id}/reopen"`);
  });

  it("reopening is the owner's recorded action with an encrypted reason; then the case takes writes again", async () => {
    const { id } = await jointCase();
    await expectProblem(await api(owner, `/api/v1/cases/${id}/reopen`, { reason: "Ny kontakt" }), 409);
    await closeConfirmed(id, "no-contact");
    await expectProblem(await api(owner, `/api/v1/cases/${id}/reopen`, {}), 400);
    await expectProblem(await api(partner, `/api/v1/cases/${id}/reopen`, { reason: "Hörde av sig" }), 403);
    const reason = "Personen hörde av sig igen via socialtjänsten";
    const res = await api(owner, `/api/v1/cases/${id}/reopen`, { reason });
    expect(res.status).toBe(201);
    const { id: reopeningId } = (await res.json()) as { id: string };
    expect(await row(id)).toMatchObject({ status: "open", closedOn: null, closeReason: null });
    const [stored] = await t.db
      .select()
      .from(schema.caseReopenings)
      .where(eq(schema.caseReopenings.caseId, id));
    expect(stored?.id).toBe(reopeningId);
    expect(stored?.reasonEnc).toMatch(/^v1\./);
    expect(stored?.reasonEnc).not.toContain("socialtjänsten");
    const entries = await t.db.select().from(schema.auditLog).where(eq(schema.auditLog.objectId, id));
    expect(
      entries.some((e) => e.action === "update" && (e.detail as { change?: string })?.change === "reopen"),
    ).toBe(true);
    expect(JSON.stringify(entries)).not.toContain("socialtjänsten");
    expect(await page(owner, `/staff/cases/${id}`)).toContain(reason);
    expect((await api(partner, `/api/v1/cases/${id}/notes`, { body: "Igen" })).status).toBe(201);
    // The staff form: a reason is required, and it reopens.
    await closeConfirmed(id, "no-contact");
    expect((await form(owner, `/staff/cases/${id}/reopen`, { reason: "" })).status).toBe(400);
    const done = await form(owner, `/staff/cases/${id}/reopen`, { reason: "Åter" });
    expect(done.status).toBe(303);
    expect((await row(id)).status).toBe("open");
  });
});
