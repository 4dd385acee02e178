import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.ts";
import {
  createSession,
  destroyUserSessions,
  IDLE_MS,
  loadSession,
  SESSION_CACHE_MS,
} from "../auth/sessions.ts";
import { totpCode } from "../auth/totp.ts";
import { encryptField } from "../crypto/fields.ts";
import { type TestApp, testApp } from "../testing.ts";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PASSWORD = "ett långt lösenord";

describe("signing in", () => {
  let t: TestApp;
  let username: string;
  beforeAll(async () => {
    t = await testApp("pglite");
    const id = randomUUID();
    username = `k-${id}@test`;
    await t.db.insert(schema.users).values({
      id,
      username,
      displayName: "K",
      role: "coordinator",
      regionId: "syd",
      passwordHash: await hashPassword(PASSWORD),
      totpSecretEnc: encryptField(t.keys, SECRET, `users.totp_secret:${id}`),
      totpEnabled: true,
    });
  });
  afterAll(() => t?.close());

  const cookieOf = (res: Response) => /sk_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  const csrf = "c".repeat(43);
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `sk_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });

  async function password(user = username, pass = PASSWORD) {
    return t.app.request("/staff/login", form({ username: user, password: pass }));
  }

  async function totp(pending: string, code: string) {
    const tokenPage = await t.app.request("/staff/login/totp", {
      headers: { cookie: `sk_session=${pending}` },
    });
    const token = /name="_csrf" value="([^"]+)"/.exec(await tokenPage.text())?.[1] ?? "";
    return t.app.request("/staff/login/totp", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `sk_session=${pending}` },
      body: new URLSearchParams({ _csrf: token, code }).toString(),
    });
  }

  it("needs the password and then a TOTP code, and rotates the session id", async () => {
    const first = await password();
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toMatch(/^\/staff\/login\/totp/);
    const pending = cookieOf(first) as string;
    // The pending session opens nothing but the second step.
    expect(
      (await t.app.request("/staff", { headers: { cookie: `sk_session=${pending}` } })).headers.get(
        "location",
      ),
    ).toMatch(/^\/staff\/login\?next=/);
    const second = await totp(pending, totpCode(SECRET));
    expect(second.status).toBe(303);
    const verified = cookieOf(second) as string;
    expect(verified).not.toBe(pending);
    expect((await t.app.request("/staff", { headers: { cookie: `sk_session=${verified}` } })).status).toBe(
      200,
    );
    expect((await t.app.request("/staff", { headers: { cookie: `sk_session=${pending}` } })).status).toBe(
      303,
    );
  });

  it("never accepts the same code twice", async () => {
    const code = totpCode(SECRET, Date.now() + 30_000);
    expect((await totp(cookieOf(await password()) as string, code)).status).toBe(303);
    expect((await totp(cookieOf(await password()) as string, code)).status).toBe(400);
  });

  it("refuses a form without its CSRF token", async () => {
    const res = await t.app.request("/staff/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
  });

  it("locks an account after five wrong passwords, even for the right one", async () => {
    const id = randomUUID();
    const other = `l-${id}@test`;
    await t.db.insert(schema.users).values({
      id,
      username: other,
      displayName: "L",
      role: "national",
      passwordHash: await hashPassword(PASSWORD),
    });
    for (let i = 0; i < 5; i++) expect((await password(other, "fel lösenord")).status).toBe(400);
    const locked = await password(other);
    expect(locked.status).toBe(400);
    expect(await locked.text()).toContain("För många misslyckade försök");
    const failures = await t.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "login.failed"));
    expect(failures.length).toBeGreaterThanOrEqual(6);
  });

  it("ends idle sessions", async () => {
    const [u] = await t.db.select().from(schema.users).where(eq(schema.users.username, username));
    const s = await createSession(t.db, u?.id as string, true);
    expect(await loadSession(t.db, s.id)).not.toBeNull();
    expect(await loadSession(t.db, s.id, new Date(Date.now() + IDLE_MS + 60_000))).toBeNull();
    expect(await loadSession(t.db, s.id)).toBeNull();
  });

  it("ends a session at once when signed out here, and within a second when ended elsewhere", async () => {
    const [u] = await t.db.select().from(schema.users).where(eq(schema.users.username, username));
    const here = await createSession(t.db, u?.id as string, true);
    const now = new Date();
    const session = await loadSession(t.db, here.id, now);
    expect(session?.principal?.id).toBe(u?.id);
    await destroyUserSessions(t.db, u?.id as string);
    expect(await loadSession(t.db, here.id, now)).toBeNull();

    // Another process deletes the row: this one may answer from memory for SESSION_CACHE_MS, no longer.
    const there = await createSession(t.db, u?.id as string, true);
    expect(await loadSession(t.db, there.id, now)).not.toBeNull();
    await t.db.delete(schema.sessions).where(eq(schema.sessions.userId, u?.id as string));
    const later = new Date(now.getTime() + SESSION_CACHE_MS);
    expect(await loadSession(t.db, there.id, later)).toBeNull();
  });
});
