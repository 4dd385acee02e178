/** "My tasks" across cases, and the national team's case finder that leads to a case's access history. */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { ServiceError } from "../cases/errors.ts";
import { findCaseNumber, myTasks } from "../cases/finding.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { caseFinder } from "./home-views.ts";
import { defineText, langOf } from "./i18n.ts";
import { caseTitle } from "./labels.ts";
import { page, type StaffContext } from "./layout.ts";

const TEXT = defineText({
  myTasks: { sv: "Mina uppgifter", en: "My tasks" },
  intro: {
    sv: "Alla öppna uppgifter som lämnats till dig, i alla ärenden du arbetar med, den tidigaste först.",
    en: "Every open task assigned to you, in every case you work on, the earliest first.",
  },
  count: {
    sv: (n: number, late: number) => `${n} öppna uppgifter${late ? `, varav ${late} försenade` : ""}`,
    en: (n: number, late: number) => `${n} open tasks${late ? `, ${late} of them overdue` : ""}`,
  },
  case: { sv: "Ärende", en: "Case" },
  task: { sv: "Uppgift", en: "Task" },
  due: { sv: "Senast", en: "Due" },
  state: { sv: "Läge", en: "Status" },
  overdue: { sv: (n: number) => `Försenad (${n} dagar sedan)`, en: (n: number) => `Overdue (${n} days ago)` },
  today: { sv: "I dag", en: "Today" },
  inDays: { sv: (n: number) => `Om ${n} dagar`, en: (n: number) => `In ${n} days` },
  none: { sv: "Du har inga öppna uppgifter.", en: "You have no open tasks." },
  find: { sv: "Hitta ett ärende", en: "Find a case" },
  history: { sv: "åtkomstlogg", en: "access log" },
  notFound: {
    sv: (q: string) => `Inget ärende har numret ${q}.`,
    en: (q: string) => `No case has the number ${q}.`,
  },
});

import type { Router } from "./router.ts";

export function mountFinding(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };

  router.get("/staff/tasks", "deadlines.read", async (c) => {
    const tasks = await myTasks(ctx(c));
    const lang = langOf(c);
    const t = TEXT(lang);
    return page(
      c,
      t.myTasks,
      html`<p class="meta">${t.intro}</p>
        ${
          tasks.length
            ? html`<table class="stack">
              <caption class="meta">${t.count(tasks.length, tasks.filter((k) => k.overdue).length)}</caption>
              <thead><tr><th scope="col">${t.case}</th><th scope="col">${t.task}</th><th scope="col">${t.due}</th><th scope="col">${t.state}</th></tr></thead>
              <tbody>${tasks.map(
                (k) =>
                  html`<tr${k.overdue ? html` class="overdue"` : ""}><td data-label="${t.case}"><a href="/staff/cases/${k.caseId}#tasks-h">${k.ref}</a> <span class="meta">${caseTitle(k.caseTitle, lang)}</span></td><td data-label="${t.task}">${k.title}</td><td data-label="${t.due}">${k.dueOn}</td><td data-label="${t.state}">${k.overdue ? t.overdue(-k.daysLeft) : k.daysLeft === 0 ? t.today : t.inDays(k.daysLeft)}</td></tr>`,
              )}</tbody></table>`
            : html`<p>${t.none}</p>`
        }`,
    );
  });

  router.get("/staff/find", "case.find", async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 100);
    const lang = langOf(c);
    const t = TEXT(lang);
    try {
      const found = await findCaseNumber(ctx(c), q);
      if (found.length === 1 && found[0]) return c.redirect(`/staff/cases/${found[0].id}/history`, 303);
      return page(
        c,
        t.find,
        html`${caseFinder(lang, q)}
          ${
            found.length
              ? html`<ul>${found.map((f) => html`<li><a href="/staff/cases/${f.id}/history">${f.ref}: ${t.history}</a></li>`)}</ul>`
              : html`<p role="status">${t.notFound(q)}</p>`
          }`,
        found.length ? 200 : 404,
      );
    } catch (e) {
      if (!(e instanceof ServiceError) || e.status !== 400) throw e;
      return page(c, t.find, caseFinder(lang, q, e.issues), 400);
    }
  });
}
