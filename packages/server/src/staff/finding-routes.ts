/** "My tasks" across cases, and the national team's case finder that leads to a case's access history. */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { ServiceError } from "../cases/errors.ts";
import { findCaseNumber, myTasks } from "../cases/finding.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { caseFinder } from "./home-views.ts";
import { page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

export function mountFinding(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };

  router.get("/staff/tasks", "deadlines.read", async (c) => {
    const tasks = await myTasks(ctx(c));
    return page(
      c,
      "Mina uppgifter",
      html`<p class="meta">Alla öppna uppgifter som lämnats till dig, i alla ärenden du arbetar med, den tidigaste först.</p>
        ${
          tasks.length
            ? html`<table class="stack">
              <caption class="meta">${tasks.length} öppna uppgifter${tasks.some((t) => t.overdue) ? `, varav ${tasks.filter((t) => t.overdue).length} försenade` : ""}</caption>
              <thead><tr><th scope="col">Ärende</th><th scope="col">Uppgift</th><th scope="col">Senast</th><th scope="col">Läge</th></tr></thead>
              <tbody>${tasks.map(
                (t) =>
                  html`<tr${t.overdue ? html` class="overdue"` : ""}><td data-label="Ärende"><a href="/staff/cases/${t.caseId}#tasks-h">${t.ref}</a> <span class="meta">${t.caseTitle}</span></td><td data-label="Uppgift">${t.title}</td><td data-label="Senast">${t.dueOn}</td><td data-label="Läge">${t.overdue ? `Försenad (${-t.daysLeft} dagar sedan)` : t.daysLeft === 0 ? "I dag" : `Om ${t.daysLeft} dagar`}</td></tr>`,
              )}</tbody></table>`
            : html`<p>Du har inga öppna uppgifter.</p>`
        }`,
    );
  });

  router.get("/staff/find", "case.find", async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 100);
    try {
      const found = await findCaseNumber(ctx(c), q);
      if (found.length === 1 && found[0]) return c.redirect(`/staff/cases/${found[0].id}/history`, 303);
      return page(
        c,
        "Hitta ett ärende",
        html`${caseFinder(q)}
          ${
            found.length
              ? html`<ul>${found.map((f) => html`<li><a href="/staff/cases/${f.id}/history">${f.ref}: åtkomstlogg</a></li>`)}</ul>`
              : html`<p role="status">Inget ärende har numret ${q}.</p>`
          }`,
        found.length ? 200 : 404,
      );
    } catch (e) {
      if (!(e instanceof ServiceError) || e.status !== 400) throw e;
      return page(c, "Hitta ett ärende", caseFinder(q, e.issues), 400);
    }
  });
}
