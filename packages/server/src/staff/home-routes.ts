/** The signed-in start page: each role starts on what it does next. */
import { readFileSync } from "node:fs";
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { mayShow } from "../access/policy.ts";
import { pendingTransfers } from "../cases/service.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { adminHome, coordinatorHome, iomHome, nationalHome, shelterHome } from "../home/service.ts";
import { renewalReminders } from "../shelters/certification.ts";
import { pendingTransfersBlock } from "./case-views.ts";
import {
  adminView,
  coordinatorView,
  HOME_TEXT,
  iomView,
  laterView,
  nationalView,
  shelterView,
} from "./home-views.ts";
import { defineText, langOf } from "./i18n.ts";
import { csrfField, page } from "./layout.ts";
import type { Router } from "./router.ts";
import { renewalReminderView } from "./shelter-certification-routes.ts";

const LINKS = defineText({
  cases: {
    sv: "Ärenden i din region: konsultationer och enskilda ärenden",
    en: "Cases in your region: consultations and individual cases",
  },
  deadlines: {
    sv: "Tidsfrister: allt som förfaller eller har förfallit",
    en: "Deadlines: everything due or overdue",
  },
  tasks: {
    sv: "Mina uppgifter: allt som lämnats till dig, i alla ärenden",
    en: "My tasks: everything assigned to you, in every case",
  },
  placements: { sv: "Placeringar hänvisade till ert boende", en: "Placements referred to your shelter" },
  amp: {
    sv: "Ansökningar till återvändandeprogrammet (ÅMP)",
    en: "Applications to the voluntary return programme (ÅMP)",
  },
  sheltersManage: {
    sv: "Registret över skyddade boenden: lägg till, ändra, certifiering",
    en: "The registry of shelters: add, change, certification",
  },
  shelters: {
    sv: "Skyddade boenden inom NSP: platser, placeringar och certifiering",
    en: "NSP shelters: places, placements and certification",
  },
  coverage: {
    sv: "Täckning: certifierade boenden, lediga platser och luckor per region",
    en: "Coverage: certified shelters, free places and gaps by region",
  },
  flatRate: {
    sv: "Underlag för schablonersättning per placering, boende och månad",
    en: "The flat-rate basis per placement, shelter and month",
  },
  signals: {
    sv: "Kunskapsbehov: vad yrkesverksamma läser, söker utan träff, svarar fel på och saknar",
    en: "Knowledge needs: what professionals read, search for without a result, answer wrongly and miss",
  },
  content: {
    sv: "Innehåll: granskningsstatus, sidor att granska, uppgifter att verifiera, förhandsgranskning",
    en: "Content: review status, pages to review, statements to verify, preview",
  },
  needs: {
    sv: "Kunskapsbehov att åtgärda: sökningar utan träff och sidor som inte hjälpte",
    en: "Knowledge needs to handle: searches without a result and pages that did not help",
  },
  audit: { sv: "Kontrollera åtkomstloggens hashkedja", en: "Verify the audit log's hash chain" },
  users: { sv: "Användare och roller", en: "Users and roles" },
  tokens: {
    sv: "API-nycklar för partnersystem (IOM, Plattformen)",
    en: "API keys for partner systems (IOM, Plattformen)",
  },
  approvals: {
    sv: "Godkänn eller avslå begärda API-nycklar och konton",
    en: "Approve or refuse requested API keys and accounts",
  },
  here: { sv: "Här kan du", en: "Here you can" },
  everywhere: { sv: "Logga ut på alla enheter", en: "Sign out on all devices" },
});

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
    const lang = langOf(c);
    const next =
      role === "coordinator"
        ? html`${pendingTransfersBlock(c, await pendingTransfers(ctx))}${coordinatorView(await coordinatorHome(ctx), lang)}`
        : role === "national"
          ? html`${nationalView(await nationalHome(ctx), lang)}${renewalReminderView(await renewalReminders(ctx), lang)}`
          : role === "admin"
            ? adminView(await adminHome(ctx), lang)
            : role === "shelter"
              ? shelterView(lang, await shelterHome(ctx))
              : role === "iom"
                ? iomView(lang, await iomHome(ctx))
                : laterView(role, lang);
    const t = LINKS(lang);
    const links: [string, string, string][] = [
      ["case.list", "/staff/cases", t.cases],
      ["deadlines.read", "/staff/deadlines", t.deadlines],
      ["deadlines.read", "/staff/tasks", t.tasks],
      ["placements.read", "/staff/placements", t.placements],
      ["amp.read", "/staff/amp", t.amp],
      ["shelters.manage", "/staff/shelters", t.sheltersManage],
      ["shelters.read", "/staff/shelters", t.shelters],
      ["shelters.followup", "/staff/coverage", t.coverage],
      ["shelters.followup", "/staff/flat-rate", t.flatRate],
      ["signals.read", "/staff/signals", t.signals],
      ["content.review", "/staff/content", t.content],
      ["knowledge.handle", "/staff/content/needs", t.needs],
      ["audit.verify", "/staff/admin/audit", t.audit],
      ["users.manage", "/staff/admin/users", t.users],
      ["users.manage", "/staff/admin/tokens", t.tokens],
      ["access.approve", "/staff/approvals", t.approvals],
    ];
    // One link per page: the first one this role may follow.
    const mine = links
      .filter(([perm]) => mayShow(p, perm as never))
      .filter(([, href], i, all) => all.findIndex(([, h]) => h === href) === i);
    return page(
      c,
      HOME_TEXT(lang).title,
      html`${next}
        ${mine.length ? html`<h2>${t.here}</h2><ul>${mine.map(([, href, text]) => html`<li><a href="${href}">${text}</a></li>`)}</ul>` : ""}
        <form method="post" action="/staff/logout-everywhere">${csrfField(c)}<button class="secondary">${t.everywhere}</button></form>`,
    );
  });
}
