/**
 * CSRF protection for every staff form: the synchronizer token of the session, or before
 * sign-in a double-submit cookie. Token-authenticated API calls carry no cookies and are exempt.
 */
import { randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type GuardVars, safeEqual } from "../access/guard.ts";
import { problem } from "../problem.ts";
import { cookieName, cookieScope } from "../transport.ts";
import { csrfMessage, safePage, statusPage } from "./errors.ts";

const PRE_SESSION_COOKIE = "sk_csrf";

/** The token to put in a form rendered for this request. */
export function csrfToken(c: Context<{ Variables: GuardVars }>): string {
  const session = c.get("session");
  if (session) return session.csrfToken;
  let token = getCookie(c, cookieName(c, PRE_SESSION_COOKIE));
  if (token?.length !== 43) {
    token = randomBytes(32).toString("base64url");
    setCookie(c, cookieName(c, PRE_SESSION_COOKIE), token, {
      httpOnly: true,
      sameSite: "Strict",
      ...cookieScope(c),
    });
  }
  return token;
}

const FORM_PAGE = "formPage";

/** The page a posted form was on (its `_page`), for forms rendered again in answer to a post. */
export const formPageOf = (c: Context): string | null =>
  safePage((c.get as (k: string) => unknown)(FORM_PAGE));

export const csrfProtect: MiddlewareHandler<{ Variables: GuardVars }> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const body = await c.req.parseBody();
  (c.set as (k: string, v: unknown) => void)(FORM_PAGE, body._page);
  const sent = typeof body._csrf === "string" ? body._csrf : (c.req.header("x-csrf-token") ?? "");
  const session = c.get("session");
  const expected = session ? session.csrfToken : (getCookie(c, cookieName(c, PRE_SESSION_COOKIE)) ?? "");
  if (!expected || !sent || !safeEqual(sent, expected)) {
    return statusPage(c, 403, { message: csrfMessage(c), back: formPageOf(c) ?? undefined });
  }
  return next();
};

/**
 * The JSON API, called with a session cookie rather than a bearer token, takes the session's CSRF
 * token in an `X-CSRF-Token` header on every write (defence in depth beside SameSite cookies).
 * Bearer-token calls carry no cookie and need none.
 */
export const apiCsrf: MiddlewareHandler<{ Variables: GuardVars }> = async (c, next) => {
  const session = c.get("session");
  if (!session || c.req.method === "GET" || c.req.method === "HEAD") return next();
  const sent = c.req.header("x-csrf-token") ?? "";
  if (!sent || !safeEqual(sent, session.csrfToken))
    return problem(
      c,
      403,
      "Send the session's CSRF token in the X-CSRF-Token header, or use a bearer token.",
    );
  return next();
};
