/**
 * Administration: verifying the audit chain and signing users out. No case content is reachable
 * here; accounts and tokens are asked for in access-routes.ts.
 */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { audit, verifyAuditLog } from "../audit/log.ts";
import { destroyUserSessions } from "../auth/sessions.ts";
import { page } from "./layout.ts";
import type { Router } from "./router.ts";

export function mountAdmin(router: Router, db: Db) {
  router.get("/staff/admin/audit", "audit.verify", async (c) => {
    const result = await verifyAuditLog(db);
    await audit(db, {
      actor: c.get("principal"),
      action: "verify",
      objectType: "audit_log",
      outcome: result.ok ? "ok" : "error",
      detail: result.ok ? { count: result.count } : { firstBroken: result.firstBroken.seq },
    });
    return page(
      c,
      "Kontroll av åtkomstloggen",
      result.ok
        ? html`<p class="notice" role="status">Hashkedjan håller: ${result.count} poster kontrollerade.</p>`
        : html`<div class="error" role="alert"><p>Hashkedjan är bruten. Första felaktiga post: nummer <strong data-first-broken>${result.firstBroken.seq}</strong> (${result.firstBroken.reason}). ${result.count} poster kontrollerade.</p></div>`,
    );
  });

  router.post("/staff/admin/users/:id/sign-out", "users.manage", async (c) => {
    await destroyUserSessions(db, c.req.param("id") as string);
    return c.redirect("/staff/admin/users", 303);
  });
}
