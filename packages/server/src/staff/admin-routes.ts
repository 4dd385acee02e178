/**
 * Administration: verifying the audit chain and signing users out. No case content is reachable
 * here; accounts and tokens are asked for in access-routes.ts.
 */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import type { AuditAnchor } from "../audit/checkpoint.ts";
import { audit, verifyAnchoredLog } from "../audit/log.ts";
import { destroyUserSessions } from "../auth/sessions.ts";
import { page } from "./layout.ts";
import type { Router } from "./router.ts";

export function mountAdmin(router: Router, db: Db, anchor: AuditAnchor) {
  router.get("/staff/admin/audit", "audit.verify", async (c) => {
    const result = await verifyAnchoredLog(db, anchor);
    const intact = result.ok && result.forged === 0;
    await audit(db, {
      actor: c.get("principal"),
      action: "verify",
      objectType: "audit_log",
      outcome: intact ? "ok" : "error",
      detail: result.ok
        ? { count: result.count, checkpoints: result.checkpoints, forged: result.forged }
        : { firstBroken: result.firstBroken.seq, reason: result.firstBroken.reason },
    });
    const checkpointText = (cp?: { seq: number; at: string }) =>
      cp ? html` Signerad kontrollpunkt: post ${cp.seq}, ${cp.at.slice(0, 19).replace("T", " ")}.` : "";
    const broken = result.ok
      ? ""
      : result.firstBroken.reason === "truncated"
        ? html`<p>Loggen har kortats: den slutar vid post ${result.count}, men en signerad kontrollpunkt visar att den har haft fler poster. Första saknade post: nummer <strong data-first-broken>${result.firstBroken.seq}</strong> (truncated).${checkpointText(result.firstBroken.checkpoint)}</p>`
        : result.firstBroken.reason === "rechained"
          ? html`<p>Loggen har skrivits om och hashkedjan räknats om: den stämmer inte längre med en signerad kontrollpunkt. Ändringen ligger från post <strong data-first-broken>${result.firstBroken.seq}</strong> till post ${result.firstBroken.checkpoint?.seq} (rechained).${checkpointText(result.firstBroken.checkpoint)}</p>`
          : html`<p>Hashkedjan är bruten. Första felaktiga post: nummer <strong data-first-broken>${result.firstBroken.seq}</strong> (${result.firstBroken.reason}). ${result.count} poster kontrollerade.</p>`;
    return page(
      c,
      "Kontroll av åtkomstloggen",
      html`${
        result.ok
          ? html`<p class="notice" role="status">Hashkedjan håller: ${result.count} poster kontrollerade mot ${result.checkpoints} signerade kontrollpunkter.</p>`
          : html`<div class="error" role="alert">${broken}</div>`
      }${
        result.forged
          ? html`<div class="error" role="alert"><p>${result.forged} kontrollpunkter har en signatur som inte stämmer (förfalskade eller signerade med en annan nyckel).</p></div>`
          : ""
      }`,
    );
  });

  router.post("/staff/admin/users/:id/sign-out", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    await destroyUserSessions(db, id);
    await audit(db, {
      actor: c.get("principal"),
      action: "logout.everywhere",
      objectType: "user",
      objectId: id,
      outcome: "ok",
    });
    return c.redirect("/staff/admin/users", 303);
  });
}
