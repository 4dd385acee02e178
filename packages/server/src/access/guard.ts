/**
 * Resolves who is asking (a session cookie for staff pages, a bearer token for partner
 * systems) and guards each route with one declared access level. Every route of the app
 * is registered through `route()`, so the authorization matrix test can list them all.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { audit } from "../audit/log.ts";
import { loadSession, type Session } from "../auth/sessions.ts";
import { notOwner } from "../cases/errors.ts";
import { caseScopeOf } from "../cases/service.ts";
import { problem } from "../problem.ts";
import { fail, statusPage } from "../staff/errors.ts";
import { cookieName, type Transport } from "../transport.ts";
import { can, type Permission, type Principal } from "./policy.ts";

export const SESSION_COOKIE = "sk_session";

/** public: anyone; pending: between password and second factor; signed-in: any verified user. */
export type Access = "public" | "pending" | "signed-in" | Permission;

export interface GuardVars {
  principal: Principal | null;
  session: Session | null;
  transport: Transport;
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function principalOfToken(db: Db, bearer: string, now = new Date()): Promise<Principal | null> {
  const [t] = await db
    .select()
    .from(schema.apiTokens)
    .where(and(eq(schema.apiTokens.tokenHash, sha256(bearer)), isNull(schema.apiTokens.revokedAt)));
  if (!t) return null;
  const detail = { role: t.role, region: t.regionId ?? "", purpose: t.purpose };
  const actor = { id: t.id, role: t.role };
  if (t.expiresAt <= now) {
    await audit(db, {
      actor,
      action: "access.denied",
      objectType: "api_token",
      objectId: t.id,
      outcome: "denied",
      detail: { ...detail, reason: "expired" },
    });
    return null;
  }
  // Last use to the minute is enough for spotting unused tokens, and spares a write per request;
  // the use is audited as often (every case the token reads is audited on its own).
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await db.update(schema.apiTokens).set({ lastUsedAt: now }).where(eq(schema.apiTokens.id, t.id));
    await audit(db, { actor, action: "use", objectType: "api_token", objectId: t.id, outcome: "ok", detail });
  }
  return { kind: "token", id: t.id, role: t.role, regionId: t.regionId, shelterId: null, name: t.name };
}

/** Sets `principal` and `session` for every request; never rejects by itself. */
export function identify(db: Db): MiddlewareHandler<{ Variables: GuardVars }> {
  return async (c, next) => {
    c.set("principal", null);
    c.set("session", null);
    const auth = c.req.header("authorization");
    if (auth?.startsWith("Bearer ")) {
      c.set("principal", await principalOfToken(db, auth.slice(7).trim()));
    } else {
      const session = await loadSession(db, getCookie(c, cookieName(c, SESSION_COOKIE)));
      if (session) {
        c.set("session", session);
        c.set("principal", session.principal);
      }
    }
    await next();
  };
}

const isApi = (c: Context) => c.req.path.startsWith("/api/");

/** The guard for one route's access level; region scoping of cases is checked by the services. */
export function guard(db: Db, access: Access): MiddlewareHandler<{ Variables: GuardVars }> {
  return async (c, next) => {
    const principal = c.get("principal");
    const session = c.get("session");
    if (access === "public") return next();
    if (access === "pending") {
      if (session && !session.verified) return next();
      return c.redirect("/staff/login?next=/staff", 303);
    }
    if (!principal) {
      if (isApi(c)) return problem(c, 401, "Sign in, or send a valid bearer token.");
      return c.redirect(`/staff/login?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    if (access !== "signed-in" && !can(principal, access)) {
      return deny(c, db, principal, `${c.req.method} ${c.req.routePath}`);
    }
    return next();
  };
}

/**
 * For routes about one case: the case must be in the principal's region or shared with it,
 * checked before the input is validated so that a case out of scope answers the same 404
 * whatever was sent; and for the owning region's decisions (`case.manage`), a region that handles
 * the case jointly is refused with 403 before its input is read. The services check again when
 * they load the case.
 */
export function caseScope(
  db: Db,
  permission: "case.write" | "case.manage",
): MiddlewareHandler<{ Variables: GuardVars }> {
  return async (c, next) => {
    const principal = c.get("principal");
    const id = c.req.param("id") ?? "";
    const scope = await caseScopeOf(db, id);
    const readable = !!scope && can(principal, "case.read", scope);
    if (!readable || !can(principal, permission, scope)) {
      await audit(db, {
        actor: principal,
        action: "access.denied",
        objectType: "case",
        objectId: scope ? id : null,
        outcome: "denied",
        detail: { permission },
      });
      if (readable) {
        const e = notOwner();
        return isApi(c) ? problem(c, 403, e.message) : fail(c, e);
      }
      return isApi(c) ? problem(c, 404, "No such case, or not yours to see.") : statusPage(c, 404);
    }
    return next();
  };
}

async function deny(c: Context, db: Db, principal: Principal, what: string) {
  await audit(db, {
    actor: principal,
    action: "access.denied",
    objectType: "route",
    objectId: what,
    outcome: "denied",
  });
  return isApi(c) ? problem(c, 403, "Your role does not allow this.") : statusPage(c, 403);
}
