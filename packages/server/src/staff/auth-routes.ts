/** Sign-in with password and TOTP, TOTP enrolment with recovery codes, sign-out (here or everywhere). */
import { type Db, type Role, schema } from "@stodkedjan/db";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html, raw } from "hono/html";
import { SESSION_COOKIE } from "../access/guard.ts";
import { audit } from "../audit/log.ts";
import { DEVICE_COOKIE, DEVICE_MAX_AGE_S, knownDevice, newDeviceCookie } from "../auth/devices.ts";
import { verifyPassword } from "../auth/passwords.ts";
import { createSession, destroySession, destroyUserSessions } from "../auth/sessions.ts";
import { clearFailures, releaseAttempt, takeAttempt, throttleKey } from "../auth/throttle.ts";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrSvg,
  totpStep,
} from "../auth/totp.ts";
import { decryptField, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { cookieName, cookieScope } from "../transport.ts";
import { csrfField, page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

const safeNext = (next: unknown) =>
  typeof next === "string" && /^\/staff(\/[\w\-/]*)?$/.test(next) ? next : "/staff";

export function setSession(c: StaffContext, id: string) {
  setCookie(c, cookieName(c, SESSION_COOKIE), id, { httpOnly: true, sameSite: "Strict", ...cookieScope(c) });
}

/** After a complete sign-in with password and second factor: this browser is a known device. */
function rememberDevice(c: StaffContext, keys: KeyRing, username: string) {
  setCookie(c, cookieName(c, DEVICE_COOKIE), newDeviceCookie(keys, username), {
    httpOnly: true,
    sameSite: "Strict",
    maxAge: DEVICE_MAX_AGE_S,
    ...cookieScope(c),
  });
}

/**
 * The throttle keys of a sign-in attempt: a device that completed a sign-in to the account
 * before counts on its own; anything else counts against the account's unknown clients and
 * against its address.
 */
function throttleKeys(c: StaffContext, keys: KeyRing, username: string) {
  const device = knownDevice(keys, getCookie(c, cookieName(c, DEVICE_COOKIE)), username);
  return device
    ? [throttleKey("device", device)]
    : [throttleKey("account", username), throttleKey("address", c.get("transport").address)];
}

/**
 * Completes a sign-in: the pre-authentication session (if any) is discarded and a new, verified
 * one issued (rotation), and the sign-in is audited.
 */
export async function signInVerified(
  c: StaffContext,
  db: Db,
  user: { id: string; role: Role },
  replacing: string | null,
  detail: Record<string, string | boolean> | null = null,
) {
  if (replacing) await destroySession(db, replacing);
  const fresh = await createSession(db, user.id, true);
  setSession(c, fresh.id);
  await audit(db, {
    actor: { id: user.id, role: user.role },
    action: "login",
    objectType: "user",
    objectId: user.id,
    outcome: "ok",
    detail,
  });
}

function loginForm(c: StaffContext, next: string, error?: string, status: 200 | 400 = 200, sso = false) {
  return page(
    c,
    "Logga in",
    html`${error ? html`<div class="error" role="alert"><p>${error}</p></div>` : ""}
      ${next === "/staff/resume" ? html`<p class="notice" role="status">Du har loggats ut. Det du skrev är sparat: logga in igen för att skicka det.</p>` : ""}
      <form method="post" action="/staff/login">
        ${csrfField(c)}<input type="hidden" name="next" value="${next}" />
        <label for="username">Användarnamn</label>
        <input id="username" name="username" autocomplete="username" required />
        <label for="password">Lösenord</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p><button>Logga in</button></p>
      </form>
      ${sso ? html`<p><a class="button" href="/staff/login/oidc">Logga in med organisationens inloggning</a></p>` : ""}
      <p class="meta">Ärendehanteringen är bara för regionkoordinatorer, det nationella teamet och partner. Allt du gör loggas.</p>`,
    status,
  );
}

/** Accepts a TOTP step once per user: a code seen before (replayed or shoulder-surfed) is refused. */
async function acceptTotpStep(db: Db, userId: string, step: number | null): Promise<boolean> {
  if (step === null) return false;
  const updated = await db
    .update(schema.users)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(schema.users.id, userId),
        or(isNull(schema.users.totpLastStep), lt(schema.users.totpLastStep, step)),
      ),
    )
    .returning({ id: schema.users.id });
  return updated.length === 1;
}

export function mountAuth(router: Router, db: Db, keys: KeyRing, sso = false) {
  const totpAad = (userId: string) => `users.totp_secret:${userId}`;

  router.get("/staff/login", "public", (c) =>
    loginForm(c, safeNext(c.req.query("next")), undefined, 200, sso),
  );

  router.post("/staff/login", "public", async (c) => {
    const body = await c.req.parseBody();
    const username = String(body.username ?? "")
      .trim()
      .toLowerCase()
      .slice(0, 200);
    const password = String(body.password ?? "").slice(0, 256);
    const next = safeNext(body.next);
    const throttle = throttleKeys(c, keys, username);
    if (!(await takeAttempt(db, throttle))) {
      await audit(db, {
        actor: null,
        action: "login.failed",
        objectType: "user",
        objectId: username,
        outcome: "denied",
        detail: { reason: "throttled" },
      });
      return loginForm(c, next, "För många misslyckade försök. Vänta en stund och försök igen.", 400);
    }
    const [user] = await db.select().from(schema.users).where(eq(schema.users.username, username));
    const ok = (await verifyPassword(user?.passwordHash ?? null, password)) && user && !user.disabled;
    if (!ok || !user) {
      await audit(db, {
        actor: user ? { id: user.id, role: user.role } : null,
        action: "login.failed",
        objectType: "user",
        objectId: username,
        outcome: "denied",
        detail: { reason: "password" },
      });
      return loginForm(c, next, "Fel användarnamn eller lösenord.", 400);
    }
    await releaseAttempt(db, throttle);
    const session = await createSession(db, user.id, false);
    setSession(c, session.id);
    return c.redirect(
      user.totpEnabled ? `/staff/login/totp?next=${encodeURIComponent(next)}` : "/staff/enrol",
      303,
    );
  });

  const totpForm = (c: StaffContext, next: string, error?: string) =>
    page(
      c,
      "Engångskod",
      html`${error ? html`<div class="error" role="alert"><p>${error}</p></div>` : ""}
        <form method="post" action="/staff/login/totp">
          ${csrfField(c)}<input type="hidden" name="next" value="${next}" />
          <label for="code">Koden från din autentiseringsapp (6 siffror) eller en reservkod</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required />
          <p><button>Fortsätt</button></p>
        </form>`,
      error ? 400 : 200,
    );

  router.get("/staff/login/totp", "pending", (c) => totpForm(c, safeNext(c.req.query("next"))));

  router.post("/staff/login/totp", "pending", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/staff/login", 303);
    const body = await c.req.parseBody();
    const code = String(body.code ?? "")
      .trim()
      .slice(0, 40);
    const next = safeNext(body.next);
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, session.userId));
    if (!user?.totpEnabled || !user.totpSecretEnc) return c.redirect("/staff/enrol", 303);
    const throttle = throttleKeys(c, keys, user.username);
    if (!(await takeAttempt(db, throttle))) {
      await destroySession(db, session.idHash);
      return loginForm(c, next, "För många misslyckade försök. Vänta en stund och försök igen.", 400);
    }
    const secret = decryptField(keys, user.totpSecretEnc, totpAad(user.id));
    let ok = await acceptTotpStep(db, user.id, totpStep(secret, code));
    let usedRecovery = false;
    if (!ok && /^[0-9a-f]{5}-[0-9a-f]{5}$/i.test(code)) {
      const hashed = hashRecoveryCode(code);
      if (user.recoveryCodes.includes(hashed)) {
        ok = true;
        usedRecovery = true;
        await db
          .update(schema.users)
          .set({ recoveryCodes: user.recoveryCodes.filter((h) => h !== hashed) })
          .where(eq(schema.users.id, user.id));
      }
    }
    if (!ok) {
      await audit(db, {
        actor: { id: user.id, role: user.role },
        action: "login.totp.failed",
        objectType: "user",
        objectId: user.id,
        outcome: "denied",
      });
      return totpForm(c, next, "Koden stämmer inte. Försök igen med en ny kod.");
    }
    // The account's (or device's) failures are forgotten; the address only gets its slot back.
    await clearFailures(db, throttle.slice(0, 1));
    await releaseAttempt(db, throttle.slice(1));
    await signInVerified(c, db, user, session.idHash, { recoveryCode: usedRecovery });
    rememberDevice(c, keys, user.username);
    return c.redirect(next, 303);
  });

  router.get("/staff/enrol", "pending", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/staff/login", 303);
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, session.userId));
    if (!user || user.totpEnabled) return c.redirect("/staff/login/totp", 303);
    let secret: string;
    if (user.totpSecretEnc) secret = decryptField(keys, user.totpSecretEnc, totpAad(user.id));
    else {
      secret = newTotpSecret();
      await db
        .update(schema.users)
        .set({ totpSecretEnc: encryptField(keys, secret, totpAad(user.id)) })
        .where(eq(schema.users.id, user.id));
    }
    const svg = await qrSvg(otpauthUri(secret, user.username));
    return page(
      c,
      "Aktivera tvåstegsinloggning",
      html`<p>Skanna QR-koden med en autentiseringsapp (till exempel den som din organisation använder) och skriv in koden som appen visar.</p>
        <div class="qr" role="img" aria-label="QR-kod för autentiseringsappen">${raw(svg)}</div>
        <p>Kan du inte skanna? Skriv in den här nyckeln i appen: <code data-secret>${secret}</code></p>
        <form method="post" action="/staff/enrol">
          ${csrfField(c)}
          <label for="code">Kod från appen (6 siffror)</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required />
          <p><button>Aktivera</button></p>
        </form>`,
    );
  });

  router.post("/staff/enrol", "pending", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/staff/login", 303);
    const body = await c.req.parseBody();
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, session.userId));
    if (!user?.totpSecretEnc || user.totpEnabled) return c.redirect("/staff/login", 303);
    const secret = decryptField(keys, user.totpSecretEnc, totpAad(user.id));
    if (!(await acceptTotpStep(db, user.id, totpStep(secret, String(body.code ?? ""))))) {
      return page(
        c,
        "Aktivera tvåstegsinloggning",
        html`<div class="error" role="alert"><p>Koden stämmer inte. <a href="/staff/enrol">Försök igen</a>.</p></div>`,
        400,
      );
    }
    const { codes, hashes } = newRecoveryCodes();
    await db
      .update(schema.users)
      .set({ totpEnabled: true, recoveryCodes: hashes })
      .where(eq(schema.users.id, user.id));
    await audit(db, {
      actor: { id: user.id, role: user.role },
      action: "totp.enrol",
      objectType: "user",
      objectId: user.id,
      outcome: "ok",
    });
    await signInVerified(c, db, user, session.idHash);
    rememberDevice(c, keys, user.username);
    return page(
      c,
      "Dina reservkoder",
      html`<p>Tvåstegsinloggningen är aktiverad. Spara de här reservkoderna på ett säkert ställe. Varje kod fungerar en gång om du inte har tillgång till appen. De visas bara nu.</p>
        <ul class="codes">${codes.map((code) => html`<li>${code}</li>`)}</ul>
        <p><a class="button" href="/staff">Fortsätt till översikten</a></p>`,
    );
  });

  /** Sign-out here, or everywhere: every session of the user ends. */
  const signOut = (everywhere: boolean) => async (c: StaffContext) => {
    const session = c.get("session");
    const principal = c.get("principal");
    if (everywhere && principal) await destroyUserSessions(db, principal.id);
    else if (session) await destroySession(db, session.idHash);
    await audit(db, {
      actor: principal,
      action: everywhere ? "logout.everywhere" : "logout",
      objectType: "user",
      objectId: principal?.id ?? null,
      outcome: "ok",
    });
    deleteCookie(c, cookieName(c, SESSION_COOKIE), cookieScope(c));
    return c.redirect("/staff/login?signed-out", 303);
  };
  router.post("/staff/logout", "signed-in", signOut(false));
  router.post("/staff/logout-everywhere", "signed-in", signOut(true));
}
