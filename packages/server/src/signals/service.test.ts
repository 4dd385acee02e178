/**
 * The knowledge-needs signals end to end through the API on PGlite and PostgreSQL: counting on
 * arrival, what is refused or dropped, opt-outs, concurrent upserts, the national dashboard and
 * its CSV, and the editors' list of needs until marked handled.
 */
import { schema } from "@stodkedjan/db";
import {
  MAX_BEACON_BYTES,
  MAX_BEACON_EVENTS,
  MIN_REPORTED_COUNT,
  swedishDay,
} from "@stodkedjan/domain/signals";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectProblem, type TestApp, testApp, testTargets } from "../testing.ts";
import * as signals from "./service.ts";

const PAGE = "/sv/manual/identifiering/";

describe.each(testTargets())("signals on %s", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(target);
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    for (const table of [
      schema.signalPageViews,
      schema.signalFeedback,
      schema.signalSearchMisses,
      schema.signalQuizAnswers,
      schema.signalExerciseDecisions,
      schema.knowledgeNeedsHandled,
    ])
      await t.db.delete(table);
  });

  const send = (events: unknown[], headers: Record<string, string> = {}) =>
    t.app.request("/api/v1/signals", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ events }),
    });
  const countOf = async (table: typeof schema.signalPageViews) =>
    Number((await t.db.select({ n: sql<number>`coalesce(sum(${table.count}), 0)` }).from(table))[0]?.n);

  it("counts each kind of event into one row per day and key, on arrival", async () => {
    const res = await send([
      { type: "view", page: PAGE },
      { type: "view", page: PAGE },
      { type: "view", page: "/en/what-do-i-do-now/" },
      { type: "feedback", page: PAGE, helped: false, reason: "missing-contacts" },
      { type: "feedback", page: PAGE, helped: true },
      { type: "search-miss", query: "Tvångsgifte barn", lang: "sv" },
      { type: "quiz-answer", module: "basics", question: "q-1", correct: false },
      { type: "exercise-decision", exercise: "child", node: "start", choice: "call-police" },
    ]);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ counted: 8 });
    await send([{ type: "view", page: PAGE }]);
    const day = swedishDay();
    expect(await t.db.select().from(schema.signalPageViews).orderBy(schema.signalPageViews.page)).toEqual([
      { day, page: "/en/what-do-i-do-now/", count: 1 },
      { day, page: PAGE, count: 3 },
    ]);
    expect(await t.db.select().from(schema.signalSearchMisses)).toEqual([
      { day, lang: "sv", query: "tvångsgifte barn", count: 1 },
    ]);
    expect(await t.db.select().from(schema.signalFeedback).orderBy(schema.signalFeedback.helped)).toEqual([
      { day, page: PAGE, helped: false, reason: "missing-contacts", count: 1 },
      { day, page: PAGE, helped: true, reason: "", count: 1 },
    ]);
    expect(await countOf(schema.signalQuizAnswers as never)).toBe(1);
    expect(await countOf(schema.signalExerciseDecisions as never)).toBe(1);
  });

  it("drops a search with a name or a number in it without trace, and refuses unknown pages", async () => {
    for (const query of ["barn Anna", "tvångsgifte 0701234567", "stockholm", "Mohammed", "barn19"]) {
      const res = await send([{ type: "search-miss", query, lang: "sv" }]);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ counted: 0 });
    }
    expect(await t.db.select().from(schema.signalSearchMisses)).toEqual([]);

    const unknown = await expectProblem(await send([{ type: "view", page: "/sv/anna-andersson/" }]), 400);
    expect(unknown.errors?.[0]?.path).toBe("events.0.page");
    await expectProblem(await send([{ type: "view", page: "https://example.org/" }]), 400);
    await expectProblem(await send([{ type: "view", page: PAGE, ip: "1.2.3.4" }]), 400);
    await expectProblem(
      await send([{ type: "feedback", page: PAGE, helped: false, reason: "free text" }]),
      400,
    );
    await expectProblem(await send([{ type: "feedback", page: PAGE, helped: true, reason: "unclear" }]), 400);
    await expectProblem(
      await send([{ type: "quiz-answer", module: "Anna Svensson", question: "q", correct: true }]),
      400,
    );
    await expectProblem(await send(Array(MAX_BEACON_EVENTS + 1).fill({ type: "view", page: PAGE })), 400);
    expect(await countOf(schema.signalPageViews)).toBe(0);
  });

  it("is documented in the OpenAPI document: public, JSON beacons and the feedback form", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        { post?: { security?: unknown; requestBody: { content: object }; responses: object } }
      >;
    };
    const op = doc.paths["/api/v1/signals"]?.post;
    expect(op?.security).toEqual([]);
    expect(Object.keys(op?.requestBody.content ?? {}).sort()).toEqual([
      "application/json",
      "application/x-www-form-urlencoded",
    ]);
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(["202", "303", "400", "403", "413", "415"]);
  });

  it("takes a page's events in one beacon, up to its bounds, and refuses a body larger than a beacon", async () => {
    const page = [
      { type: "view", page: PAGE },
      ...Array.from({ length: MAX_BEACON_EVENTS - 1 }, (_, i) => ({
        type: "quiz-answer",
        module: "identification",
        question: `question-${i % 4}`,
        correct: i % 3 > 0,
      })),
    ];
    const res = await send(page);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ counted: MAX_BEACON_EVENTS });
    expect(await countOf(schema.signalQuizAnswers as never)).toBe(MAX_BEACON_EVENTS - 1);
    expect((await t.db.select().from(schema.signalQuizAnswers)).length).toBe(8);

    const large = await t.app.request("/api/v1/signals", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        events: [{ type: "search-miss", query: "x".repeat(MAX_BEACON_BYTES), lang: "sv" }],
      }),
    });
    await expectProblem(large, 413);
  });

  it("takes beacons from the site's own pages only", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const res = await send([{ type: "view", page: PAGE }], { "sec-fetch-site": site });
      await expectProblem(res, 403);
    }
    expect(await countOf(schema.signalPageViews)).toBe(0);
    expect((await send([{ type: "view", page: PAGE }], { "sec-fetch-site": "same-origin" })).status).toBe(
      202,
    );
    expect(await countOf(schema.signalPageViews)).toBe(1);
  });

  it("takes a beacon from a signed-in staff member's browser as anonymous: the session is neither needed nor read", async () => {
    const { principal, cookie } = await t.signIn("national");
    // A session last seen long enough ago that reading it would slide its last-seen time.
    const before = new Date(Date.now() - 10 * 60_000);
    await t.db
      .update(schema.sessions)
      .set({ lastSeenAt: before })
      .where(eq(schema.sessions.userId, principal.id));
    // No X-CSRF-Token: the beacon carries no session authority, so it needs none.
    const res = await send([{ type: "view", page: PAGE }], { cookie, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ counted: 1 });
    expect(res.headers.get("set-cookie")).toBeNull();
    const [session] = await t.db
      .select({ lastSeenAt: schema.sessions.lastSeenAt })
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, principal.id));
    expect(session?.lastSeenAt.getTime()).toBe(before.getTime());
    expect((await send([{ type: "view", page: PAGE }], { cookie: "sk_session=not-a-session" })).status).toBe(
      202,
    );
    expect(await countOf(schema.signalPageViews)).toBe(2);

    // Every other API write still wants the session's CSRF token with the cookie.
    const shelter = await t.app.request("/api/v1/shelters", {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: "{}",
    });
    await expectProblem(shelter, 403);
  });

  it("counts nothing under Do Not Track or Global Privacy Control", async () => {
    for (const headers of [{ dnt: "1" }, { "sec-gpc": "1" }] as Record<string, string>[]) {
      const res = await send([{ type: "view", page: PAGE }], headers);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ counted: 0 });
    }
    expect(await countOf(schema.signalPageViews)).toBe(0);
  });

  it("takes the no-JavaScript feedback form and answers with the page's thank-you note", async () => {
    const res = await t.app.request("/api/v1/signals", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ type: "feedback", page: PAGE, helped: "no", reason: "unclear" }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${PAGE}#feedback-thanks`);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await t.db.select({ reason: schema.signalFeedback.reason }).from(schema.signalFeedback)).toEqual([
      { reason: "unclear" },
    ]);
    const elsewhere = await t.app.request("/api/v1/signals", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ type: "feedback", page: "/sv/../../evil/", helped: "yes" }).toString(),
    });
    expect(elsewhere.status).toBe(400);
  });

  it("loses no count when many requests upsert the same rows at once", async () => {
    const batch = [
      { type: "view", page: PAGE },
      { type: "view", page: "/sv/manual/barn/" },
      { type: "search-miss", query: "tvångsgifte", lang: "sv" },
    ];
    const reversed = [...batch].reverse();
    const results = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => (await send(i % 2 ? batch : reversed)).status),
    );
    expect(results.every((s) => s === 202)).toBe(true);
    const views = await t.db
      .select()
      .from(schema.signalPageViews)
      .where(eq(schema.signalPageViews.page, PAGE));
    expect(views.map((v) => v.count)).toEqual([60]);
    expect(await countOf(schema.signalSearchMisses as never)).toBe(60);
  });

  it("shows the national team the figures, with rare searches suppressed, and exports CSV (audited)", async () => {
    await send(Array(MIN_REPORTED_COUNT).fill({ type: "search-miss", query: "hedersvåld", lang: "sv" }));
    await send(Array(MIN_REPORTED_COUNT - 1).fill({ type: "search-miss", query: "tvångsgifte", lang: "sv" }));
    await send([
      { type: "view", page: PAGE },
      { type: "quiz-answer", module: "basics", question: "q-2", correct: false },
      { type: "quiz-answer", module: "basics", question: "q-2", correct: true },
      { type: "feedback", page: PAGE, helped: false, reason: "outdated" },
    ]);
    const national = await t.signIn("national");
    const period = signals.defaultPeriod();
    const d = await signals.dashboard(t.db, national.principal, period);
    expect(d.misses).toEqual([{ lang: "sv", query: "hedersvåld", count: MIN_REPORTED_COUNT }]);
    expect(d.suppressedMisses).toBe(1);
    expect(d.quiz).toEqual([{ module: "basics", question: "q-2", wrong: 1, answers: 2 }]);
    expect(d.feedback).toEqual([{ page: PAGE, yes: 0, no: 1, reasons: { outdated: 1 } }]);
    expect(d.days.at(-1)).toMatchObject({ day: period.to, views: 1, notHelped: 1 });

    const page = await t.app.request("/staff/signals", { headers: { cookie: national.cookie } });
    const body = await page.text();
    expect(body).toContain("hedersvåld");
    expect(body).not.toContain("tvångsgifte");
    expect(body).toContain("Vad som samlas in");

    const csv = await t.app.request(`/staff/signals/export?data=misses&from=${period.from}&to=${period.to}`, {
      headers: { cookie: national.cookie },
    });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    // With a byte-order mark, so that spreadsheet programs read the file as UTF-8.
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect(bytes.toString("utf8")).toBe(`\uFEFFlang,query,count\nsv,hedersvåld,${MIN_REPORTED_COUNT}\n`);
    const [entry] = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectType, "signals"))
      .orderBy(schema.auditLog.seq);
    expect(entry).toMatchObject({ action: "export", objectId: "misses", actorId: national.principal.id });

    const bad = await t.app.request("/staff/signals?from=2026-12-31&to=2026-01-01", {
      headers: { cookie: national.cookie },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Slutdatumet är före startdatumet.");
  });

  it("puts misses and unhelpful pages on the editors' list until marked handled (audited)", async () => {
    await send(Array(MIN_REPORTED_COUNT).fill({ type: "search-miss", query: "hedersvåld", lang: "sv" }));
    await send([{ type: "feedback", page: PAGE, helped: false, reason: "unclear" }]);
    const editor = await t.signIn("editor");
    const needs = await signals.knowledgeNeeds(t.db, editor.principal);
    expect(needs.map((n) => [n.kind, n.key, n.count])).toEqual([
      ["search-miss", "sv:hedersvåld", MIN_REPORTED_COUNT],
      ["page-feedback", PAGE, 1],
    ]);

    const res = await t.app.request("/staff/content/needs", {
      method: "POST",
      headers: { cookie: editor.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: editor.csrf, kind: "search-miss", key: "sv:hedersvåld" }).toString(),
    });
    expect(res.status).toBe(303);
    expect((await signals.knowledgeNeeds(t.db, editor.principal)).map((n) => n.key)).toEqual([PAGE]);
    const [entry] = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectType, "knowledge-need"));
    expect(entry).toMatchObject({
      action: "update",
      objectId: "search-miss:sv:hedersvåld",
      actorId: editor.principal.id,
    });

    // Handling what is not on the list changes nothing.
    await expect(
      signals.markHandled(t.db, editor.principal, "search-miss", "sv:finns-inte"),
    ).rejects.toThrow();
    // Signals after the day it was handled bring it back, counting only those.
    await t.db
      .update(schema.knowledgeNeedsHandled)
      .set({ handledOn: "2020-01-01" })
      .where(eq(schema.knowledgeNeedsHandled.key, "sv:hedersvåld"));
    expect((await signals.knowledgeNeeds(t.db, editor.principal))[0]).toMatchObject({
      key: "sv:hedersvåld",
      handledOn: "2020-01-01",
    });
  });
});
