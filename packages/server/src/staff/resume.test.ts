/**
 * A form posted after the session ended is kept (encrypted, bound to one user) and completed after
 * signing in again (ADR 0022); on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { schema } from "@stodkedjan/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDeviceCookie } from "../auth/devices.ts";
import { createSession } from "../auth/sessions.ts";
import * as cases from "../cases/service.ts";
import { adultCaseInput, type TestApp, testApp, testTargets } from "../testing.ts";

describe.each(testTargets())("form resume after the session expired on %s", (target) => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  let caseId: string;
  let username: string;

  beforeAll(async () => {
    t = await testApp(target);
    who = await t.signIn("coordinator", "mitt");
    const ctx = { db: t.db, keys: t.keys, principal: who.principal };
    ({ id: caseId } = await cases.createIndividualCase(ctx, adultCaseInput));
    const [u] = await t.db.select().from(schema.users).where(eq(schema.users.id, who.principal.id));
    username = u?.username ?? "";
  }, 120_000);
  afterAll(() => t?.close());

  /** The browser of `username`: its device cookie, and a session that has since ended. */
  const expiredBrowser = async (name = username) => {
    const device = `sk_device=${newDeviceCookie(t.keys, name)}`;
    return { device, cookie: `sk_session=gone-${Math.random()}; ${device}` };
  };
  const postNote = (cookie: string, body: string, headers: Record<string, string> = {}) =>
    t.app.request(`/staff/cases/${caseId}/notes`, {
      method: "POST",
      headers: {
        cookie,
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
        ...headers,
      },
      body: new URLSearchParams({ _csrf: "old-token", _page: `/staff/cases/${caseId}`, body }).toString(),
    });
  /** Keeps a note posted from an expired session; returns the draft cookie. */
  const keep = async (body: string, name = username) => {
    const browser = await expiredBrowser(name);
    const res = await postNote(browser.cookie, body);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/login?next=/staff/resume");
    const draft = /sk_draft=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    expect(draft).toBeTruthy();
    return `sk_draft=${draft}`;
  };
  /** Signing in again in that browser: a fresh verified session of the user. */
  const signInAgain = async (userId = who.principal.id) => {
    const s = await createSession(t.db, userId, true);
    return { cookie: `sk_session=${s.id}`, csrf: s.csrfToken };
  };
  const notes = async () =>
    (await cases.getCase({ db: t.db, keys: t.keys, principal: who.principal }, caseId)).notes.map(
      (n) => n.body,
    );
  const drafts = () => t.db.select().from(schema.formDrafts);

  it("keeps the form encrypted, and sends it after signing in again from a confirmation", async () => {
    const text = "Samtal med socialtjänsten om boende, skrivet precis när sessionen gick ut.";
    const draft = await keep(text);
    const [row] = await drafts();
    expect(row?.userId).toBe(who.principal.id);
    expect(row?.bodyEnc).not.toContain("socialtjänsten");
    expect(JSON.stringify(row)).not.toContain("Samtal");

    const fresh = await signInAgain();
    const offer = await t.app.request("/staff/resume", { headers: { cookie: `${fresh.cookie}; ${draft}` } });
    expect(offer.status).toBe(200);
    const page = await offer.text();
    expect(page).toContain("Skicka det nu");
    expect(page).toContain(`href="/staff/cases/${caseId}"`);

    // The confirmation is checked against the fresh session's CSRF token.
    const forged = await t.app.request("/staff/resume", {
      method: "POST",
      headers: { cookie: `${fresh.cookie}; ${draft}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "old-token" }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await notes()).not.toContain(text);

    const sent = await t.app.request("/staff/resume", {
      method: "POST",
      headers: { cookie: `${fresh.cookie}; ${draft}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: fresh.csrf }).toString(),
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("Det du skrev innan du loggades ut är nu sparat.");
    expect(await notes()).toContain(text);
    expect(await drafts()).toHaveLength(0);
    const log = await t.db
      .select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(eq(schema.auditLog.objectType, "form_draft"));
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(["draft.keep", "draft.resume"]));
  });

  it("never gives one user's draft to another who signs in in that browser, and deletes it", async () => {
    const draft = await keep("Någon annans anteckning");
    const other = await t.signIn("coordinator", "mitt");
    const offer = await t.app.request("/staff/resume", { headers: { cookie: `${other.cookie}; ${draft}` } });
    expect(await offer.text()).toContain("Inget sparat formulär");
    expect(await drafts()).toHaveLength(0);
    // Nor can it be sent without being offered.
    const sent = await t.app.request("/staff/resume", {
      method: "POST",
      headers: { cookie: `${other.cookie}; ${draft}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: other.csrf }).toString(),
    });
    expect(await sent.text()).toContain("Inget sparat formulär");
    expect(await notes()).not.toContain("Någon annans anteckning");
  });

  it("shows a kept form with bad input filled in, with the error at its field", async () => {
    const long = "ö".repeat(20_000);
    const draft = await keep(long);
    const fresh = await signInAgain();
    const sent = await t.app.request("/staff/resume", {
      method: "POST",
      headers: { cookie: `${fresh.cookie}; ${draft}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: fresh.csrf }).toString(),
    });
    expect(sent.status).toBe(400);
    const page = await sent.text();
    expect(page).toContain(`${long}</textarea>`);
    expect(page).toContain('id="body-error"');
    expect(page).toContain("Texten är för lång");
  });

  it("checks authorization as the user who signs in: another region's case is refused", async () => {
    const stranger = await t.signIn("coordinator", "syd");
    const [s] = await t.db.select().from(schema.users).where(eq(schema.users.id, stranger.principal.id));
    const draft = await keep("Anteckning i fel region", s?.username);
    const fresh = await signInAgain(stranger.principal.id);
    const sent = await t.app.request("/staff/resume", {
      method: "POST",
      headers: { cookie: `${fresh.cookie}; ${draft}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: fresh.csrf }).toString(),
    });
    expect(sent.status).toBe(404);
    expect(await sent.text()).toContain("<h1>Finns inte</h1>");
    expect(await notes()).not.toContain("Anteckning i fel region");
  });

  it("keeps nothing posted from another site, without a device cookie, or past its 30 minutes", async () => {
    const browser = await expiredBrowser();
    const crossSite = await postNote(browser.cookie, "från en annan webbplats", {
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    const noDevice = await postNote("sk_session=gone", "utan enhet");
    expect(noDevice.status).toBe(403);
    expect(await drafts()).toHaveLength(0);

    const draft = await keep("För gammal");
    await t.db
      .update(schema.formDrafts)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(schema.formDrafts.userId, who.principal.id)));
    const fresh = await signInAgain();
    const offer = await t.app.request("/staff/resume", { headers: { cookie: `${fresh.cookie}; ${draft}` } });
    expect(await offer.text()).toContain("Inget sparat formulär");
    // An expired draft is deleted the next time one is kept.
    await keep("Ny");
    const left = await drafts();
    expect(left).toHaveLength(1);
  });
});
