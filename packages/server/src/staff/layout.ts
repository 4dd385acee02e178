/** The staff pages' frame: server-rendered HTML that works without JavaScript. */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { GuardVars } from "../access/guard.ts";
import { mayShow } from "../access/policy.ts";
import type { Issue } from "../cases/errors.ts";
import { csrfToken, formPageOf } from "./csrf.ts";
import { issueList, safePage } from "./errors.ts";
import { defineText, langOf } from "./i18n.ts";
import { label } from "./labels.ts";

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;
export type StaffContext = Context<{ Variables: GuardVars }>;

/**
 * Every staff form's hidden fields: the CSRF token, and the page the form is on, so that a form
 * with errors comes back on that page filled in (`staff/errors.ts`).
 */
export function csrfField(c: StaffContext) {
  const url = new URL(c.req.url);
  const from = c.req.method === "GET" ? safePage(url.pathname + url.search) : formPageOf(c);
  return html`<input type="hidden" name="_csrf" value="${csrfToken(c)}" />${from ? html`<input type="hidden" name="_page" value="${from}" />` : ""}`;
}

const TEXT = defineText({
  home: { sv: "Översikt", en: "Overview" },
  cases: { sv: "Ärenden", en: "Cases" },
  tasks: { sv: "Mina uppgifter", en: "My tasks" },
  deadlines: { sv: "Tidsfrister", en: "Deadlines" },
  placements: { sv: "Placeringar", en: "Placements" },
  amp: { sv: "ÅMP", en: "ÅMP (voluntary return)" },
  shelters: { sv: "Skyddade boenden", en: "Shelters" },
  signals: { sv: "Kunskapsbehov", en: "Knowledge needs" },
  report: { sv: "Årsrapport", en: "Annual report" },
  research: { sv: "Forskningsuttag", en: "Research extract" },
  statistics: { sv: "Statistik", en: "Statistics" },
  content: { sv: "Innehåll", en: "Content" },
  audit: { sv: "Loggkontroll", en: "Audit log" },
  users: { sv: "Användare", en: "Users" },
  tokens: { sv: "API-nycklar", en: "API keys" },
  approvals: { sv: "Godkännanden", en: "Approvals" },
  product: { sv: "ärendehantering", en: "case coordination" },
  skip: { sv: "Hoppa till innehållet", en: "Skip to content" },
  signOut: { sv: "Logga ut", en: "Sign out" },
  menu: { sv: "Meny", en: "Menu" },
  me: { sv: "Ditt konto och språk", en: "Your account and language" },
});

export function page(c: StaffContext, title: string, body: Body, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const p = c.get("principal");
  const lang = langOf(c);
  const t = TEXT(lang);
  const nav = p
    ? (
        [
          ["/staff", t.home, "staff.home"],
          ["/staff/cases", t.cases, "case.list"],
          ["/staff/tasks", t.tasks, "deadlines.read"],
          ["/staff/deadlines", t.deadlines, "deadlines.read"],
          ["/staff/placements", t.placements, "placements.read"],
          ["/staff/amp", t.amp, "amp.read"],
          ["/staff/shelters", t.shelters, "shelters.read"],
          ["/staff/signals", t.signals, "signals.read"],
          ["/staff/report", t.report, "report.read"],
          ["/staff/research", t.research, "research.extract"],
          ["/staff/statistics", t.statistics, "statistics.read"],
          ["/staff/content", t.content, "content.review"],
          ["/staff/admin/audit", t.audit, "audit.verify"],
          ["/staff/admin/users", t.users, "users.manage"],
          ["/staff/admin/tokens", t.tokens, "users.manage"],
          ["/staff/approvals", t.approvals, "access.approve"],
        ] as const
      ).filter(([, , perm]) => mayShow(p, perm))
    : [];
  const current = c.req.path;
  return c.html(
    html`<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title} – Stödkedjan ${t.product}</title>
    <link rel="stylesheet" href="/staff/staff.css" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
  </head>
  <body>
    <a class="skip" href="#main">${t.skip}</a>
    <header class="bar">
      <a class="brand" href="/staff">Stödkedjan <small>${t.product}</small></a>
      ${
        p
          ? html`<a class="who" href="/staff/me" title="${t.me}">${p.name} · ${label("role", p.role, lang)}${p.regionId ? ` · ${label("region", p.regionId, lang)}` : ""}</a>
              <form method="post" action="/staff/logout" class="inline">${csrfField(c)}<button class="link">${t.signOut}</button></form>`
          : ""
      }
    </header>
    ${
      nav.length
        ? html`<nav class="menu" aria-label="${t.menu}"><details><summary>${t.menu}</summary><ul>${nav.map(
            ([href, label]) =>
              html`<li><a href="${href}"${raw(current === href || (href !== "/staff" && current.startsWith(`${href}/`)) ? ' aria-current="page"' : "")}>${label}</a></li>`,
          )}</ul></details></nav>`
        : ""
    }
    <main id="main" tabindex="-1">
      <h1>${title}</h1>
      ${body}
    </main>
  </body>
</html>`,
    status,
  );
}

/**
 * A table that scrolls sideways inside its own region on a narrow screen instead of widening the
 * page; the region is named and focusable so it can be scrolled by keyboard.
 */
export function scrollable(label: string, table: Body) {
  return html`<div class="table-scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

/** Problems listed at the top of a form, in the user's words (`staff/errors.ts`). */
export const errorList = (issues: Issue[]) => issueList(issues);
