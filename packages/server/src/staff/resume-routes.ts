/**
 * Never losing a form to an expired session (ADR 0022). A staff form posted without a live
 * session is kept server-side, encrypted, for the account that last signed in in that browser,
 * and the browser is sent to sign in again. Afterwards `/staff/resume` offers to send it: that
 * confirmation is a form of the fresh session (its CSRF token), and the kept form is then posted
 * through the whole app as the signed-in user, so authorization, validation and audit are those
 * of any other post. Its answer is either a confirmation or the form filled in with the errors.
 */
import type { Db } from "@stodkedjan/db";
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import type { GuardVars } from "../access/guard.ts";
import { DEVICE_COOKIE, deviceAccount } from "../auth/devices.ts";
import { DRAFT_TTL_MS, draftFor, keepDraft, takeDraft } from "../auth/drafts.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { cookieName, cookieScope } from "../transport.ts";
import { renderOf, safePage } from "./errors.ts";
import { defineText, langOf } from "./i18n.ts";
import { csrfField, page, type StaffContext } from "./layout.ts";
import type { RouteDeclaration, Router } from "./router.ts";

export const DRAFT_COOKIE = "sk_draft";

const TEXT = defineText({
  title: { sv: "Slutför det du skickade", en: "Finish what you sent" },
  kept: {
    sv: "Du hade hunnit loggas ut när du skickade formuläret. Det du skrev är sparat, krypterat, i högst 30 minuter och kan skickas nu, utan att du skriver om något.",
    en: "You had been signed out when you sent the form. What you typed is kept, encrypted, for at most 30 minutes and can be sent now, without typing anything again.",
  },
  from: { sv: "Formuläret fanns på", en: "The form was on" },
  thatPage: { sv: "den här sidan", en: "this page" },
  files: {
    sv: "Bifogade filer sparas inte. Välj filen igen när formuläret har skickats.",
    en: "Attached files are not kept. Choose the file again once the form has been sent.",
  },
  send: { sv: "Skicka det nu", en: "Send it now" },
  discard: { sv: "Kasta det", en: "Throw it away" },
  none: { sv: "Inget sparat formulär", en: "No kept form" },
  noneText: {
    sv: "Det finns inget sparat formulär att slutföra. Det kan ha skickats redan, eller så har de 30 minuterna gått.",
    en: "There is no kept form to finish. It may have been sent already, or the 30 minutes have passed.",
  },
  done: { sv: "Sparat", en: "Saved" },
  doneText: {
    sv: "Det du skrev innan du loggades ut är nu sparat.",
    en: "What you typed before you were signed out is now saved.",
  },
  discarded: { sv: "Det sparade formuläret är borttaget.", en: "The kept form has been removed." },
  onward: { sv: "Fortsätt", en: "Continue" },
  toStart: { sv: "Till översikten", en: "To the overview" },
});

/** A route's path as a test of a request path. */
const pattern = (path: string) => new RegExp(`^${path.replace(/:\w+/g, "[^/]+")}$`);

/**
 * Keeps a staff form posted without a live session (before the CSRF check, which it could not
 * pass), when it was posted from our own pages to a route that needs a signed-in user, and a
 * genuine device cookie names the account that last signed in in this browser.
 */
export function keepExpiredForms(
  db: Db,
  keys: KeyRing,
  declarations: readonly RouteDeclaration[],
): MiddlewareHandler<{ Variables: GuardVars }> {
  let routes: RegExp[] | null = null;
  return async (c, next) => {
    if (c.req.method !== "POST" || c.get("principal")) return next();
    routes ??= declarations
      .filter((d) => d.method === "POST" && d.access !== "public" && d.access !== "pending")
      .filter((d) => d.path.startsWith("/staff"))
      .map((d) => pattern(d.path));
    if (!routes.some((r) => r.test(c.req.path))) return next();
    // Only a form from our own pages: another site cannot plant one.
    if (c.req.header("sec-fetch-site") !== "same-origin") return next();
    const username = deviceAccount(keys, getCookie(c, cookieName(c, DEVICE_COOKIE)));
    if (!username) return next();
    const body = await c.req.parseBody({ all: true });
    const fields: [string, string][] = [];
    let files = 0;
    for (const [name, value] of Object.entries(body))
      for (const v of [value].flat()) {
        if (typeof v !== "string") files++;
        else if (name !== "_csrf") fields.push([name, v]);
      }
    const token = await keepDraft(db, keys, { username, path: c.req.path, fields, files });
    if (!token) return next();
    setCookie(c, cookieName(c, DRAFT_COOKIE), token, {
      httpOnly: true,
      sameSite: "Strict",
      maxAge: DRAFT_TTL_MS / 1000,
      ...cookieScope(c),
    });
    return c.redirect("/staff/login?next=/staff/resume", 303);
  };
}

export function mountResume(router: Router, db: Db, keys: KeyRing) {
  const tokenOf = (c: StaffContext) => getCookie(c, cookieName(c, DRAFT_COOKIE));
  const forget = (c: StaffContext) => deleteCookie(c, cookieName(c, DRAFT_COOKIE), cookieScope(c));
  const nothing = (c: StaffContext) => {
    const t = TEXT(langOf(c));
    forget(c);
    return page(c, t.none, html`<p>${t.noneText}</p><p><a href="/staff">${t.toStart}</a></p>`);
  };

  router.get("/staff/resume", "signed-in", async (c) => {
    const principal = c.get("principal");
    const draft = principal ? await draftFor(db, keys, tokenOf(c), principal) : null;
    if (!draft) return nothing(c);
    const t = TEXT(langOf(c));
    const from = safePage(draft.fields.find(([name]) => name === "_page")?.[1]);
    return page(
      c,
      t.title,
      html`<p>${t.kept}</p>
        ${from ? html`<p>${t.from} <a href="${from}">${t.thatPage}</a>.</p>` : ""}
        ${draft.files ? html`<p class="notice">${t.files}</p>` : ""}
        <form method="post" action="/staff/resume">${csrfField(c)}<p><button>${t.send}</button></p></form>
        <form method="post" action="/staff/resume/discard">${csrfField(c)}<p><button class="link">${t.discard}</button></p></form>`,
    );
  });

  router.post("/staff/resume", "signed-in", async (c) => {
    const principal = c.get("principal");
    const session = c.get("session");
    const render = renderOf(c);
    const draft =
      principal && session && render ? await takeDraft(db, keys, tokenOf(c), principal, "resume") : null;
    if (!draft || !session || !render) return nothing(c);
    forget(c);
    // The kept form, posted again as the signed-in user with the fresh session's CSRF token:
    // the guard, the case scope and the route's own checks decide as for any post.
    const headers = new Headers({
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
    });
    const cookie = c.req.header("cookie");
    if (cookie) headers.set("cookie", cookie);
    const form = new URLSearchParams([...draft.fields, ["_csrf", session.csrfToken]]);
    const res = await render(
      new Request(new URL(draft.path, c.req.url), { method: "POST", headers, body: form }),
    );
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const t = TEXT(langOf(c));
      return page(
        c,
        t.done,
        html`<p role="status">${t.doneText}</p>${draft.files ? html`<p class="notice">${t.files}</p>` : ""}
          <p><a class="button" href="${location}">${t.onward}</a></p>`,
      );
    }
    // The form again with its errors, or the page of a refusal: as the route answered.
    const answer = new Response(res.body, { status: res.status, headers: res.headers });
    answer.headers.delete("set-cookie");
    for (const value of c.res.headers.getSetCookie()) answer.headers.append("set-cookie", value);
    return answer;
  });

  router.post("/staff/resume/discard", "signed-in", async (c) => {
    const principal = c.get("principal");
    if (principal) await takeDraft(db, keys, tokenOf(c), principal, "discard");
    forget(c);
    const t = TEXT(langOf(c));
    return page(c, t.none, html`<p role="status">${t.discarded}</p><p><a href="/staff">${t.toStart}</a></p>`);
  });
}
