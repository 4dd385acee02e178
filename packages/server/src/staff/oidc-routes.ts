/** Sign-in through the organisation's identity provider (OpenID Connect, authorization code + PKCE). */
import { type Db, schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import { audit } from "../audit/log.ts";
import type { Oidc } from "../auth/oidc.ts";
import { signInVerified } from "./auth-routes.ts";
import { page } from "./layout.ts";
import type { Router } from "./router.ts";

const FLOW_COOKIE = "sk_oidc";

export function mountOidc(router: Router, db: Db, oidc: Oidc | null) {
  const callbackUrl = (c: { req: { url: string } }) => new URL("/staff/login/oidc/callback", c.req.url).href;

  router.get("/staff/login/oidc", "public", async (c) => {
    // Without single sign-on configured, its links lead to the password sign-in.
    if (!oidc) return c.redirect("/staff/login", 303);
    const { url, checks } = await oidc.start(callbackUrl(c));
    // Lax, not Strict: the identity provider sends the browser back with a cross-site navigation.
    setCookie(c, FLOW_COOKIE, JSON.stringify(checks), {
      httpOnly: true,
      sameSite: "Lax",
      path: "/staff/login/oidc",
      maxAge: 600,
      secure: c.get("transport").https,
    });
    return c.redirect(url, 303);
  });

  router.get("/staff/login/oidc/callback", "public", async (c) => {
    if (!oidc) return c.redirect("/staff/login", 303);
    const raw = getCookie(c, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: "/staff/login/oidc" });
    const refuse = (reason: string) =>
      audit(db, {
        actor: null,
        action: "login.failed",
        objectType: "oidc",
        outcome: "denied",
        detail: { reason },
      }).then(() =>
        page(
          c,
          "Inloggningen misslyckades",
          html`<p>Inloggningen via organisationens inloggning gick inte igenom. <a href="/staff/login">Försök igen</a>.</p>`,
          403,
        ),
      );
    if (!raw) return refuse("no-flow");
    let identity: { subject: string; verifiedEmail: string | null };
    try {
      identity = await oidc.finish(new URL(c.req.url), JSON.parse(raw));
    } catch {
      return refuse("invalid-response");
    }
    let [user] = await db.select().from(schema.users).where(eq(schema.users.oidcSubject, identity.subject));
    if (!user && identity.verifiedEmail) {
      // First sign-in: link the identity to the account created for this (verified) e-mail address.
      const [byEmail] = await db
        .select()
        .from(schema.users)
        .where(eq(schema.users.username, identity.verifiedEmail));
      if (byEmail && !byEmail.oidcSubject) {
        await db
          .update(schema.users)
          .set({ oidcSubject: identity.subject })
          .where(eq(schema.users.id, byEmail.id));
        user = { ...byEmail, oidcSubject: identity.subject };
      }
    }
    if (!user || user.disabled) return refuse("no-account");
    await signInVerified(c, db, user, null, { method: "oidc" });
    // A same-site link rather than a redirect: the Strict session cookie is not sent on the rest of a cross-site redirect chain.
    return page(
      c,
      "Inloggad",
      html`<p>Du är inloggad. <a href="/staff" id="continue">Fortsätt till översikten</a></p>`,
    );
  });
}
