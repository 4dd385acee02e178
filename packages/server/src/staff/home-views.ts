/** The start pages' views: what each role does next. Labels from labels.ts, regions by name. */
import { swedishToday } from "@stodkedjan/domain";
import { html } from "hono/html";
import type { AdminHome, CoordinatorHome, IomHome, NationalHome, ShelterHome } from "../home/service.ts";
import type { PlacementView } from "../placements/service.ts";
import { ampDeadlineText, ampQueueTable } from "./amp-views.ts";
import { defineText, type Lang } from "./i18n.ts";
import { caseTitle, label } from "./labels.ts";
import { scrollable } from "./layout.ts";
import { code, regionName } from "./placement-views.ts";

export const HOME_TEXT = defineText({
  title: { sv: "Översikt", en: "Overview" },
  ago: {
    sv: (n: number) => `${n} ${n === 1 ? "dag" : "dagar"} sedan`,
    en: (n: number) => `${n} ${n === 1 ? "day" : "days"} ago`,
  },
  today: { sv: "i dag", en: "today" },
  inDays: {
    sv: (n: number) => `om ${n} ${n === 1 ? "dag" : "dagar"}`,
    en: (n: number) => `in ${n} ${n === 1 ? "day" : "days"}`,
  },
  myTasksWeek: { sv: "Mina uppgifter denna vecka", en: "My tasks this week" },
  by: { sv: "senast", en: "due" },
  overdue: { sv: "försenad", en: "overdue" },
  noTasksWeek: { sv: "Inga uppgifter förfaller denna vecka.", en: "No tasks are due this week." },
  allMyTasks: { sv: "Alla mina uppgifter", en: "All my tasks" },
  deadlinesWeek: { sv: "Tidsfrister denna vecka", en: "Deadlines this week" },
  noDeadlinesWeek: { sv: "Inga tidsfrister denna vecka.", en: "No deadlines this week." },
  allDeadlines: { sv: "Alla tidsfrister", en: "All deadlines" },
  answers: { sv: "Svar på hänvisningar", en: "Answers to referrals" },
  noAnswers: { sv: "Inga nya svar de senaste två veckorna.", en: "No new answers in the last two weeks." },
  recent: { sv: "Senast öppnade ärenden", en: "Recently opened cases" },
  opened: { sv: "öppnat", en: "opened" },
  noOpen: { sv: "Inga öppna ärenden.", en: "No open cases." },
  newConsultation: { sv: "Ny konsultation", en: "New consultation" },
  newIndividual: { sv: "Nytt enskilt ärende", en: "New individual case" },
  allCases: { sv: "Alla ärenden", en: "All cases" },
  caseNumber: { sv: "Ärendenummer", en: "Case number" },
  showHistory: { sv: "Visa åtkomstloggen", en: "Show the access log" },
  findCase: { sv: "Hitta ett ärende", en: "Find a case" },
  findHint: {
    sv: "Skriv ärendenumret (t.ex. ÄR-2026-000123 eller bara 123) för att se ärendets åtkomstlogg. Ärendets innehåll visas inte.",
    en: "Type the case number (e.g. ÄR-2026-000123 or just 123) to see the case's access log. The case's content is not shown.",
  },
  openByRegion: { sv: "Öppna ärenden per region och steg", en: "Open cases by region and step" },
  region: { sv: "Region", en: "Region" },
  consultations: { sv: "Konsultationer", en: "Consultations" },
  individual: { sv: "Enskilda ärenden", en: "Individual cases" },
  country: { sv: "Hela landet", en: "All of Sweden" },
  overdueDeadlines: { sv: "Försenade tidsfrister", en: "Overdue deadlines" },
  freePlaces: { sv: "Lediga platser i skyddade boenden", en: "Free places in shelters" },
  freeOf: {
    sv: (free: number, of: number) => `${free} av ${of}`,
    en: (free: number, of: number) => `${free} of ${of}`,
  },
  noShelters: { sv: "inga certifierade boenden", en: "no certified shelters" },
  registry: { sv: "Registret över skyddade boenden", en: "The registry of shelters" },
  users: { sv: "Användare", en: "Users" },
  userCounts: {
    sv: (active: number, disabled: number) => `${active} aktiva, ${disabled} avstängda.`,
    en: (active: number, disabled: number) => `${active} active, ${disabled} deactivated.`,
  },
  manageUsers: { sv: "Hantera användare och roller", en: "Manage users and roles" },
  tokens: { sv: "API-nycklar", en: "API keys" },
  tokenCount: {
    sv: (n: number) => `${n} giltiga nycklar för partnersystem.`,
    en: (n: number) => `${n} valid keys for partner systems.`,
  },
  manageTokens: { sv: "Hantera API-nycklar", en: "Manage API keys" },
  auditLog: { sv: "Åtkomstloggen", en: "The audit log" },
  entries: {
    sv: (n: number, at: string | null) => `${n} poster${at ? `, senast ${at} (UTC)` : ""}.`,
    en: (n: number, at: string | null) => `${n} entries${at ? `, the latest ${at} (UTC)` : ""}.`,
  },
  verifyNow: { sv: "Kontrollera hashkedjan nu", en: "Verify the hash chain now" },
  researcherNow: {
    sv: "Som forskare får du pseudonymiserade och röjandeskyddade uttag: en rad per ärende, utan namn, ärendenummer, datum eller fritext.",
    en: "As a researcher you receive pseudonymised, disclosure-controlled extracts: one row per case, without names, case numbers, dates or free text.",
  },
  researcherExtract: {
    sv: "Uttaget följer IOM:s standard HTCDS 2.0 och CTDC:s praxis för öppna data: bara årtal, åldersband och inga ovanliga kombinationer. Varje nedladdning loggas.",
    en: "The extract follows IOM's standard HTCDS 2.0 and CTDC's public-data practice: years only, age bands and no rare combinations. Every download is logged.",
  },
  researcherLink: { sv: "Till forskningsuttaget", en: "To the research extract" },
  editorNow: {
    sv: "Som redaktör ansvarar du för handbokens innehåll, ordlistan, övningarna och utbildningen på den öppna webbplatsen.",
    en: "As an editor you are responsible for the manual's content, the glossary, the exercises and the training on the public site.",
  },
  editorLater: {
    sv: "Redigeringsverktygen i ärendehanteringen kommer i en senare version. Till dess ändras innehållet i innehållsfilerna (Markdown och YAML) och granskas innan publicering.",
    en: "Editing tools in case coordination come in a later version. Until then the content is changed in the content files (Markdown and YAML) and reviewed before publication.",
  },
});

const days = (t: ReturnType<typeof HOME_TEXT>, n: number) =>
  n < 0 ? t.ago(-n) : n === 0 ? t.today : t.inDays(n);

export function coordinatorView(h: CoordinatorHome, lang: Lang) {
  const t = HOME_TEXT(lang);
  return html`<div class="grid">
      <section class="card" aria-labelledby="my-tasks-h"><h2 id="my-tasks-h">${t.myTasksWeek}</h2>
        ${
          h.tasks.length
            ? html`<ul>${h.tasks.map(
                (k) =>
                  html`<li${k.overdue ? html` class="overdue"` : ""}><a href="/staff/cases/${k.caseId}">${k.ref}</a> ${caseTitle(k.title, lang)} – ${t.by} ${k.dueOn} (${k.overdue ? `${t.overdue}, ` : ""}${days(t, k.daysLeft)})</li>`,
              )}</ul>`
            : html`<p>${t.noTasksWeek}</p>`
        }
        <p><a href="/staff/tasks">${t.allMyTasks}</a></p>
      </section>
      <section class="card" aria-labelledby="deadlines-h"><h2 id="deadlines-h">${t.deadlinesWeek}</h2>
        ${
          h.deadlines.length
            ? html`<ul>${h.deadlines.map(
                (d) =>
                  html`<li class="${d.state}"><a href="/staff/cases/${d.caseId}/referrals">${d.ref}</a> ${d.referralType === "amp" ? ampDeadlineText(lang, d) : label("deadline", d.code, lang)} – ${d.due} (${label("deadlineState", d.state, lang)}, ${days(t, d.daysLeft)})</li>`,
              )}</ul>`
            : html`<p>${t.noDeadlinesWeek}</p>`
        }
        <p><a href="/staff/deadlines">${t.allDeadlines}</a></p>
      </section>
    </div>
    <section aria-labelledby="answers-h"><h2 id="answers-h">${t.answers}</h2>
      ${
        h.answers.length
          ? html`<ul>${h.answers.map(
              (a) =>
                html`<li><a href="/staff/cases/${a.caseId}/referrals">${a.ref}</a> ${label("referralType", a.type, lang)}: ${label("referralStatus", a.from, lang)} → <strong>${label("referralStatus", a.to, lang)}</strong> <span class="meta">${swedishToday(a.at)}</span></li>`,
            )}</ul>`
          : html`<p>${t.noAnswers}</p>`
      }
    </section>
    <section aria-labelledby="recent-h"><h2 id="recent-h">${t.recent}</h2>
      ${
        h.recent.length
          ? html`<ul>${h.recent.map(
              (r) =>
                html`<li><a href="/staff/cases/${r.id}">${r.ref}</a> ${caseTitle(r.title, lang)} <span class="meta">${t.opened} ${r.openedOn}</span></li>`,
            )}</ul>`
          : html`<p>${t.noOpen}</p>`
      }
      <p><a class="button" href="/staff/cases/new?kind=consultation">${t.newConsultation}</a> <a class="button" href="/staff/cases/new?kind=individual">${t.newIndividual}</a> <a href="/staff/cases">${t.allCases}</a></p>
    </section>`;
}

const STEPS = [1, 2, 3, 4, 5, 6];

export function caseFinder(lang: Lang, q = "", issues: { path: string; message: string }[] = []) {
  const t = HOME_TEXT(lang);
  const problem = issues.find((i) => i.path === "q");
  return html`<form method="get" action="/staff/find" role="search" class="filters">
    <div><label for="q">${t.caseNumber}</label>
    ${problem ? html`<p class="field-error" id="q-error">${problem.message}</p>` : ""}
    <input id="q" name="q" value="${q}" inputmode="text" autocomplete="off"${problem ? html` aria-invalid="true" aria-describedby="q-error"` : ""} /></div>
    <div><button>${t.showHistory}</button></div>
  </form>`;
}

export function nationalView(h: NationalHome, lang: Lang) {
  const t = HOME_TEXT(lang);
  const regions = [...h.regions.keys()].map((id) => [id, label("region", id, lang)] as const);
  const n = (regionId: string, kind: string, step?: number) =>
    h.open
      .filter((o) => o.regionId === regionId && o.kind === kind && (step === undefined || o.step === step))
      .reduce((sum, o) => sum + o.n, 0);
  const total = (kind: string, step?: number) => regions.reduce((sum, [id]) => sum + n(id, kind, step), 0);
  const step = (s: number) => label("step", s, lang);
  return html`<section aria-labelledby="finder-h"><h2 id="finder-h">${t.findCase}</h2>
      <p class="meta">${t.findHint}</p>
      ${caseFinder(lang)}
    </section>
    <section aria-labelledby="open-h"><h2 id="open-h">${t.openByRegion}</h2>
      ${scrollable(
        t.openByRegion,
        html`<table class="stack counts">
          <thead><tr><th scope="col">${t.region}</th><th scope="col">${t.consultations}</th><th scope="col">${t.individual}</th>${STEPS.map((s) => html`<th scope="col">${step(s)}</th>`)}</tr></thead>
          <tbody>${regions.map(
            ([id, name]) =>
              html`<tr><th scope="row">${name}</th><td data-label="${t.consultations}">${n(id, "consultation")}</td><td data-label="${t.individual}">${n(id, "individual")}</td>${STEPS.map((s) => html`<td data-label="${step(s)}">${n(id, "individual", s)}</td>`)}</tr>`,
          )}
          <tr><th scope="row">${t.country}</th><td data-label="${t.consultations}">${total("consultation")}</td><td data-label="${t.individual}">${total("individual")}</td>${STEPS.map((s) => html`<td data-label="${step(s)}">${total("individual", s)}</td>`)}</tr></tbody>
        </table>`,
      )}
    </section>
    <div class="grid">
      <section class="card" aria-labelledby="overdue-h"><h2 id="overdue-h">${t.overdueDeadlines}</h2>
        <dl class="fields">${regions.map(([id, name]) => {
          const late = h.overdue.get(id) ?? 0;
          return html`<dt>${name}</dt><dd${late ? html` class="overdue"` : ""}>${late}</dd>`;
        })}</dl>
      </section>
      <section class="card" aria-labelledby="places-h"><h2 id="places-h">${t.freePlaces}</h2>
        <dl class="fields">${regions.map(([id, name]) => {
          const p = h.places.get(id);
          return html`<dt>${name}</dt><dd>${p ? t.freeOf(p.free, p.capacity) : t.noShelters}</dd>`;
        })}</dl>
        <p><a href="/staff/shelters">${t.registry}</a></p>
      </section>
    </div>`;
}

export function adminView(h: AdminHome, lang: Lang) {
  const t = HOME_TEXT(lang);
  return html`<div class="grid">
    <section class="card" aria-labelledby="users-h"><h2 id="users-h">${t.users}</h2>
      <p>${t.userCounts(h.activeUsers, h.disabledUsers)}</p><p><a href="/staff/admin/users">${t.manageUsers}</a></p></section>
    <section class="card" aria-labelledby="tokens-h"><h2 id="tokens-h">${t.tokens}</h2>
      <p>${t.tokenCount(h.activeTokens)}</p><p><a href="/staff/admin/tokens">${t.manageTokens}</a></p></section>
    <section class="card" aria-labelledby="chain-h"><h2 id="chain-h">${t.auditLog}</h2>
      <p>${t.entries(h.auditEntries, h.lastAuditAt ? h.lastAuditAt.slice(0, 16).replace("T", " ") : null)}</p><p><a href="/staff/admin/audit">${t.verifyNow}</a></p></section>
  </div>`;
}

/** Roles whose tools come with later work: what they may do now, and what is coming. */
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
      ${h.awaiting.length ? ampQueueTable(lang, h.awaiting, t.awaiting) : html`<p>${t.awaitingNone}</p>`}
      <p><a href="/staff/amp">${t.allAmp}</a></p>
    </section>`;
}

export function laterView(role: string, lang: Lang) {
  const t = HOME_TEXT(lang);
  if (role === "researcher")
    return html`<p>${t.researcherNow}</p><p>${t.researcherExtract}</p><p><a class="button" href="/staff/research">${t.researcherLink}</a></p>`;
  if (role === "editor") return html`<p>${t.editorNow}</p><p>${t.editorLater}</p>`;
  return "";
}
