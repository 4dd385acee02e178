/**
 * Managing accounts: role and region (through the national team's approval when the new role
 * reads case data), deactivation that ends sessions at once, a TOTP reset that hands nothing over
 * to the admin, the 90-day flag, and each user's own language. On PGlite and PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { type Role, schema } from "@stodkedjan/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.ts";
import { createSession } from "../auth/sessions.ts";
import { totpCode } from "../auth/totp.ts";
import { encryptField } from "../crypto/fields.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { decide } from "./service.ts";
import { changeAccess, listUsers, setActive } from "./users.ts";

type Session = Awaited<ReturnType<TestApp["signIn"]>>;
const PASSWORD = "ett långt eget lösenord";
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const CSRF = "c".repeat(43);

describe.each(testTargets())("managing accounts on %s", (target) => {
  let t: TestApp;
  let admin: Session;
  let national: Session;
  beforeAll(async () => {
    t = await testApp(target);
    admin = await t.signIn("admin");
    national = await t.signIn("national");
  });
  afterAll(() => t?.close());

  /** An account with its own password and TOTP, and a signed-in session of it. */
  async function account(role: Role = "editor", regionId: string | null = null) {
    const id = randomUUID();
    const username = `u-${id.slice(0, 8)}@test`;
    await t.db.insert(schema.users).values({
      id,
      username,
      displayName: `Användare ${id.slice(0, 4)}`,
      role,
      regionId,
      passwordHash: await hashPassword(PASSWORD),
      totpSecretEnc: encryptField(t.keys, SECRET, `users.totp_secret:${id}`),
      totpEnabled: true,
    });
    const session = await createSession(t.db, id, true);
    return { id, username, cookie: `sk_session=${session.id}` };
  }
  const post = (who: Session, path: string, fields: Record<string, string> = {}) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });
  const anonymous = (path: string, fields: Record<string, string>, cookie = "") =>
    t.app.request(path, {
      method: "POST",
      headers: {
        cookie: `sk_csrf=${CSRF}${cookie ? `; ${cookie}` : ""}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: CSRF, ...fields }).toString(),
    });
  const userOf = async (id: string) =>
    (await t.db.select().from(schema.users).where(eq(schema.users.id, id)))[0];
  const audited = (action: string, objectId: string) =>
    t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.objectId, objectId)));
  const signedIn = async (cookie: string) =>
    (await t.app.request("/staff", { headers: { cookie } })).status === 200;

  it("changes a role that reads no case data at once, audited with what it was", async () => {
    const u = await account("editor");
    const res = await post(admin, `/staff/admin/users/${u.id}/access`, {
      role: "researcher",
      purpose: "Går över till forskningsuppdraget",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("har nu rollen Forskare");
    expect((await userOf(u.id))?.role).toBe("researcher");
    const [entry] = await audited("update", u.id);
    expect(entry?.detail).toMatchObject({ role: "researcher", fromRole: "editor" });
  });

  it("gives case access only when a national-team user approves: an admin alone never does", async () => {
    const u = await account("editor");
    const res = await post(admin, `/staff/admin/users/${u.id}/access`, {
      role: "coordinator",
      regionId: "syd",
      purpose: "Ny regionkoordinator i Region Syd",
    });
    expect(await res.text()).toContain("Begäran är skickad");
    expect((await userOf(u.id))?.role).toBe("editor");
    // A second request for the same account waits for the first.
    const again = await post(admin, `/staff/admin/users/${u.id}/access`, {
      role: "iom",
      purpose: "Ny handläggare hos IOM",
    });
    expect(again.status).toBe(409);
    const [request] = await t.db
      .select()
      .from(schema.accessRequests)
      .where(and(eq(schema.accessRequests.userId, u.id), eq(schema.accessRequests.status, "pending")));
    // The admin cannot approve it, and the approvals page is not theirs.
    await expect(
      decide({ db: t.db, principal: admin.principal }, request?.id ?? "", { approve: true }),
    ).rejects.toThrow();
    expect((await post(admin, `/staff/approvals/${request?.id}/approve`)).status).toBe(403);
    const approved = await post(national, `/staff/approvals/${request?.id}/approve`);
    expect(await approved.text()).toContain("har nu rollen Regionkoordinator (Region Syd)");
    expect(await userOf(u.id)).toMatchObject({ role: "coordinator", regionId: "syd" });
  });

  it("moves a coordinator to another region only on approval, and never changes an admin's own account", async () => {
    const u = await account("coordinator", "nord");
    const ctx = { db: t.db, principal: admin.principal };
    const outcome = await changeAccess(ctx, u.id, {
      role: "coordinator",
      regionId: "vast",
      purpose: "Flyttar till Region Väst",
    });
    expect("pending" in outcome).toBe(true);
    expect((await userOf(u.id))?.regionId).toBe("nord");
    await expect(
      changeAccess(ctx, admin.principal.id, { role: "editor", purpose: "Byter till redaktör" }),
    ).rejects.toMatchObject({ status: 403, code: "own-account" });
    const own = await post(admin, `/staff/admin/users/${admin.principal.id}/deactivate`);
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("ditt eget konto");
  });

  it("answers a form with errors next to the fields, with what was typed kept", async () => {
    const u = await account("editor");
    const res = await post(admin, `/staff/admin/users/${u.id}/access`, {
      role: "coordinator",
      purpose: "kort",
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('id="regionId-error">Välj regionen som regionkoordinatorn arbetar i.');
    expect(page).toContain('id="purpose-error">Beskriv ändamålet med minst 10 tecken.');
    expect(page).toContain(">kort</textarea>");
    expect((await userOf(u.id))?.role).toBe("editor");
  });

  it("deactivation ends the account's sessions at once and stops sign-in; reactivation lets it in again", async () => {
    const u = await account("editor");
    expect(await signedIn(u.cookie)).toBe(true);
    const res = await post(admin, `/staff/admin/users/${u.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Kontot är avstängt");
    expect(await signedIn(u.cookie)).toBe(false);
    expect(await t.db.select().from(schema.sessions).where(eq(schema.sessions.userId, u.id))).toHaveLength(0);
    const login = await anonymous("/staff/login", { username: u.username, password: PASSWORD });
    expect(login.status).toBe(400);
    expect((await post(admin, `/staff/admin/users/${u.id}/reactivate`)).status).toBe(200);
    const again = await anonymous("/staff/login", { username: u.username, password: PASSWORD });
    expect(again.status).toBe(303);
    expect(await audited("deactivate", u.id)).toHaveLength(1);
    expect(await audited("reactivate", u.id)).toHaveLength(1);
  });

  it("two admins deactivating one account at once record it once", async () => {
    const u = await account("editor");
    const other = await t.signIn("admin");
    await Promise.all([
      setActive({ db: t.db, principal: admin.principal }, u.id, false),
      setActive({ db: t.db, principal: other.principal }, u.id, false),
    ]);
    expect(await audited("deactivate", u.id)).toHaveLength(1);
  });

  it("a TOTP reset clears the second factor and needs the link and the holder's own password", async () => {
    const u = await account("coordinator", "mitt");
    // The holder signed in with this very 30-second step: the new app's first code is of the same step.
    await t.db
      .update(schema.users)
      .set({ totpLastStep: Math.floor(Date.now() / 30_000) + 1 })
      .where(eq(schema.users.id, u.id));
    const res = await post(admin, `/staff/admin/users/${u.id}/reset-totp`);
    expect(res.status).toBe(200);
    const link = /data-enrolment-link>[^<]*?(\/staff\/activate\/[\w-]+)</.exec(
      await res.text(),
    )?.[1] as string;
    expect(link).toBeDefined();
    expect(await userOf(u.id)).toMatchObject({
      totpEnabled: false,
      totpSecretEnc: null,
      recoveryCodes: [],
      totpLastStep: null,
    });
    expect(await signedIn(u.cookie)).toBe(false);
    expect(await audited("totp.reset", u.id)).toHaveLength(1);
    // The password alone no longer leads to enrolling an authenticator.
    const login = await anonymous("/staff/login", { username: u.username, password: PASSWORD });
    expect(login.status).toBe(400);
    expect(await login.text()).toContain("engångslänken");
    // The link's bearer without the password (the admin) gets nothing, and the link still works.
    const page = await t.app.request(link);
    expect(await page.text()).toContain('autocomplete="current-password"');
    const guess = await anonymous(link, { password: "adminens gissning" });
    expect(guess.status).toBe(400);
    expect(guess.headers.get("set-cookie") ?? "").not.toContain("sk_session=");
    const holder = await anonymous(link, { password: PASSWORD });
    expect(holder.status).toBe(303);
    expect(holder.headers.get("location")).toBe("/staff/enrol");
    const pending = /sk_session=([^;]+)/.exec(holder.headers.get("set-cookie") ?? "")?.[1];
    const enrolPage = await t.app.request("/staff/enrol", { headers: { cookie: `sk_session=${pending}` } });
    const enrolForm = await enrolPage.text();
    const secret = /data-secret>([A-Z2-7]+)</.exec(enrolForm)?.[1] as string;
    expect(secret).not.toBe(SECRET);
    const enrolled = await t.app.request("/staff/enrol", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `sk_session=${pending}` },
      body: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(enrolForm)?.[1] ?? "",
        code: totpCode(secret, Date.now()),
      }).toString(),
    });
    expect(enrolled.status).toBe(200);
    expect((await userOf(u.id))?.totpEnabled).toBe(true);
    // Spent: the link works once.
    expect((await t.app.request(link)).status).toBe(404);
  });

  it("refuses a TOTP reset for an account without a password of its own", async () => {
    const id = randomUUID();
    await t.db
      .insert(schema.users)
      .values({ id, username: `sso-${id}@test`, displayName: "S", role: "editor" });
    const res = await post(admin, `/staff/admin/users/${id}/reset-totp`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("inget eget lösenord");
  });

  it("records the last sign-in and flags accounts unused for 90 days", async () => {
    const recent = await account("editor");
    const stale = await account("editor");
    const never = await account("editor");
    const day = 86_400_000;
    await t.db
      .update(schema.users)
      .set({ lastSignInAt: new Date(Date.now() - 100 * day) })
      .where(eq(schema.users.id, stale.id));
    await t.db
      .update(schema.users)
      .set({ createdAt: new Date(Date.now() - 91 * day) })
      .where(eq(schema.users.id, never.id));
    // A completed sign-in (password and TOTP) is recorded.
    const first = await anonymous("/staff/login", { username: recent.username, password: PASSWORD });
    const pending = /sk_session=([^;]+)/.exec(first.headers.get("set-cookie") ?? "")?.[1];
    const form = await t.app.request("/staff/login/totp", { headers: { cookie: `sk_session=${pending}` } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
    const done = await t.app.request("/staff/login/totp", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `sk_session=${pending}` },
      body: new URLSearchParams({ _csrf: csrf, code: totpCode(SECRET, Date.now()) }).toString(),
    });
    expect(done.status).toBe(303);
    expect((await userOf(recent.id))?.lastSignInAt).toBeInstanceOf(Date);
    const rows = await listUsers({ db: t.db, principal: admin.principal });
    const flag = (id: string) => rows.find((r) => r.id === id)?.unused;
    expect([flag(recent.id), flag(stale.id), flag(never.id)]).toEqual([false, true, true]);
    const page = await (
      await t.app.request("/staff/admin/users", { headers: { cookie: admin.cookie } })
    ).text();
    expect(page).toMatch(new RegExp(`data-user="${stale.username}"[^]*?oanvänt i 90 dagar`));
  });

  it("each user chooses the pages' language, audited; the pages follow at once", async () => {
    const iom = await t.signIn("iom");
    const before = await (await t.app.request("/staff/me", { headers: { cookie: iom.cookie } })).text();
    expect(before).toContain('<html lang="sv">');
    const res = await post(iom, "/staff/me/language", { language: "en" });
    expect(res.status).toBe(303);
    const after = await (await t.app.request("/staff", { headers: { cookie: iom.cookie } })).text();
    expect(after).toContain('<html lang="en">');
    expect(after).toContain("Overview");
    expect(await audited("update", iom.principal.id)).toHaveLength(1);
    // Anything else is not a language: nothing changes.
    await post(iom, "/staff/me/language", { language: "de" });
    expect((await userOf(iom.principal.id))?.language).toBe("en");
  });
});
