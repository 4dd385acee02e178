/** The start pages' views: what each role does next. Labels from labels.ts, regions by name. */
import { html } from "hono/html";
import type { AdminHome, CoordinatorHome, IomHome, NationalHome, ShelterHome } from "../home/service.ts";
import type { PlacementView } from "../placements/service.ts";
import { ampTable } from "./amp-views.ts";
import { defineText, type Lang } from "./i18n.ts";
import { label } from "./labels.ts";
import { scrollable } from "./layout.ts";
import { code, regionName } from "./placement-views.ts";

const days = (n: number) =>
  n < 0
    ? `${-n} ${n === -1 ? "dag" : "dagar"} sedan`
    : n === 0
      ? "i dag"
      : `om ${n} ${n === 1 ? "dag" : "dagar"}`;

export function coordinatorView(h: CoordinatorHome) {
  return html`<div class="grid">
      <section class="card" aria-labelledby="my-tasks-h"><h2 id="my-tasks-h">Mina uppgifter denna vecka</h2>
        ${
          h.tasks.length
            ? html`<ul>${h.tasks.map(
                (t) =>
                  html`<li${t.overdue ? html` class="overdue"` : ""}><a href="/staff/cases/${t.caseId}">${t.ref}</a> ${t.title} – senast ${t.dueOn} (${t.overdue ? "försenad, " : ""}${days(t.daysLeft)})</li>`,
              )}</ul>`
            : html`<p>Inga uppgifter förfaller denna vecka.</p>`
        }
        <p><a href="/staff/tasks">Alla mina uppgifter</a></p>
      </section>
      <section class="card" aria-labelledby="deadlines-h"><h2 id="deadlines-h">Tidsfrister denna vecka</h2>
        ${
          h.deadlines.length
            ? html`<ul>${h.deadlines.map(
                (d) =>
                  html`<li class="${d.state}"><a href="/staff/cases/${d.caseId}/referrals">${d.ref}</a> ${label("deadline", d.code)} – ${d.due} (${label("deadlineState", d.state)}, ${days(d.daysLeft)})</li>`,
              )}</ul>`
            : html`<p>Inga tidsfrister denna vecka.</p>`
        }
        <p><a href="/staff/deadlines">Alla tidsfrister</a></p>
      </section>
    </div>
    <section aria-labelledby="answers-h"><h2 id="answers-h">Svar på hänvisningar</h2>
      ${
        h.answers.length
          ? html`<ul>${h.answers.map(
              (a) =>
                html`<li><a href="/staff/cases/${a.caseId}/referrals">${a.ref}</a> ${label("referralType", a.type)}: ${label("referralStatus", a.from)} → <strong>${label("referralStatus", a.to)}</strong> <span class="meta">${a.at.toISOString().slice(0, 10)}</span></li>`,
            )}</ul>`
          : html`<p>Inga nya svar de senaste två veckorna.</p>`
      }
    </section>
    <section aria-labelledby="recent-h"><h2 id="recent-h">Senast öppnade ärenden</h2>
      ${
        h.recent.length
          ? html`<ul>${h.recent.map(
              (r) =>
                html`<li><a href="/staff/cases/${r.id}">${r.ref}</a> ${r.title} <span class="meta">öppnat ${r.openedOn}</span></li>`,
            )}</ul>`
          : html`<p>Inga öppna ärenden.</p>`
      }
      <p><a class="button" href="/staff/cases/new?kind=consultation">Ny konsultation</a> <a class="button" href="/staff/cases/new?kind=individual">Nytt enskilt ärende</a> <a href="/staff/cases">Alla ärenden</a></p>
    </section>`;
}

const STEPS = [1, 2, 3, 4, 5, 6];

export function caseFinder(q = "", issues: { path: string; message: string }[] = []) {
  const problem = issues.find((i) => i.path === "q");
  return html`<form method="get" action="/staff/find" role="search" class="filters">
    <div><label for="q">Ärendenummer</label>
    ${problem ? html`<p class="field-error" id="q-error">${problem.message}</p>` : ""}
    <input id="q" name="q" value="${q}" inputmode="text" autocomplete="off"${problem ? html` aria-invalid="true" aria-describedby="q-error"` : ""} /></div>
    <div><button>Visa åtkomstloggen</button></div>
  </form>`;
}

export function nationalView(h: NationalHome) {
  const regions = [...h.regions.entries()];
  const n = (regionId: string, kind: string, step?: number) =>
    h.open
      .filter((o) => o.regionId === regionId && o.kind === kind && (step === undefined || o.step === step))
      .reduce((sum, o) => sum + o.n, 0);
  const total = (kind: string, step?: number) => regions.reduce((sum, [id]) => sum + n(id, kind, step), 0);
  return html`<section aria-labelledby="finder-h"><h2 id="finder-h">Hitta ett ärende</h2>
      <p class="meta">Skriv ärendenumret (t.ex. ÄR-2026-000123 eller bara 123) för att se ärendets åtkomstlogg. Ärendets innehåll visas inte.</p>
      ${caseFinder()}
    </section>
    <section aria-labelledby="open-h"><h2 id="open-h">Öppna ärenden per region och steg</h2>
      ${scrollable(
        "Öppna ärenden per region och steg",
        html`<table class="stack counts">
          <thead><tr><th scope="col">Region</th><th scope="col">Konsultationer</th><th scope="col">Enskilda ärenden</th>${STEPS.map((s) => html`<th scope="col">${label("step", s)}</th>`)}</tr></thead>
          <tbody>${regions.map(
            ([id, name]) =>
              html`<tr><th scope="row">${name}</th><td data-label="Konsultationer">${n(id, "consultation")}</td><td data-label="Enskilda ärenden">${n(id, "individual")}</td>${STEPS.map((s) => html`<td data-label="${label("step", s)}">${n(id, "individual", s)}</td>`)}</tr>`,
          )}
          <tr><th scope="row">Hela landet</th><td data-label="Konsultationer">${total("consultation")}</td><td data-label="Enskilda ärenden">${total("individual")}</td>${STEPS.map((s) => html`<td data-label="${label("step", s)}">${total("individual", s)}</td>`)}</tr></tbody>
        </table>`,
      )}
    </section>
    <div class="grid">
      <section class="card" aria-labelledby="overdue-h"><h2 id="overdue-h">Försenade tidsfrister</h2>
        <dl class="fields">${regions.map(([id, name]) => {
          const late = h.overdue.get(id) ?? 0;
          return html`<dt>${name}</dt><dd${late ? html` class="overdue"` : ""}>${late}</dd>`;
        })}</dl>
      </section>
      <section class="card" aria-labelledby="places-h"><h2 id="places-h">Lediga platser i skyddade boenden</h2>
        <dl class="fields">${regions.map(([id, name]) => {
          const p = h.places.get(id);
          return html`<dt>${name}</dt><dd>${p ? `${p.free} av ${p.capacity}` : "inga certifierade boenden"}</dd>`;
        })}</dl>
        <p><a href="/staff/shelters">Registret över skyddade boenden</a></p>
      </section>
    </div>`;
}

export function adminView(h: AdminHome) {
  return html`<div class="grid">
    <section class="card" aria-labelledby="users-h"><h2 id="users-h">Användare</h2>
      <p>${h.activeUsers} aktiva, ${h.disabledUsers} avstängda.</p><p><a href="/staff/admin/users">Hantera användare och roller</a></p></section>
    <section class="card" aria-labelledby="tokens-h"><h2 id="tokens-h">API-nycklar</h2>
      <p>${h.activeTokens} giltiga nycklar för partnersystem.</p><p><a href="/staff/admin/tokens">Hantera API-nycklar</a></p></section>
    <section class="card" aria-labelledby="chain-h"><h2 id="chain-h">Åtkomstloggen</h2>
      <p>${h.auditEntries} poster${h.lastAuditAt ? `, senast ${h.lastAuditAt.slice(0, 16).replace("T", " ")} (UTC)` : ""}.</p><p><a href="/staff/admin/audit">Kontrollera hashkedjan nu</a></p></section>
  </div>`;
}

/** Roles whose tools come with later work: what they may do now, and what is coming. */
export const LATER: Record<string, { now: string; later: string }> = {
  researcher: {
    now: "Som forskare får du pseudonymiserade och röjandeskyddade uttag ur ärendestatistiken, aldrig enskilda ärenden.",
    later:
      "Verktygen för uttag (enligt IOM:s HTCDS och CTDC:s praxis, med åldersband, bara årtal och inga ovanliga kombinationer) kommer i en senare version. Till dess: kontakta det nationella teamet för ett uttag.",
  },
  editor: {
    now: "Som redaktör ansvarar du för handbokens innehåll, ordlistan, övningarna och utbildningen på den öppna webbplatsen.",
    later:
      "Redigeringsverktygen i ärendehanteringen kommer i en senare version. Till dess ändras innehållet i innehållsfilerna (Markdown och YAML) och granskas innan publicering.",
  },
};

// ---------------------------------------------------------------------------------------------
// The partners' start pages: a shelter's placements that need action, IOM's applications.
// ---------------------------------------------------------------------------------------------

const PARTNER_TEXT = defineText({
  toAnswer: { sv: "Hänvisningar att besvara", en: "Referrals to answer" },
  toAnswerNone: { sv: "Inga hänvisningar väntar på svar.", en: "No referrals are waiting for an answer." },
  toArrive: { sv: "Ankomster att bekräfta", en: "Arrivals to confirm" },
  toArriveNone: { sv: "Inga ankomster att bekräfta.", en: "No arrivals to confirm." },
  nearEnd: { sv: "Nära dag 80 och 90", en: "Near day 80 and 90" },
  nearEndNone: {
    sv: "Ingen vistelse närmar sig slutet på schablonersättningen.",
    en: "No stay is nearing the end of the flat rate.",
  },
  referred: { sv: (d: string) => `hänvisad ${d}`, en: (d: string) => `referred ${d}` },
  overdueAnswer: { sv: "svaret är försenat", en: "the answer is overdue" },
  arrival: { sv: (d: string) => `ankomst ${d}`, en: (d: string) => `arrival ${d}` },
  day: {
    sv: (n: number, left: number) => `dag ${n} av 90 (${left} dagar kvar)`,
    en: (n: number, left: number) => `day ${n} of 90 (${left} days left)`,
  },
  extensionAsked: { sv: "förlängning begärd", en: "extension requested" },
  all: { sv: "Alla placeringar hos ert boende", en: "All placements at your shelter" },
  awaiting: { sv: "Ansökningar som väntar på ert beslut", en: "Applications awaiting your decision" },
  awaitingNone: { sv: "Inga ansökningar väntar på beslut.", en: "No applications are awaiting a decision." },
  allAmp: { sv: "Alla ansökningar till ÅMP", en: "All ÅMP applications" },
});

export function shelterView(lang: Lang, h: ShelterHome) {
  const t = PARTNER_TEXT(lang);
  const person = (p: PlacementView) =>
    html`<a href="/staff/placements/${p.id}">${p.pseudonym}</a> (${code("ageGroup", p.ageGroup, lang)}, ${regionName(p.regionId, lang)})`;
  const section = (
    id: string,
    title: string,
    none: string,
    rows: PlacementView[],
    line: (p: PlacementView) => unknown,
  ) =>
    html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title} (${rows.length})</h2>${
      rows.length
        ? html`<ul>${rows.map((p) => html`<li${p.deadlines.some((d) => d.state === "overdue") ? html` class="overdue"` : ""}>${person(p)} – ${line(p)}</li>`)}</ul>`
        : html`<p>${none}</p>`
    }</section>`;
  return html`<div class="grid">
      ${section("answer-h", t.toAnswer, t.toAnswerNone, h.toAnswer, (p) => html`${p.referredOn ? t.referred(p.referredOn) : ""}${p.deadlines.some((d) => d.code === "referral-unanswered" && d.state === "overdue") ? html`, <strong>${t.overdueAnswer}</strong>` : ""}`)}
      ${section("arrive-h", t.toArrive, t.toArriveNone, h.toArrive, (p) => (p.start ? t.arrival(p.start) : ""))}
      ${section("near-h", t.nearEnd, t.nearEndNone, h.nearEnd, (p) => html`${t.day(p.daysUsed ?? 0, p.flatRateDaysLeft ?? 0)}${p.status === "extension-requested" ? `, ${t.extensionAsked}` : ""}`)}
    </div>
    <p><a href="/staff/placements">${t.all}</a></p>`;
}

export function iomView(lang: Lang, h: IomHome) {
  const t = PARTNER_TEXT(lang);
  return html`<section aria-labelledby="awaiting-h"><h2 id="awaiting-h">${t.awaiting} (${h.awaiting.length})</h2>
      ${h.awaiting.length ? ampTable(lang, h.awaiting, t.awaiting) : html`<p>${t.awaitingNone}</p>`}
      <p><a href="/staff/amp">${t.allAmp}</a></p>
    </section>`;
}
