import { readFileSync } from "node:fs";
/** The signed-in landing page: what this role can do, and the coordinator's nearest deadlines. */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { mayShow } from "../access/policy.ts";
import { csrfField, page } from "./layout.ts";
import type { Router } from "./router.ts";

const STAFF_CSS = readFileSync(new URL("./staff.css", import.meta.url), "utf8");

export function mountHome(router: Router, _db: Db) {
  router.get("/staff/staff.css", "public", async (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(STAFF_CSS, 200, { "content-type": "text/css; charset=utf-8" });
  });

  router.get("/staff", "staff.home", (c) => {
    const p = c.get("principal");
    const links: [string, string, string][] = [
      ["case.list", "/staff/cases", "Ärenden i din region: konsultationer och enskilda ärenden"],
      ["deadlines.read", "/staff/deadlines", "Tidsfrister: allt som förfaller eller har förfallit"],
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
      ["audit.verify", "/staff/admin/audit", "Kontrollera åtkomstloggens hashkedja"],
      ["users.manage", "/staff/admin/users", "Användare och roller"],
      ["users.manage", "/staff/admin/tokens", "API-nycklar för partnersystem (IOM, Plattformen)"],
    ];
    // One link per page: the first one this role may follow.
    const mine = links
      .filter(([perm]) => mayShow(p, perm as never))
      .filter(([, href], i, all) => all.findIndex(([, h]) => h === href) === i);
    return page(
      c,
      "Översikt",
      html`<ul>${mine.map(([, href, text]) => html`<li><a href="${href}">${text}</a></li>`)}</ul>
        ${p?.role === "national" ? html`<p>Det nationella teamet ser åtkomstloggen för ett ärende via <code>/staff/cases/&lt;id&gt;/history</code> när en koordinator ber om granskning.</p>` : ""}
        <form method="post" action="/staff/logout-everywhere">${csrfField(c)}<button class="secondary">Logga ut på alla enheter</button></form>`,
    );
  });
}
