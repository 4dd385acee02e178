import { readFileSync } from "node:fs";
/** The signed-in start page: each role starts on what it does next. */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { mayShow } from "../access/policy.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { adminHome, coordinatorHome, iomHome, nationalHome, shelterHome } from "../home/service.ts";
import { adminView, coordinatorView, iomView, LATER, nationalView, shelterView } from "./home-views.ts";
import { langOf } from "./i18n.ts";
import { csrfField, page } from "./layout.ts";
import type { Router } from "./router.ts";

const STAFF_CSS = readFileSync(new URL("./staff.css", import.meta.url), "utf8");

export function mountHome(router: Router, db: Db, keys: KeyRing) {
  router.get("/staff/staff.css", "public", async (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(STAFF_CSS, 200, { "content-type": "text/css; charset=utf-8" });
  });

  router.get("/staff", "staff.home", async (c) => {
    const p = c.get("principal");
    if (!p) return c.redirect("/staff/login", 303);
    const ctx = { db, keys, principal: p };
    const role = p.role;
    const next =
      role === "coordinator"
        ? coordinatorView(await coordinatorHome(ctx))
        : role === "national"
          ? nationalView(await nationalHome(ctx))
          : role === "admin"
            ? adminView(await adminHome(ctx))
            : role === "shelter"
              ? shelterView(langOf(c), await shelterHome(ctx))
              : role === "iom"
                ? iomView(langOf(c), await iomHome(ctx))
                : LATER[role]
                  ? html`<p>${LATER[role].now}</p><p>${LATER[role].later}</p>`
                  : "";
    const links: [string, string, string][] = [
      ["case.list", "/staff/cases", "Ärenden i din region: konsultationer och enskilda ärenden"],
      ["deadlines.read", "/staff/deadlines", "Tidsfrister: allt som förfaller eller har förfallit"],
      ["deadlines.read", "/staff/tasks", "Mina uppgifter: allt som lämnats till dig, i alla ärenden"],
      ["placements.read", "/staff/placements", "Placeringar hänvisade till ert boende"],
      ["amp.read", "/staff/amp", "Ansökningar till återvändandeprogrammet (ÅMP)"],
      [
        "shelters.manage",
        "/staff/shelters",
        "Registret över skyddade boenden: lägg till, ändra, certifiering",
      ],
      [
        "shelters.read",
        "/staff/shelters",
        "Skyddade boenden inom NSP: platser, placeringar och certifiering",
      ],
      [
        "signals.read",
        "/staff/signals",
        "Kunskapsbehov: vad yrkesverksamma läser, söker utan träff, svarar fel på och saknar",
      ],
      [
        "content.review",
        "/staff/content",
        "Innehåll: granskningsstatus, sidor att granska, uppgifter att verifiera, förhandsgranskning",
      ],
      [
        "knowledge.handle",
        "/staff/content/needs",
        "Kunskapsbehov att åtgärda: sökningar utan träff och sidor som inte hjälpte",
      ],
      ["audit.verify", "/staff/admin/audit", "Kontrollera åtkomstloggens hashkedja"],
      ["users.manage", "/staff/admin/users", "Användare och roller"],
      ["users.manage", "/staff/admin/tokens", "API-nycklar för partnersystem (IOM, Plattformen)"],
      ["access.approve", "/staff/approvals", "Godkänn eller avslå begärda API-nycklar och konton"],
    ];
    // One link per page: the first one this role may follow.
    const mine = links
      .filter(([perm]) => mayShow(p, perm as never))
      .filter(([, href], i, all) => all.findIndex(([, h]) => h === href) === i);
    return page(
      c,
      "Översikt",
      html`${next}
        ${mine.length ? html`<h2>Här kan du</h2><ul>${mine.map(([, href, text]) => html`<li><a href="${href}">${text}</a></li>`)}</ul>` : ""}
        <form method="post" action="/staff/logout-everywhere">${csrfField(c)}<button class="secondary">Logga ut på alla enheter</button></form>`,
    );
  });
}
