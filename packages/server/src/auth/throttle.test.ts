/**
 * Sign-in throttling under attack: concurrent guessing, lockout of a known device's owner,
 * and client addresses behind (and around) a reverse proxy.
 */
import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptField } from "../crypto/fields.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { hashPassword } from "./passwords.ts";
import { LIMITS } from "./throttle.ts";
import { totpCode } from "./totp.ts";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PASSWORD = "ett långt lösenord";
const CSRF = "c".repeat(43);

/** The bindings @hono/node-server gives a request: here, only the socket's peer address. */
const fromPeer = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: "IPv4" } },
});

async function addUser(t: TestApp) {
  const id = randomUUID();
  const username = `t-${id}@test`;
  await t.db.insert(schema.users).values({
    id,
    username,
    displayName: "T",
    role: "coordinator",
    regionId: "syd",
    passwordHash: await hashPassword(PASSWORD),
    totpSecretEnc: encryptField(t.keys, SECRET, `users.totp_secret:${id}`),
    totpEnabled: true,
  });
  return { id, username };
}

function client(
  t: TestApp,
  peer?: string,
  headers: Record<string, string> = {},
  cookies = new Map<string, string>([["sk_csrf", CSRF]]),
) {
  const env = peer ? fromPeer(peer) : undefined;
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, v] = (pair ?? "").split("=");
      if (k && v !== undefined) cookies.set(k, v);
    }
    return res;
  };
  return {
    cookies,
    async password(username: string, password: string) {
      const body = new URLSearchParams({ _csrf: CSRF, username, password }).toString();
      return keep(
        await t.app.request(
          "/staff/login",
          {
            method: "POST",
            headers: {
              ...headers,
              "content-type": "application/x-www-form-urlencoded",
              cookie: cookieHeader(),
            },
            body,
          },
          env,
        ),
      );
    },
    async totp(code: string) {
      const form = await t.app.request(
        "/staff/login/totp",
        { headers: { ...headers, cookie: cookieHeader() } },
        env,
      );
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
      return keep(
        await t.app.request(
          "/staff/login/totp",
          {
            method: "POST",
            headers: {
              ...headers,
              "content-type": "application/x-www-form-urlencoded",
              cookie: cookieHeader(),
            },
            body: new URLSearchParams({ _csrf: csrf, code }).toString(),
          },
          env,
        ),
      );
    },
  };
}

async function countAudit(t: TestApp, action: string, objectId: string, reason?: string) {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.auditLog)
    .where(
      and(
        eq(schema.auditLog.action, action),
        eq(schema.auditLog.objectId, objectId),
        reason ? sql`${schema.auditLog.detail}->>'reason' = ${reason}` : undefined,
      ),
    );
  return row?.n ?? 0;
}

describe.each(testTargets())("sign-in throttling on %s", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(target);
  });
  afterAll(() => t?.close());

  it("evaluates at most the limit of 100 wrong passwords sent at once for one account", async () => {
    const { username } = await addUser(t);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client(t, `198.51.100.${i + 1}`).password(username, `fel-${i}`)),
    );
    expect(answers.every((r) => r.status === 400)).toBe(true);
    const evaluated = await countAudit(t, "login.failed", username, "password");
    // Exactly the limit: each evaluated guess failed, and every later one found the key locked.
    expect(evaluated).toBe(LIMITS.account.failures);
    expect(await countAudit(t, "login.failed", username, "throttled")).toBe(100 - evaluated);
  });

  it("evaluates at most the limit of 100 wrong TOTP codes sent at once", async () => {
    const { id, username } = await addUser(t);
    const browser = client(t, "192.0.2.50");
    expect((await browser.password(username, PASSWORD)).status).toBe(303);
    const wrong = String((Number(totpCode(SECRET)) + 500_000) % 1_000_000).padStart(6, "0");
    // The pending session guessed from 100 addresses at once, so that only the account's limit
    // decides (from one address, the address's own limit may refuse a guess the account allowed).
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client(t, `198.18.0.${i + 1}`, {}, new Map(browser.cookies)).totp(wrong),
      ),
    );
    const evaluated = await countAudit(t, "login.totp.failed", id);
    // Exactly the limit: each evaluated guess failed, and every later one found the key locked.
    expect(evaluated).toBe(LIMITS.account.failures);
  });

  it("keeps the owner signing in from a device used before while unknown clients are locked out", async () => {
    const { username } = await addUser(t);
    const owner = client(t, "192.0.2.10");
    expect((await owner.password(username, PASSWORD)).status).toBe(303);
    expect((await owner.totp(totpCode(SECRET))).status).toBe(303);
    expect(owner.cookies.get("sk_device")).toBeTruthy();
    // The owner's session ends; meanwhile an attacker hammers the username from anywhere.
    owner.cookies.delete("sk_session");
    for (let i = 0; i < 10; i++) await client(t, `203.0.113.${i + 1}`).password(username, "gissning");
    const stranger = await client(t, "192.0.2.99").password(username, PASSWORD);
    expect(await stranger.text()).toContain("För många misslyckade försök");

    const again = await owner.password(username, PASSWORD);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toMatch(/^\/staff\/login\/totp/);
    expect((await owner.totp(totpCode(SECRET, Date.now() + 30_000))).status).toBe(303);
    const home = await t.app.request("/staff", {
      headers: { cookie: `sk_session=${owner.cookies.get("sk_session")}` },
    });
    expect(home.status).toBe(200);
  });

  it("accepts a device cookie only for its own account and only as issued, and locks a guessing device", async () => {
    const a = await addUser(t);
    const b = await addUser(t);
    const device = client(t, "192.0.2.20");
    await device.password(a.username, PASSWORD);
    await device.totp(totpCode(SECRET));
    const cookie = device.cookies.get("sk_device") as string;
    device.cookies.delete("sk_session");
    for (let i = 0; i < 10; i++) await client(t, `203.0.113.${i + 1}`).password(b.username, "gissning");
    // A's device cookie does not open B's lockout, nor does a tampered one.
    const other = client(t, "192.0.2.21");
    other.cookies.set("sk_device", cookie);
    expect(await (await other.password(b.username, PASSWORD)).text()).toContain(
      "För många misslyckade försök",
    );
    const tampered = client(t, "192.0.2.22");
    const [user, nonce, kid, mac] = cookie.split(".");
    tampered.cookies.set(
      "sk_device",
      [Buffer.from(b.username).toString("base64url"), nonce, kid, mac].join("."),
    );
    expect(await (await tampered.password(b.username, PASSWORD)).text()).toContain(
      "För många misslyckade försök",
    );
    expect(user).toBeTruthy();
    // The known device guessing A's password is locked on its own after the limit.
    for (let i = 0; i < LIMITS.device.failures; i++) await device.password(a.username, "gissning");
    expect(await (await device.password(a.username, PASSWORD)).text()).toContain(
      "För många misslyckade försök",
    );
  });
});

describe("client addresses behind a reverse proxy", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp("pglite", { transport: { trustedProxies: ["10.0.0.0/24"] } });
  });
  afterAll(() => t?.close());

  it("counts each client behind a trusted proxy on its own, so one client's failures lock out no one else", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => addUser(t)));
    // 25 failures (over the address limit, under each account's) from one client through the proxy.
    for (let i = 0; i < 25; i++) {
      const attacker = client(t, "10.0.0.1", { "x-forwarded-for": "198.51.100.66" });
      await attacker.password(users[i % 5]?.username as string, "gissning");
    }
    const colleague = client(t, "10.0.0.1", { "x-forwarded-for": "192.0.2.77" });
    const fresh = await addUser(t);
    expect((await colleague.password(fresh.username, PASSWORD)).status).toBe(303);
    const attacker = client(t, "10.0.0.1", { "x-forwarded-for": "198.51.100.66" });
    expect(await (await attacker.password(fresh.username, PASSWORD)).text()).toContain(
      "För många misslyckade försök",
    );
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    for (let i = 0; i < 25; i++) {
      const spoofer = client(t, "203.0.113.9", { "x-forwarded-for": `198.51.100.${i + 1}` });
      await spoofer.password(`nobody-${i}@test`, "gissning");
    }
    const fresh = await addUser(t);
    const spoofer = client(t, "203.0.113.9", { "x-forwarded-for": "192.0.2.200" });
    expect(await (await spoofer.password(fresh.username, PASSWORD)).text()).toContain(
      "För många misslyckade försök",
    );
  });
});
