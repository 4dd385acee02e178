/**
 * Administration: verifying the audit chain and signing users out. No case content is reachable
 * here; accounts and tokens are asked for in access-routes.ts.
 */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import type { AuditAnchor } from "../audit/checkpoint.ts";
import { audit, verifyAnchoredLog } from "../audit/log.ts";
import { destroyUserSessions } from "../auth/sessions.ts";
import { defineText, langOf } from "./i18n.ts";
import { page } from "./layout.ts";
import type { Router } from "./router.ts";

const TEXT = defineText({
  title: { sv: "Kontroll av åtkomstloggen", en: "Audit log verification" },
  checkpoint: {
    sv: (seq: number, at: string) => ` Signerad kontrollpunkt: post ${seq}, ${at}.`,
    en: (seq: number, at: string) => ` Signed checkpoint: entry ${seq}, ${at}.`,
  },
  truncated: {
    sv: (count: number) =>
      `Loggen har kortats: den slutar vid post ${count}, men en signerad kontrollpunkt visar att den har haft fler poster. Första saknade post: nummer`,
    en: (count: number) =>
      `The log has been truncated: it ends at entry ${count}, but a signed checkpoint shows it has had more entries. First missing entry: number`,
  },
  rechained: {
    sv: "Loggen har skrivits om och hashkedjan räknats om: den stämmer inte längre med en signerad kontrollpunkt. Ändringen ligger från post",
    en: "The log has been rewritten and its hash chain recomputed: it no longer matches a signed checkpoint. The change lies from entry",
  },
  toEntry: { sv: "till post", en: "to entry" },
  broken: {
    sv: "Hashkedjan är bruten. Första felaktiga post: nummer",
    en: "The hash chain is broken. First wrong entry: number",
  },
  checked: { sv: (n: number) => `${n} poster kontrollerade.`, en: (n: number) => `${n} entries checked.` },
  holds: {
    sv: (n: number, cps: number) =>
      `Hashkedjan håller: ${n} poster kontrollerade mot ${cps} signerade kontrollpunkter.`,
    en: (n: number, cps: number) =>
      `The hash chain holds: ${n} entries checked against ${cps} signed checkpoints.`,
  },
  forged: {
    sv: (n: number) =>
      `${n} kontrollpunkter har en signatur som inte stämmer (förfalskade eller signerade med en annan nyckel).`,
    en: (n: number) =>
      `${n} checkpoints have a signature that does not match (forged or signed with another key).`,
  },
});

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
    const t = TEXT(langOf(c));
    const checkpointText = (cp?: { seq: number; at: string }) =>
      cp ? t.checkpoint(cp.seq, cp.at.slice(0, 19).replace("T", " ")) : "";
    const broken = result.ok
      ? ""
      : result.firstBroken.reason === "truncated"
        ? html`<p>${t.truncated(result.count)} <strong data-first-broken>${result.firstBroken.seq}</strong> (truncated).${checkpointText(result.firstBroken.checkpoint)}</p>`
        : result.firstBroken.reason === "rechained"
          ? html`<p>${t.rechained} <strong data-first-broken>${result.firstBroken.seq}</strong> ${t.toEntry} ${result.firstBroken.checkpoint?.seq} (rechained).${checkpointText(result.firstBroken.checkpoint)}</p>`
          : html`<p>${t.broken} <strong data-first-broken>${result.firstBroken.seq}</strong> (${result.firstBroken.reason}). ${t.checked(result.count)}</p>`;
    return page(
      c,
      t.title,
      html`${
        result.ok
          ? html`<p class="notice" role="status">${t.holds(result.count, result.checkpoints)}</p>`
          : html`<div class="error" role="alert">${broken}</div>`
      }${result.forged ? html`<div class="error" role="alert"><p>${t.forged(result.forged)}</p></div>` : ""}`,
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
    return c.redirect(`/staff/admin/users/${id}`, 303);
  });
}
