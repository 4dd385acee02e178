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
import { defineText, langOf } from "./i18n.ts";
import { csrfField, page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

const TEXT = defineText({
  keptForm: {
    sv: "Du har loggats ut. Det du skrev är sparat: logga in igen för att skicka det.",
    en: "You were signed out. What you wrote is kept: sign in again to send it.",
  },
  signIn: { sv: "Logga in", en: "Sign in" },
  username: { sv: "Användarnamn", en: "Username" },
  password: { sv: "Lösenord", en: "Password" },
  sso: { sv: "Logga in med organisationens inloggning", en: "Sign in with your organisation's sign-in" },
  who: {
    sv: "Ärendehanteringen är bara för regionkoordinatorer, det nationella teamet och partner. Allt du gör loggas.",
    en: "Case coordination is only for regional coordinators, the national team and partners. Everything you do is logged.",
  },
  otherLanguage: { sv: "In English", en: "På svenska" },
  throttled: {
    sv: "För många misslyckade försök. Vänta en stund och försök igen.",
    en: "Too many failed attempts. Wait a while and try again.",
  },
  wrong: { sv: "Fel användarnamn eller lösenord.", en: "Wrong username or password." },
  resetPending: {
    sv: "Din tvåstegsinloggning har återställts. Öppna engångslänken som administratören gav dig för att aktivera en ny autentiseringsapp. Har länken gått ut? Be om en ny.",
    en: "Your two-step sign-in has been reset. Open the one-time link your administrator gave you to set up a new authenticator app. Has the link expired? Ask for a new one.",
  },
  code: { sv: "Engångskod", en: "One-time code" },
  codeLabel: {
    sv: "Koden från din autentiseringsapp (6 siffror) eller en reservkod",
    en: "The code from your authenticator app (6 digits) or a recovery code",
  },
  continue: { sv: "Fortsätt", en: "Continue" },
  codeWrong: {
    sv: "Koden stämmer inte. Försök igen med en ny kod.",
    en: "The code is not right. Try again with a new code.",
  },
  enrolTitle: { sv: "Aktivera tvåstegsinloggning", en: "Set up two-step sign-in" },
  scan: {
    sv: "Skanna QR-koden med en autentiseringsapp (till exempel den som din organisation använder) och skriv in koden som appen visar.",
    en: "Scan the QR code with an authenticator app (for example the one your organisation uses) and type the code the app shows.",
  },
  qr: { sv: "QR-kod för autentiseringsappen", en: "QR code for the authenticator app" },
  noScan: {
    sv: "Kan du inte skanna? Skriv in den här nyckeln i appen:",
    en: "Cannot scan? Type this key into the app:",
  },
  appCode: { sv: "Kod från appen (6 siffror)", en: "Code from the app (6 digits)" },
  enable: { sv: "Aktivera", en: "Set up" },
  tryAgain: { sv: "Försök igen", en: "Try again" },
  codesTitle: { sv: "Dina reservkoder", en: "Your recovery codes" },
  codesIntro: {
    sv: "Tvåstegsinloggningen är aktiverad. Spara de här reservkoderna på ett säkert ställe. Varje kod fungerar en gång om du inte har tillgång till appen. De visas bara nu.",
    en: "Two-step sign-in is set up. Keep these recovery codes in a safe place. Each code works once if you cannot use the app. They are shown only now.",
  },
  toOverview: { sv: "Fortsätt till översikten", en: "Continue to the overview" },
});

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
  await db.update(schema.users).set({ lastSignInAt: new Date() }).where(eq(schema.users.id, user.id));
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

type Problem = "throttled" | "wrong" | "resetPending";

function loginForm(c: StaffContext, next: string, error?: Problem, status: 200 | 400 = 200, sso = false) {
  const lang = langOf(c);
  const t = TEXT(lang);
  // The sign-in page in the other language, the same page otherwise.
  const other = new URLSearchParams({
    ...(next !== "/staff" ? { next } : {}),
    lang: lang === "en" ? "sv" : "en",
  });
  return page(
    c,
    t.signIn,
    html`<p lang="${lang === "en" ? "sv" : "en"}"><a href="/staff/login?${other.toString()}">${t.otherLanguage}</a></p>
      ${error ? html`<div class="error" role="alert"><p>${t[error]}</p></div>` : ""}
      ${next === "/staff/resume" ? html`<p class="notice" role="status">${t.keptForm}</p>` : ""}
      <form method="post" action="/staff/login${lang === "en" ? "?lang=en" : ""}">
        ${csrfField(c)}<input type="hidden" name="next" value="${next}" />
        <label for="username">${t.username}</label>
        <input id="username" name="username" autocomplete="username" required />
        <label for="password">${t.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p><button>${t.signIn}</button></p>
      </form>
      ${sso ? html`<p><a class="button" href="/staff/login/oidc">${t.sso}</a></p>` : ""}
      <p class="meta">${t.who}</p>`,
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
      return loginForm(c, next, "throttled", 400);
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
      return loginForm(c, next, "wrong", 400);
    }
    await releaseAttempt(db, throttle);
    // After a TOTP reset the password alone enrols nothing: the admin's one-time link is needed.
    if (!user.totpEnabled && user.enrolmentHash) return loginForm(c, next, "resetPending", 400);
    const session = await createSession(db, user.id, false);
    setSession(c, session.id);
    return c.redirect(
      user.totpEnabled ? `/staff/login/totp?next=${encodeURIComponent(next)}` : "/staff/enrol",
      303,
    );
  });

  const totpForm = (c: StaffContext, next: string, error = false) => {
    const t = TEXT(langOf(c));
    return page(
      c,
      t.code,
      html`${error ? html`<div class="error" role="alert"><p>${t.codeWrong}</p></div>` : ""}
        <form method="post" action="/staff/login/totp">
          ${csrfField(c)}<input type="hidden" name="next" value="${next}" />
          <label for="code">${t.codeLabel}</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required />
          <p><button>${t.continue}</button></p>
        </form>`,
      error ? 400 : 200,
    );
  };

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
      return loginForm(c, next, "throttled", 400);
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
      return totpForm(c, next, true);
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
    if (user.enrolmentHash) return c.redirect("/staff/login", 303);
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
    const t = TEXT(langOf(c));
    return page(
      c,
      t.enrolTitle,
      html`<p>${t.scan}</p>
        <div class="qr" role="img" aria-label="${t.qr}">${raw(svg)}</div>
        <p>${t.noScan} <code data-secret>${secret}</code></p>
        <form method="post" action="/staff/enrol">
          ${csrfField(c)}
          <label for="code">${t.appCode}</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required />
          <p><button>${t.enable}</button></p>
        </form>`,
    );
  });

  router.post("/staff/enrol", "pending", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/staff/login", 303);
    const body = await c.req.parseBody();
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, session.userId));
    if (!user?.totpSecretEnc || user.totpEnabled || user.enrolmentHash)
      return c.redirect("/staff/login", 303);
    const secret = decryptField(keys, user.totpSecretEnc, totpAad(user.id));
    const t = TEXT(langOf(c));
    if (!(await acceptTotpStep(db, user.id, totpStep(secret, String(body.code ?? ""))))) {
      return page(
        c,
        t.enrolTitle,
        html`<div class="error" role="alert"><p>${t.codeWrong} <a href="/staff/enrol">${t.tryAgain}</a>.</p></div>`,
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
      t.codesTitle,
      html`<p>${t.codesIntro}</p>
        <ul class="codes">${codes.map((code) => html`<li>${code}</li>`)}</ul>
        <p><a class="button" href="/staff">${t.toOverview}</a></p>`,
    );
  });

  /** Sign-out here, or everywhere: every session of the user ends. */
  const signOut = (everywhere: boolean) => async (c: StaffContext) => {
    const session = c.get("session");
    const principal = c.get("principal");
    const lang = langOf(c);
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
    return c.redirect(`/staff/login?signed-out${lang === "en" ? "&lang=en" : ""}`, 303);
  };
  router.post("/staff/logout", "signed-in", signOut(false));
  router.post("/staff/logout-everywhere", "signed-in", signOut(true));
}
