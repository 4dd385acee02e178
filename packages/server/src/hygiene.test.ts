/**
 * Request and response hygiene: no-store on personal data, path ids checked before the database,
 * the CSRF header on session-authenticated API writes, strict UTF-8 decoding, and error lines
 * without personal data.
 */
import { createHash, randomBytes } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as cases from "./cases/service.ts";
import { adultCaseInput, expectProblem, type TestApp, testApp, testTargets } from "./testing.ts";

type Who = Awaited<ReturnType<TestApp["signIn"]>>;

describe.each(testTargets())("request and response hygiene on %s", (target) => {
  let t: TestApp;
  let coordinator: Who;
  let national: Who;
  let admin: Who;
  let caseId: string;
  beforeAll(async () => {
    t = await testApp(target);
    coordinator = await t.signIn("coordinator", "bergslagen");
    national = await t.signIn("national");
    admin = await t.signIn("admin");
    caseId = (
      await cases.createIndividualCase(
        { db: t.db, keys: t.keys, principal: coordinator.principal },
        adultCaseInput,
      )
    ).id;
  }, 60_000);
  afterAll(() => t?.close());
  afterEach(() => vi.restoreAllMocks());

  const get = (who: Who, path: string) => t.app.request(path, { headers: { cookie: who.cookie } });
  const form = (who: Who, path: string, fields: Record<string, string> = {}) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });

  it("marks every staff page and API answer with personal data Cache-Control: no-store", async () => {
    for (const [who, path] of [
      [coordinator, "/staff"],
      [coordinator, "/staff/cases"],
      [coordinator, `/staff/cases/${caseId}`],
      [coordinator, `/staff/cases/${caseId}/history`],
      [coordinator, "/staff/deadlines"],
      [coordinator, "/api/v1/cases"],
      [coordinator, `/api/v1/cases/${caseId}`],
      [coordinator, `/api/v1/cases/${caseId}/referrals`],
      [coordinator, "/api/v1/shelters"],
      [national, `/api/v1/cases/${caseId}/access-history`],
      [admin, "/staff/admin/users"],
    ] as const) {
      const res = await get(who, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    // Refusals too, and the sign-in page (it carries a CSRF token).
    expect((await t.app.request("/api/v1/cases")).headers.get("cache-control")).toBe("no-store");
    expect((await t.app.request("/staff/login")).headers.get("cache-control")).toBe("no-store");
    // The stylesheet and the public directory carry nothing personal and stay cacheable.
    expect((await t.app.request("/staff/staff.css")).headers.get("cache-control")).not.toBe("no-store");
  });

  it("checks every id in a path before the database: a 404 page or a 400 problem, never a 500", async () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const bad = ["not-a-uuid", "%00", `${caseId}%00`, "1%27%20or%201=1", "x".repeat(300)];
    for (const id of bad) {
      expect((await get(national, `/staff/cases/${id}/history`)).status, id).toBe(404);
      expect((await get(coordinator, `/staff/cases/${id}`)).status, id).toBe(404);
      expect((await form(admin, `/staff/admin/users/${id}/sign-out`)).status, id).toBe(404);
      await expectProblem(await get(national, `/api/v1/cases/${id}/access-history`), 400);
      await expectProblem(await get(coordinator, `/api/v1/cases/${caseId}/referrals/${id}`), 400);
      expect((await get(national, `/staff/shelters/${id}`)).status, id).toBe(404);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it("audits the admin's sign-out of a user", async () => {
    const user = await t.signIn("coordinator", "nord");
    const res = await form(admin, `/staff/admin/users/${user.principal.id}/sign-out`);
    expect(res.status).toBe(303);
    const entries = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectId, user.principal.id));
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: admin.principal.id,
        action: "logout.everywhere",
        objectType: "user",
      }),
    ]);
    expect((await get(user, "/staff/cases")).status).toBe(303);
  });

  it("takes the session's CSRF token in X-CSRF-Token for an API write with a session cookie, not with a bearer token", async () => {
    const note = (headers: Record<string, string>) =>
      t.app.request(`/api/v1/cases/${caseId}/notes`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ body: "Anteckning" }),
      });
    const count = async () =>
      (await t.db.select().from(schema.caseNotes).where(eq(schema.caseNotes.caseId, caseId))).length;
    const before = await count();
    await expectProblem(await note({ cookie: coordinator.cookie }), 403);
    await expectProblem(await note({ cookie: coordinator.cookie, "x-csrf-token": "x".repeat(43) }), 403);
    const other = await t.signIn("coordinator", "bergslagen");
    await expectProblem(await note({ cookie: coordinator.cookie, "x-csrf-token": other.csrf }), 403);
    expect(await count()).toBe(before);
    expect((await note({ cookie: coordinator.cookie, "x-csrf-token": coordinator.csrf })).status).toBe(201);
    // Reads need no token.
    expect((await get(coordinator, `/api/v1/cases/${caseId}`)).status).toBe(200);
    const bearer = randomBytes(32).toString("base64url");
    await t.db.insert(schema.apiTokens).values({
      tokenHash: createHash("sha256").update(bearer).digest("hex"),
      name: "script",
      role: "coordinator",
      regionId: "bergslagen",
      purpose: "Test script",
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    expect((await note({ authorization: `Bearer ${bearer}` })).status).toBe(201);
    expect(await count()).toBe(before + 2);
  });

  it("refuses a body with a byte-order mark or another charset, and malformed %-escapes, with a 400 problem", async () => {
    const json = (body: Uint8Array<ArrayBuffer> | string, type = "application/json") =>
      t.app.request(`/api/v1/cases/${caseId}/notes`, {
        method: "POST",
        headers: { cookie: coordinator.cookie, "x-csrf-token": coordinator.csrf, "content-type": type },
        body,
      });
    const text = JSON.stringify({ body: "Läst strikt" });
    const utf8 = new TextEncoder().encode(text);
    await expectProblem(await json(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])), 400);
    await expectProblem(await json(new Uint8Array([0xff, 0xfe, ...utf8])), 400);
    await expectProblem(await json(text, "application/json; charset=iso-8859-1"), 400);
    await expectProblem(await json(text, "application/json; charset=utf-16"), 400);
    await expectProblem(await json(new Uint8Array([...utf8.slice(0, 10), 0xe4, ...utf8.slice(10)])), 400);
    expect((await json(text, "application/json; charset=UTF-8")).status).toBe(201);
    // A staff form with a byte-order mark is refused the same way.
    const bom = await t.app.request(`/staff/cases/${caseId}/notes`, {
      method: "POST",
      headers: { cookie: coordinator.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new Uint8Array([
        0xef,
        0xbb,
        0xbf,
        ...new TextEncoder().encode(`_csrf=${coordinator.csrf}&body=x`),
      ]),
    });
    await expectProblem(bom, 400);
    for (const query of ["q=%", "q=%zz", "q=abc%2", "q=%ff", "q=%c3%28"]) {
      await expectProblem(await get(coordinator, `/api/v1/cases?${query}`), 400);
      await expectProblem(await get(coordinator, `/staff/cases?${query}`), 400);
    }
    expect((await get(coordinator, "/api/v1/cases?q=m%C3%A4nniskohandel+barn")).status).toBe(200);
  });

  it("logs an unexpected error as one JSON line with request id, route, status and code, never what was sent", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    vi.spyOn(console, "error").mockImplementation((...args) => void lines.push(args.map(String).join(" ")));
    const marker = "Ingrid Hemligsson 19850101";
    // Failures inside the database: tables and a column the statements need are gone.
    await t.db.execute(sql`alter table case_notes rename to case_notes_gone`);
    await t.db.execute(sql`alter table cases rename column search to search_gone`);
    try {
      const note = await t.app.request(`/api/v1/cases/${caseId}/notes`, {
        method: "POST",
        headers: {
          cookie: coordinator.cookie,
          "x-csrf-token": coordinator.csrf,
          "content-type": "application/json",
        },
        body: JSON.stringify({ body: marker }),
      });
      const problem = await expectProblem(note, 500);
      const search = await get(coordinator, `/api/v1/cases?q=${encodeURIComponent("Hemligsson")}`);
      await expectProblem(search, 500);
      const page = await form(coordinator, `/staff/cases/${caseId}/notes`, { body: marker });
      expect(page.status).toBe(500);
      const log = lines.join("");
      for (const secret of [marker, "Hemligsson", "hemligsson", caseId, "insert into", "select", "params"])
        expect(log.toLowerCase()).not.toContain(secret.toLowerCase());
      const records = log
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records).toHaveLength(3);
      expect(records[0]).toMatchObject({
        level: "error",
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        method: "POST",
        route: "/api/v1/cases/:id/notes",
        status: 500,
        code: expect.stringMatching(/^SQLSTATE 42(P01|703)$/),
      });
      expect((problem as { detail?: string }).detail).toContain(records[0]?.requestId as string);
      expect(records[1]).toMatchObject({ route: "/api/v1/cases", code: "SQLSTATE 42703" });
      expect(records[2]).toMatchObject({
        route: "/staff/cases/:id/notes",
        code: expect.stringMatching(/^SQLSTATE 42(P01|703)$/),
      });
    } finally {
      await t.db.execute(sql`alter table case_notes_gone rename to case_notes`);
      await t.db.execute(sql`alter table cases rename column search_gone to search`);
    }
  });
});
