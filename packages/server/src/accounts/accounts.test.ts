/** Staff accounts: asked for by an admin, approved by the national team, enrolled by their holder. */
import { schema } from "@stodkedjan/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { totpCode } from "../auth/totp.ts";
import { type TestApp, testApp } from "../testing.ts";

type Session = Awaited<ReturnType<TestApp["signIn"]>>;
const CSRF = "c".repeat(43);

describe("staff accounts, four eyes", () => {
  let t: TestApp;
  let admin: Session;
  let national: Session;
  beforeAll(async () => {
    t = await testApp("pglite");
    admin = await t.signIn("admin");
    national = await t.signIn("national");
  });
  afterAll(() => t?.close());

  const post = (who: Session | null, path: string, fields: Record<string, string> = {}, cookie = "") =>
    t.app.request(path, {
      method: "POST",
      headers: {
        cookie: who ? who.cookie : `sk_csrf=${CSRF}${cookie ? `; ${cookie}` : ""}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: who ? who.csrf : CSRF, ...fields }).toString(),
    });
  const linkIn = (page: string) => /data-enrolment-link>[^<]*?(\/staff\/activate\/[\w-]+)</.exec(page)?.[1];
  const ask = (username: string, role = "coordinator", regionId = "vast") =>
    post(admin, "/staff/admin/users", {
      username,
      displayName: "Ny Koordinator",
      role,
      regionId,
      purpose: "Ny regionkoordinator i Region Väst",
    });

  it("an admin cannot give itself an account that reads cases: no password to set, nothing until approved", async () => {
    const form = await (
      await t.app.request("/staff/admin/users", { headers: { cookie: admin.cookie } })
    ).text();
    expect(form).not.toMatch(/type="password"/);
    // A password sent anyway is not read.
    const res = await post(admin, "/staff/admin/users", {
      username: "ny.koordinator@test",
      displayName: "Ny Koordinator",
      role: "coordinator",
      regionId: "vast",
      purpose: "Ny regionkoordinator i Region Väst",
      password: "adminens-eget-lösenord",
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Begäran är skickad");
    expect(linkIn(page)).toBeUndefined();
    expect(
      await t.db.select().from(schema.users).where(eq(schema.users.username, "ny.koordinator@test")),
    ).toEqual([]);
    const signIn = await post(null, "/staff/login", {
      username: "ny.koordinator@test",
      password: "adminens-eget-lösenord",
    });
    expect(signIn.status).toBe(400);
  });

  it("approved by the national team, the holder sets their own password through a one-time link and enrols TOTP", async () => {
    const [request] = await t.db
      .select()
      .from(schema.accessRequests)
      .where(eq(schema.accessRequests.username, "ny.koordinator@test"));
    const approved = await post(national, `/staff/approvals/${request?.id}/approve`);
    expect(approved.status).toBe(200);
    const link = linkIn(await approved.text()) as string;
    expect(link).toBeTruthy();
    const [user] = await t.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.username, "ny.koordinator@test"));
    expect(user).toMatchObject({ role: "coordinator", regionId: "vast", passwordHash: null });
    const [approval] = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "approve"), eq(schema.auditLog.objectId, request?.id as string)));
    expect(approval?.detail).toMatchObject({ kind: "account", role: "coordinator", region: "vast" });

    expect((await t.app.request(link)).status).toBe(200);
    const short = await post(null, link, { password: "kort", confirm: "kort" });
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(
      /<p class="field-error" id="password-error">Lösenordet behöver minst 12 tecken.<\/p><input id="password"/,
    );
    const mismatch = await post(null, link, { password: "ett eget långt lösenord", confirm: "ett annat" });
    expect(await mismatch.text()).toContain('id="confirm-error">Lösenorden är inte lika.');

    const done = await post(null, link, {
      password: "ett eget långt lösenord",
      confirm: "ett eget långt lösenord",
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/staff/enrol");
    const pending = /sk_session=([^;]+)/.exec(done.headers.get("set-cookie") ?? "")?.[1] as string;
    // The link works once.
    expect((await t.app.request(link)).status).toBe(404);
    expect(
      (
        await post(null, link, {
          password: "ett tredje långt lösenord",
          confirm: "ett tredje långt lösenord",
        })
      ).status,
    ).toBe(404);

    const enrolPage = await (
      await t.app.request("/staff/enrol", { headers: { cookie: `sk_session=${pending}` } })
    ).text();
    const secret = /data-secret>([A-Z2-7]+)</.exec(enrolPage)?.[1] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(enrolPage)?.[1] as string;
    const enrolled = await t.app.request("/staff/enrol", {
      method: "POST",
      headers: { cookie: `sk_session=${pending}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, code: totpCode(secret) }).toString(),
    });
    expect(enrolled.status).toBe(200);
    const session = /sk_session=([^;]+)/.exec(enrolled.headers.get("set-cookie") ?? "")?.[1];
    expect(
      (await t.app.request("/staff/cases", { headers: { cookie: `sk_session=${session}` } })).status,
    ).toBe(200);
  });

  it("a link that has run out opens nothing", async () => {
    await ask("sen.koordinator@test");
    const [request] = await t.db
      .select()
      .from(schema.accessRequests)
      .where(eq(schema.accessRequests.username, "sen.koordinator@test"));
    const link = linkIn(
      await (await post(national, `/staff/approvals/${request?.id}/approve`)).text(),
    ) as string;
    await t.db
      .update(schema.users)
      .set({ enrolmentExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.users.username, "sen.koordinator@test"));
    expect((await t.app.request(link)).status).toBe(404);
    expect(
      (await post(null, link, { password: "ett eget långt lösenord", confirm: "ett eget långt lösenord" }))
        .status,
    ).toBe(404);
  });

  it("a refusal needs a reason, shown next to its field, and issues nothing", async () => {
    await ask("nekad@test", "iom", "");
    const [request] = await t.db
      .select()
      .from(schema.accessRequests)
      .where(eq(schema.accessRequests.username, "nekad@test"));
    const empty = await post(national, `/staff/approvals/${request?.id}/refuse`, { reason: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain(`id="r-${request?.id}-reason-error">Skriv varför begäran avslås.`);
    const refused = await post(national, `/staff/approvals/${request?.id}/refuse`, {
      reason: "Ingen sådan tjänst",
    });
    expect(refused.status).toBe(200);
    expect(await t.db.select().from(schema.users).where(eq(schema.users.username, "nekad@test"))).toEqual([]);
    const [entry] = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "refuse"), eq(schema.auditLog.objectId, request?.id as string)));
    expect(entry?.detail).toMatchObject({ role: "iom", reason: "Ingen sådan tjänst" });
    expect((await post(national, `/staff/approvals/${request?.id}/approve`)).status).toBe(409);
  });

  it("an account of a role that reads no case data is made at once, with an enrolment link and no password", async () => {
    const res = await ask("redaktor.ny@test", "editor", "");
    expect(linkIn(await res.text())).toMatch(/^\/staff\/activate\//);
    const [u] = await t.db.select().from(schema.users).where(eq(schema.users.username, "redaktor.ny@test"));
    expect(u).toMatchObject({ role: "editor", passwordHash: null });
  });

  it("builds the enrolment link on PUBLIC_URL, never on the Host header a request carries", async () => {
    const served = createApp({
      database: t.database,
      keys: t.keys,
      auditAnchor: t.auditAnchor,
      transport: { publicUrl: "http://stodkedjan.example" },
    });
    const res = await served.request("http://angripare.example/staff/admin/users", {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: admin.csrf,
        username: "redaktor.lank@test",
        displayName: "Ny Redaktör",
        role: "editor",
        regionId: "",
        purpose: "Redaktör för manualen",
      }).toString(),
    });
    expect(await res.text()).toMatch(/data-enrolment-link>http:\/\/stodkedjan\.example\/staff\/activate\//);
  });

  it("keeps what was typed and names the field when the username is taken", async () => {
    const res = await ask("redaktor.ny@test", "coordinator", "syd");
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('id="username-error">Användarnamnet är upptaget.');
    expect(page).toContain('value="redaktor.ny@test"');
    expect(page).toMatch(/<option value="syd" selected>/);
  });
});
