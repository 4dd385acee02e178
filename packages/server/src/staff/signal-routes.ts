/**
 * The knowledge-needs analysis on the staff side: the national team's dashboard of the public
 * pages' anonymous signals with CSV export (ADR 0014), and the editors' pages (ADR 0017): each
 * content page's review status, the pages due for review, the statements to verify, the
 * knowledge needs the signals raise (until marked handled) and a preview of a changed page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CONTENT_DIR,
  LANGS,
  type Lang,
  loadContent,
  PAGE_IDS,
  type PageId,
  previewPage,
  SPECIAL_PAGES,
  specialUrl,
} from "@stodkedjan/content";
import type { Db } from "@stodkedjan/db";
import { isDue, type ReviewState, reviewState } from "@stodkedjan/domain/content-review";
import { FEEDBACK_REASONS, MIN_REPORTED_COUNT, swedishDay } from "@stodkedjan/domain/signals";
import { stringify } from "csv-stringify/sync";
import { html, raw } from "hono/html";
import { z } from "zod";
import { audit } from "../audit/log.ts";
import { ServiceError } from "../cases/errors.ts";
import * as signals from "../signals/service.ts";
import { fail } from "./errors.ts";
import { formBody, str } from "./forms.ts";
import { defineText, langOf } from "./i18n.ts";
import { csrfField, page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

const REASONS = defineText({
  "no-answer": { sv: "Svarade inte på min fråga", en: "Did not answer my question" },
  unclear: { sv: "Svår att förstå", en: "Hard to understand" },
  "missing-contacts": { sv: "Saknar vem jag ska kontakta", en: "Lacks whom to contact" },
  "missing-steps": { sv: "Saknar vad jag ska göra", en: "Lacks what to do" },
  outdated: { sv: "Verkar inaktuell", en: "Seems out of date" },
  "not-my-situation": {
    sv: "Passar inte min situation eller yrkesroll",
    en: "Does not fit my situation or role",
  },
});

/** The public tools' pages, named in the language each page is written in. */
const TOOL_NAMES: Record<Lang, Record<string, string>> = {
  sv: {
    home: "Startsidan",
    guide: "Vad gör jag nu?",
    aid: "Identifieringsstöd",
    directory: "Hitta regionkoordinator",
    search: "Sök",
    glossary: "Ordlista",
  },
  en: {
    home: "Home page",
    guide: "What do I do now?",
    aid: "Identification aid",
    directory: "Find a regional coordinator",
    search: "Search",
    glossary: "Glossary",
  },
};

const TEXT = defineText({
  collectedTitle: { sv: "Vad som samlas in – och inte", en: "What is collected – and what is not" },
  title: { sv: "Kunskapsbehov", en: "Knowledge needs" },
  from: { sv: "Från och med", en: "From" },
  to: { sv: "Till och med", en: "To" },
  show: { sv: "Visa", en: "Show" },
  intro: {
    sv: (from: string, to: string) =>
      `Vad yrkesverksamma läser, söker efter utan att hitta, svarar fel på och saknar – från de publika sidorna, ${from} till ${to}.`,
    en: (from: string, to: string) =>
      `What professionals read, search for without finding, answer wrongly and miss – from the public pages, ${from} to ${to}.`,
  },
  export: { sv: "Exportera som CSV:", en: "Export as CSV:" },
  step: { sv: (n: number) => `Steg ${n}`, en: (n: number) => `Step ${n}` },
  topSteps: { sv: "Mest lästa steg", en: "Most read steps" },
  viewsPerStep: { sv: "Visningar per steg", en: "Views per step" },
  stepCol: { sv: "Steg", en: "Step" },
  views: { sv: "Visningar", en: "Views" },
  topPages: { sv: "Mest lästa sidor", en: "Most read pages" },
  page: { sv: "Sida", en: "Page" },
  noViews: { sv: "Inga visningar under perioden.", en: "No views in the period." },
  misses: { sv: "Sökningar utan träff", en: "Searches without a result" },
  search: { sv: "Sökning", en: "Search" },
  language: { sv: "Språk", en: "Language" },
  count: { sv: "Antal", en: "Count" },
  noMisses: {
    sv: (n: number) => `Ingen sökning utan träff gjordes ${n} gånger eller fler under perioden.`,
    en: (n: number) => `No search without a result was made ${n} times or more in the period.`,
  },
  suppressed: {
    sv: (n: number, k: number) => `${n} andra sökningar gjordes färre än ${k} gånger och visas inte.`,
    en: (n: number, k: number) => `${n} other searches were made fewer than ${k} times and are not shown.`,
  },
  wrongQuiz: { sv: "Frågor som oftast besvaras fel", en: "Questions most often answered wrongly" },
  question: { sv: "Fråga (modul/fråga)", en: "Question (module/question)" },
  wrong: { sv: "Fel", en: "Wrong" },
  answers: { sv: "Svar", en: "Answers" },
  share: { sv: "Andel fel", en: "Share wrong" },
  noWrong: { sv: "Inga felaktiga svar under perioden.", en: "No wrong answers in the period." },
  notHelpedTitle: { sv: "Sidor som inte hjälpte – och varför", en: "Pages that did not help – and why" },
  notHelped: { sv: "Sidor som inte hjälpte", en: "Pages that did not help" },
  yes: { sv: "Ja", en: "Yes" },
  no: { sv: "Nej", en: "No" },
  missing: { sv: "Vad som saknades", en: "What was missing" },
  noAnswers: { sv: "Inga svar under perioden.", en: "No answers in the period." },
  decisions: { sv: "Val i case-övningar", en: "Choices in case exercises" },
  exercise: { sv: "Övning/situation", en: "Exercise/situation" },
  choice: { sv: "Val", en: "Choice" },
  noDecisions: { sv: "Inga val under perioden.", en: "No choices in the period." },
  overTime: {
    sv: (unit: string) => `Över tid (per ${unit})`,
    en: (unit: string) => `Over time (per ${unit})`,
  },
  per: { sv: (unit: string) => `Per ${unit}`, en: (unit: string) => `Per ${unit}` },
  day: { sv: "dag", en: "day" },
  week: { sv: "vecka", en: "week" },
  dayCol: { sv: "Dag", en: "Day" },
  weekCol: { sv: "Vecka", en: "Week" },
  notHelpedCol: { sv: "Hjälpte inte", en: "Did not help" },
  chart: {
    sv: "Visningar över tid, stapeldiagram; siffrorna finns i tabellen nedan",
    en: "Views over time, bar chart; the figures are in the table below",
  },
  weekFrom: { sv: (monday: string) => `v. från ${monday}`, en: (monday: string) => `week from ${monday}` },
  chooseData: {
    sv: "Välj en datamängd och en giltig period.",
    en: "Choose a data set and a valid period.",
  },
});

/** The site's pages by path, with the names an editor knows them by. */
function pageNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of loadContent().pages) names.set(p.url, `${p.title} (${p.lang})`);
  for (const lang of LANGS)
    for (const tool of Object.keys(SPECIAL_PAGES))
      names.set(specialUrl(lang, tool as never), `${TOOL_NAMES[lang][tool]} (${lang})`);
  return names;
}

/** What the public pages collect, in both languages (markup, so not through defineText). */
const COLLECTED = {
  sv: html`<p>De publika sidorna skickar anonyma händelser som räknas ihop per dag när de kommer fram. Samlas in: <strong>visningar per sida och dag</strong>, svaren på <strong>”Hjälpte sidan dig?”</strong> (ja, eller nej med ett av sex fasta skäl – aldrig fritext), <strong>svar på quizfrågor</strong> (rätt eller fel per fråga) och <strong>val i case-övningar</strong>, och <strong>sökningar som inte gav någon träff</strong> – bara när varje ord i sökningen är ett vanligt svenskt eller engelskt ord från en ordlista som följer med webbplatsen, så att namn och siffror aldrig skickas.</p>
  <p>Samlas inte in: IP-adresser, webbläsare, cookies eller andra identifierare, tidpunkter inom dagen, vad som skrivs eller kryssas i guiden ”Vad gör jag nu?” och identifieringsstödet (där räknas bara att sidan visades), eller något alls från den som har Do Not Track eller Global Privacy Control påslaget. Inget loggas. Sökningar som gjorts färre än ${MIN_REPORTED_COUNT} gånger visas inte.</p>`,
  en: html`<p>The public pages send anonymous events, added up per day as they arrive. Collected: <strong>views per page and day</strong>, the answers to <strong>"Did this page help you?"</strong> (yes, or no with one of six fixed reasons – never free text), <strong>quiz answers</strong> (right or wrong per question) and <strong>choices in case exercises</strong>, and <strong>searches that found nothing</strong> – only when every word of the search is a common Swedish or English word from a word list shipped with the site, so that names and numbers are never sent.</p>
  <p>Not collected: IP addresses, browsers, cookies or other identifiers, times within the day, anything typed or ticked in the guide "What do I do now?" and the identification aid (only that the page was shown is counted), or anything at all from someone with Do Not Track or Global Privacy Control switched on. Nothing is logged. Searches made fewer than ${MIN_REPORTED_COUNT} times are not shown.</p>`,
};
const whatIsCollected = (lang: "sv" | "en") =>
  html`<section aria-labelledby="collected"><h2 id="collected">${TEXT(lang).collectedTitle}</h2>${COLLECTED[lang]}</section>`;

const DATASETS = ["pages", "misses", "quiz", "decisions", "feedback", "days"] as const;
type Dataset = (typeof DATASETS)[number];
const DATASET_NAMES = defineText({
  pages: { sv: "Visningar per sida", en: "Views per page" },
  misses: { sv: "Sökningar utan träff", en: "Searches without a result" },
  quiz: { sv: "Quizsvar per fråga", en: "Quiz answers per question" },
  decisions: { sv: "Val i case-övningar", en: "Choices in case exercises" },
  feedback: { sv: "Hjälpte sidan?", en: "Did the page help?" },
  days: { sv: "Per dag", en: "Per day" },
});
const PERIOD_ISSUES = defineText({
  date: { sv: "Ange ett datum (ÅÅÅÅ-MM-DD).", en: "Enter a date (YYYY-MM-DD)." },
  order: { sv: "Slutdatumet är före startdatumet.", en: "The end date is before the start date." },
  long: { sv: "Välj högst två år åt gången.", en: "Choose at most two years at a time." },
});

const periodQuery = z
  .object({
    from: z.string().refine(signals.isDay, "date"),
    to: z.string().refine(signals.isDay, "date"),
  })
  .superRefine((p, ctx) => {
    if (p.from > p.to) ctx.addIssue({ code: "custom", path: ["to"], message: "order" });
    else if (Date.parse(p.to) - Date.parse(p.from) > 731 * 86_400_000)
      ctx.addIssue({ code: "custom", path: ["from"], message: "long" });
  });

/** The period asked for in the query string (the last 30 days when none), or the fields' errors. */
function periodOf(c: StaffContext) {
  const d = signals.defaultPeriod();
  const values = { from: c.req.query("from") ?? d.from, to: c.req.query("to") ?? d.to };
  const parsed = periodQuery.safeParse(values);
  if (parsed.success) return { values, period: parsed.data, issues: [] };
  const words = PERIOD_ISSUES(langOf(c)) as Record<string, string>;
  return {
    values,
    period: null,
    issues: parsed.error.issues.map((i) => ({
      path: String(i.path[0] ?? "from"),
      message: words[i.message] ?? words.date,
    })),
  };
}

/** Days grouped into ISO weeks (from Monday) when the period is long, so the chart stays readable. */
function trend(days: signals.Dashboard["days"], t: ReturnType<typeof TEXT>) {
  if (days.length <= 62) return { daily: true, rows: days.map((d) => ({ label: d.day, ...d })) };
  const weeks = new Map<string, { label: string; views: number; misses: number; notHelped: number }>();
  for (const d of days) {
    const date = new Date(`${d.day}T12:00:00Z`);
    const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const w = weeks.get(monday) ?? { label: t.weekFrom(monday), views: 0, misses: 0, notHelped: 0 };
    w.views += d.views;
    w.misses += d.misses;
    w.notHelped += d.notHelped;
    weeks.set(monday, w);
  }
  return { daily: false, rows: [...weeks.values()] };
}

/** Views per day or week as bars; the table under it carries the same figures for screen readers. */
function trendChart(rows: { label: string; views: number }[], name: string) {
  const max = Math.max(1, ...rows.map((r) => r.views));
  const w = 640;
  const h = 160;
  const bar = w / Math.max(1, rows.length);
  return raw(
    `<svg class="chart" viewBox="0 0 ${w} ${h + 20}" role="img" aria-label="${name.replace(/[<>&"]/g, "")}" preserveAspectRatio="none">${rows
      .map((r, i) => {
        const bh = Math.round((r.views / max) * h);
        return `<rect x="${(i * bar + 1).toFixed(1)}" y="${h - bh}" width="${Math.max(1, bar - 2).toFixed(1)}" height="${bh}" fill="#0b4a6f"></rect>`;
      })
      .join(
        "",
      )}<line x1="0" y1="${h}" x2="${w}" y2="${h}" stroke="#333"></line><text x="0" y="${h + 16}" font-size="12">${rows[0]?.label ?? ""}</text><text x="${w}" y="${h + 16}" font-size="12" text-anchor="end">${rows.at(-1)?.label ?? ""}</text></svg>`,
  );
}

function csvOf(data: Dataset, d: signals.Dashboard, names: Map<string, string>): string {
  const name = (p: string) => names.get(p) ?? p;
  switch (data) {
    case "pages":
      return stringify(
        d.pages.map((r) => [r.page, name(r.page), r.views]),
        { header: true, columns: ["page", "title", "views"] },
      );
    case "misses":
      return stringify(
        d.misses.map((r) => [r.lang, r.query, r.count]),
        { header: true, columns: ["lang", "query", "count"] },
      );
    case "quiz":
      return stringify(
        d.quiz.map((r) => [r.module, r.question, r.wrong, r.answers]),
        { header: true, columns: ["module", "question", "wrong", "answers"] },
      );
    case "decisions":
      return stringify(
        d.decisions.map((r) => [r.exercise, r.node, r.choice, r.count]),
        { header: true, columns: ["exercise", "node", "choice", "count"] },
      );
    case "feedback":
      return stringify(
        d.feedback.map((r) => [
          r.page,
          name(r.page),
          r.yes,
          r.no,
          ...FEEDBACK_REASONS.map((k) => r.reasons[k] ?? 0),
        ]),
        { header: true, columns: ["page", "title", "helped", "not_helped", ...FEEDBACK_REASONS] },
      );
    case "days":
      return stringify(
        d.days.map((r) => [r.day, r.views, r.misses, r.notHelped]),
        { header: true, columns: ["day", "views", "searches_without_hits", "not_helped"] },
      );
  }
}

const principalOf = (c: StaffContext) => {
  const p = c.get("principal");
  if (!p) throw new ServiceError(403, "Inte inloggad");
  return p;
};

export function mountSignals(router: Router, db: Db) {
  const names = pageNames();
  const stepPages = loadContent()
    .pages.filter((p) => p.kind === "step")
    .sort((a, b) => (a.step ?? 0) - (b.step ?? 0));

  router.get("/staff/signals", "signals.read", async (c) => {
    const { values, period, issues } = periodOf(c);
    const lang = langOf(c);
    const w = TEXT(lang);
    const reasons = REASONS(lang) as Record<string, string>;
    const errorOf = (f: string) => issues.find((i) => i.path === f)?.message;
    const field = (f: "from" | "to", label: string) =>
      html`<div class="field"><label for="${f}">${label}</label>${errorOf(f) ? html`<p class="field-error" id="${f}-error">${errorOf(f)}</p>` : ""}<input id="${f}" name="${f}" type="date" value="${values[f]}"${errorOf(f) ? html` aria-invalid="true" aria-describedby="${f}-error"` : ""} /></div>`;
    const filter = html`<form method="get" action="/staff/signals" class="filters">${field("from", w.from)}${field("to", w.to)}<p><button>${w.show}</button></p></form>`;
    if (!period) return page(c, w.title, html`${whatIsCollected(lang)}${filter}`, 400);
    const d = await signals.dashboard(db, principalOf(c), period);
    const name = (p: string) => names.get(p) ?? p;
    const q = `from=${period.from}&to=${period.to}`;
    const viewsOf = new Map(d.pages.map((r) => [r.page, r.views]));
    const steps = [1, 2, 3, 4, 5, 6].map((step) => {
      const here = stepPages.filter((p) => p.step === step);
      return {
        step,
        title:
          (here.find((p) => p.lang === lang) ?? here.find((p) => p.lang === "sv"))?.title ?? w.step(step),
        views: here.reduce((sum, p) => sum + (viewsOf.get(p.url) ?? 0), 0),
      };
    });
    const t = trend(d.days, w);
    const unit = t.daily ? w.day : w.week;
    const table = (label: string, head: string[], rows: unknown[][], empty: string) =>
      rows.length
        ? scrollable(
            label,
            html`<table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
              (r) =>
                html`<tr>${r.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`,
            )}</tbody></table>`,
          )
        : html`<p>${empty}</p>`;
    return page(
      c,
      w.title,
      html`<p class="meta">${w.intro(period.from, period.to)}</p>
        ${filter}
        <p>${w.export} ${DATASETS.map((k, i) => html`${i ? ", " : ""}<a href="/staff/signals/export?data=${k}&amp;${raw(q.replace("&", "&amp;"))}" download>${DATASET_NAMES(lang)[k]}</a>`)}.</p>
        <section aria-labelledby="steps"><h2 id="steps">${w.topSteps}</h2>
          ${table(
            w.viewsPerStep,
            [w.stepCol, w.views],
            steps.sort((a, b) => b.views - a.views).map((s) => [`${s.step}. ${s.title}`, s.views]),
            "",
          )}</section>
        <section aria-labelledby="pages"><h2 id="pages">${w.topPages}</h2>
          ${table(
            w.topPages,
            [w.page, w.views],
            d.pages.slice(0, 25).map((r) => [name(r.page), r.views]),
            w.noViews,
          )}</section>
        <section aria-labelledby="misses"><h2 id="misses">${w.misses}</h2>
          ${table(
            w.misses,
            [w.search, w.language, w.count],
            d.misses.map((r) => [r.query, r.lang, r.count]),
            w.noMisses(d.threshold),
          )}
          ${d.suppressedMisses ? html`<p class="meta">${w.suppressed(d.suppressedMisses, d.threshold)}</p>` : ""}</section>
        <section aria-labelledby="quiz"><h2 id="quiz">${w.wrongQuiz}</h2>
          ${table(
            w.wrongQuiz,
            [w.question, w.wrong, w.answers, w.share],
            d.quiz
              .filter((r) => r.wrong > 0)
              .map((r) => [
                `${r.module}/${r.question}`,
                r.wrong,
                r.answers,
                `${Math.round((100 * r.wrong) / Math.max(1, r.answers))} %`,
              ]),
            w.noWrong,
          )}</section>
        <section aria-labelledby="helped"><h2 id="helped">${w.notHelpedTitle}</h2>
          ${table(
            w.notHelped,
            [w.page, w.yes, w.no, w.missing],
            d.feedback.map((r) => [
              name(r.page),
              r.yes,
              r.no,
              Object.entries(r.reasons)
                .sort((a, b) => b[1] - a[1])
                .map(([k, v]) => `${reasons[k] ?? k}: ${v}`)
                .join("; "),
            ]),
            w.noAnswers,
          )}</section>
        <section aria-labelledby="decisions"><h2 id="decisions">${w.decisions}</h2>
          ${table(
            w.decisions,
            [w.exercise, w.choice, w.count],
            d.decisions.map((r) => [`${r.exercise}/${r.node}`, r.choice, r.count]),
            w.noDecisions,
          )}</section>
        <section aria-labelledby="trend"><h2 id="trend">${w.overTime(unit)}</h2>
          ${trendChart(t.rows, w.chart)}
          ${table(
            w.per(unit),
            [t.daily ? w.dayCol : w.weekCol, w.views, w.misses, w.notHelpedCol],
            t.rows.map((r) => [r.label, r.views, r.misses, r.notHelped]),
            "",
          )}</section>
        ${whatIsCollected(lang)}`,
    );
  });

  router.get("/staff/signals/export", "signals.read", async (c) => {
    const data = c.req.query("data") as Dataset;
    const { period } = periodOf(c);
    if (!DATASETS.includes(data) || !period) return c.text(TEXT(langOf(c)).chooseData, 400);
    const principal = principalOf(c);
    const d = await signals.dashboard(db, principal, period);
    await audit(db, {
      actor: principal,
      action: "export",
      objectType: "signals",
      objectId: data,
      outcome: "ok",
      detail: { from: period.from, to: period.to },
    });
    return c.body(`\uFEFF${csvOf(data, d, names)}`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="kunskapsbehov-${data}-${period.from}-${period.to}.csv"`,
    });
  });
}

const STATE_NAMES = defineText({
  awaiting: {
    sv: "Exempeltext – väntar på första granskning",
    en: "Sample text – awaiting its first review",
  },
  overdue: { sv: "Ska granskas nu", en: "Due for review now" },
  soon: { sv: "Ska granskas inom 30 dagar", en: "Due for review within 30 days" },
  current: { sv: "Aktuell", en: "Current" },
} satisfies Record<ReviewState, unknown>);

const EDITOR = defineText({
  contentTitle: { sv: "Innehåll och granskning", en: "Content and review" },
  contentLead: {
    sv: "Manualens innehåll finns i repositoriet (content/) och ändras genom förslag som granskas och kontrolleras med samma scheman som bygget. Här ser du sidornas granskningsstatus, vad som ska verifieras och vad användarna saknar.",
    en: "The manual's content lives in the repository (content/) and is changed through proposals that are reviewed and checked against the same schemas as the build. Here you see the pages' review status, what is to be verified and what users miss.",
  },
  needsLink: { sv: "Kunskapsbehov att åtgärda", en: "Knowledge needs to handle" },
  previewLink: { sv: "Förhandsgranska en ändring", en: "Preview a change" },
  due: { sv: (n: number) => `Sidor att granska (${n})`, en: (n: number) => `Pages to review (${n})` },
  lastDay: { sv: (on: string) => `, senast ${on}`, en: (on: string) => `, by ${on}` },
  noneDue: { sv: "Ingen sida behöver granskas nu.", en: "No page needs reviewing now." },
  allPages: { sv: "Alla sidor", en: "All pages" },
  page: { sv: "Sida", en: "Page" },
  language: { sv: "Språk", en: "Language" },
  status: { sv: "Status", en: "Status" },
  written: { sv: "Skriven", en: "Written" },
  lastReviewed: { sv: "Senast granskad", en: "Last reviewed" },
  toVerify: { sv: "Att verifiera", en: "To verify" },
  preview: { sv: "Förhandsgranska", en: "Preview" },
  editAndPreview: { sv: "Ändra och förhandsgranska", en: "Edit and preview" },
  verifyTitle: { sv: "Uppgifter att verifiera", en: "Statements to verify" },
  needsTitle: { sv: "Kunskapsbehov att åtgärda", en: "Knowledge needs to handle" },
  handledNotice: { sv: "Markerat som åtgärdat.", en: "Marked as handled." },
  needsLead: {
    sv: (k: number) =>
      `Sökningar utan träff (gjorda minst ${k} gånger) och sidor som markerats som att de inte hjälpte. En punkt ligger kvar tills en redaktör markerar den som åtgärdad; kommer nya signaler efter det dyker den upp igen.`,
    en: (k: number) =>
      `Searches without a result (made at least ${k} times) and pages marked as not helping. An item stays until an editor marks it handled; if new signals come after that, it shows up again.`,
  },
  misses: { sv: "Sökningar utan träff", en: "Searches without a result" },
  pagesNotHelped: { sv: "Sidor som inte hjälpte", en: "Pages that did not help" },
  noneNow: { sv: "Inga just nu.", en: "None right now." },
  searchMissed: { sv: "Sökningen", en: "The search" },
  foundNothing: { sv: "gav ingen träff", en: "found nothing" },
  didNotHelp: { sv: "hjälpte inte", en: "did not help" },
  times: { sv: "gånger", en: "times" },
  sinceHandled: {
    sv: (on: string) => ` sedan det åtgärdades ${on}`,
    en: (on: string) => ` since it was handled on ${on}`,
  },
  markHandled: { sv: "Markera som åtgärdat", en: "Mark as handled" },
  previewTitle: { sv: "Förhandsgranska en ändring", en: "Preview a change" },
  previewLead: {
    sv: "Klistra in sidans hela fil (front matter och Markdown). Servern kontrollerar den med samma schema och länkregler som bygget och visar hur den blir. Inget sparas: en godkänd ändring förs in i repositoriet som ett ändringsförslag (se ADR 0017).",
    en: "Paste the page's whole file (front matter and Markdown). The server checks it against the same schema and link rules as the build and shows how it turns out. Nothing is saved: an approved change goes into the repository as a change proposal (see ADR 0017).",
  },
  previewed: { sv: "Förhandsgranskning (inget har sparats)", en: "Preview (nothing has been saved)" },
  previewOk: {
    sv: (n: number, status: string, reviewed: string) =>
      `Sidan följer schemat. ${n} uppgifter att verifiera; status: ${status}${reviewed ? `, senast granskad ${reviewed}` : ""}.`,
    en: (n: number, status: string, reviewed: string) =>
      `The page follows the schema. ${n} statements to verify; status: ${status}${reviewed ? `, last reviewed ${reviewed}` : ""}.`,
  },
  fix: { sv: "Rätta följande:", en: "Please correct the following:" },
  choosePage: { sv: "Välj sida", en: "Choose a page" },
  swedish: { sv: "Svenska", en: "Swedish" },
  english: { sv: "Engelska", en: "English" },
  source: { sv: "Sidans text", en: "The page's text" },
  idMissing: { sv: "Välj en sida.", en: "Choose a page." },
  langMissing: { sv: "Välj ett språk.", en: "Choose a language." },
  sourceMissing: {
    sv: "Klistra in sidans text med front matter.",
    en: "Paste the page's text with its front matter.",
  },
  sourceLong: { sv: "Texten är för lång.", en: "The text is too long." },
});

/** The preview form; its messages are the keys of their words in EDITOR. */
const previewForm = z.object({
  id: z.enum(PAGE_IDS, "idMissing"),
  lang: z.enum(LANGS, "langMissing"),
  source: z.string().trim().min(1, "sourceMissing").max(200_000, "sourceLong"),
});

export function mountContentReview(router: Router, db: Db) {
  const names = pageNames();

  router.get("/staff/content", "content.review", (c) => {
    const today = swedishDay();
    const pages = loadContent().pages.map((p) => ({ ...p, ...reviewState(p.review, today) }));
    const due = pages.filter((p) => isDue(p.state)).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    const verify = pages.filter((p) => p.verify.length);
    const t = EDITOR(langOf(c));
    const states = STATE_NAMES(langOf(c));
    return page(
      c,
      t.contentTitle,
      html`<p class="meta">${t.contentLead} <a href="/staff/content/needs">${t.needsLink}</a> · <a href="/staff/content/preview">${t.previewLink}</a></p>
        <section aria-labelledby="due"><h2 id="due">${t.due(due.length)}</h2>
          ${
            due.length
              ? html`<ul>${due.map((p) => html`<li><a href="${p.url}">${p.title}</a> (${p.lang}) – ${states[p.state]}${p.state === "awaiting" ? "" : t.lastDay(p.dueOn)}</li>`)}</ul>`
              : html`<p>${t.noneDue}</p>`
          }</section>
        <section aria-labelledby="status"><h2 id="status">${t.allPages}</h2>
          ${scrollable(
            t.allPages,
            html`<table><thead><tr><th scope="col">${t.page}</th><th scope="col">${t.language}</th><th scope="col">${t.status}</th><th scope="col">${t.written}</th><th scope="col">${t.lastReviewed}</th><th scope="col">${t.toVerify}</th><th scope="col">${t.preview}</th></tr></thead><tbody>${pages.map(
              (p) =>
                html`<tr><th scope="row"><a href="${p.url}">${p.title}</a></th><td>${p.lang}</td><td class="${p.state === "overdue" || p.state === "awaiting" ? "due" : ""}">${states[p.state]}</td><td>${p.review.written ?? "–"}</td><td>${p.review.lastReviewed ?? "–"}</td><td>${p.verify.length}</td><td><a href="/staff/content/preview?id=${p.id}&amp;lang=${p.lang}">${t.editAndPreview}<span class="visually-hidden"> ${p.title} (${p.lang})</span></a></td></tr>`,
            )}</tbody></table>`,
          )}</section>
        <section aria-labelledby="verify"><h2 id="verify">${t.verifyTitle}</h2>
          ${verify.map(
            (p) => html`<h3>${p.title} (${p.lang})</h3><ul>${p.verify.map((v) => html`<li>${v}</li>`)}</ul>`,
          )}</section>`,
    );
  });

  router.get("/staff/content/needs", "knowledge.handle", async (c) => {
    const needs = await signals.knowledgeNeeds(db, principalOf(c));
    const handled = c.req.query("klart");
    const reasons = REASONS(langOf(c)) as Record<string, string>;
    const t = EDITOR(langOf(c));
    const item = (n: signals.KnowledgeNeed) => {
      const [lang, ...rest] = n.key.split(":");
      const what =
        n.kind === "search-miss"
          ? html`${t.searchMissed} <strong>”${rest.join(":")}”</strong> (${lang}) ${t.foundNothing}`
          : html`<a href="${n.key}">${names.get(n.key) ?? n.key}</a> ${t.didNotHelp}${
              Object.keys(n.reasons).length
                ? html`: ${Object.entries(n.reasons)
                    .sort((a, b) => b[1] - a[1])
                    .map(([k, v]) => `${reasons[k] ?? k} (${v})`)
                    .join(", ")}`
                : ""
            }`;
      return html`<li class="need">${what} – <strong>${n.count}</strong> ${t.times}${n.handledOn ? t.sinceHandled(n.handledOn) : ""}.
        <form method="post" action="/staff/content/needs" class="inline">${csrfField(c)}<input type="hidden" name="kind" value="${n.kind}" /><input type="hidden" name="key" value="${n.key}" /><button class="secondary">${t.markHandled}<span class="visually-hidden">: ${n.kind === "search-miss" ? rest.join(":") : (names.get(n.key) ?? n.key)}</span></button></form></li>`;
    };
    const misses = needs.filter((n) => n.kind === "search-miss");
    const pages = needs.filter((n) => n.kind === "page-feedback");
    return page(
      c,
      t.needsTitle,
      html`${handled ? html`<p class="notice" role="status">${t.handledNotice}</p>` : ""}
        <p class="meta">${t.needsLead(MIN_REPORTED_COUNT)}</p>
        <section aria-labelledby="needs-misses"><h2 id="needs-misses">${t.misses}</h2>
          ${misses.length ? html`<ul>${misses.map(item)}</ul>` : html`<p>${t.noneNow}</p>`}</section>
        <section aria-labelledby="needs-pages"><h2 id="needs-pages">${t.pagesNotHelped}</h2>
          ${pages.length ? html`<ul>${pages.map(item)}</ul>` : html`<p>${t.noneNow}</p>`}</section>`,
    );
  });

  router.post("/staff/content/needs", "knowledge.handle", async (c) => {
    const b = await formBody(c);
    const kind = str(b.kind);
    const key = str(b.key) ?? "";
    try {
      if (kind !== "search-miss" && kind !== "page-feedback")
        throw new ServiceError(400, "Unknown kind of knowledge need.", [
          { path: "kind", message: "not a kind of knowledge need", code: "invalid_value" },
        ]);
      await signals.markHandled(db, principalOf(c), kind, key);
    } catch (e) {
      return fail(c, e, "/staff/content/needs");
    }
    return c.redirect("/staff/content/needs?klart=1", 303);
  });

  const preview = (
    c: StaffContext,
    values: { id?: string | undefined; lang?: string | undefined; source?: string | undefined },
    issues: { path: string; message: string }[],
    result?: ReturnType<typeof previewPage>,
  ) => {
    const t = EDITOR(langOf(c));
    const errorOf = (f: string) => issues.filter((i) => i.path === f).map((i) => i.message);
    const error = (f: string) =>
      errorOf(f).length
        ? html`<div class="field-error" id="${f}-error">${errorOf(f).map((m) => html`<p>${m}</p>`)}</div>`
        : "";
    const invalid = (f: string) =>
      errorOf(f).length ? html` aria-invalid="true" aria-describedby="${f}-error"` : "";
    const rendered = result?.ok
      ? html`<section aria-labelledby="preview-title" class="preview"><h2 id="preview-title">${t.previewed}</h2>
          <p class="notice" role="status">${t.previewOk(result.page.verify.length, result.page.review.status, result.page.review.lastReviewed ?? "")}</p>
          <article class="preview-page" lang="${result.page.lang}"><p class="meta">${result.page.url}</p><h3>${result.page.title}</h3><p><em>${result.page.summary}</em></p>${raw(result.page.html.replace(/<(\/?)h([2-5])/g, (_m, slash, n) => `<${slash}h${Number(n) + 1}`))}</article></section>`
      : "";
    return page(
      c,
      t.previewTitle,
      html`<p class="meta">${t.previewLead}</p>
        ${issues.length ? html`<div class="error" role="alert"><p>${t.fix}</p><ul>${issues.map((i) => html`<li><a href="#${i.path}">${i.message}</a></li>`)}</ul></div>` : ""}
        <form method="post" action="/staff/content/preview" novalidate>${csrfField(c)}
          <div class="field"><label for="id">${t.page}</label>${error("id")}<select id="id" name="id"${invalid("id")}><option value="">${t.choosePage}</option>${PAGE_IDS.map((id) => html`<option value="${id}"${id === values.id ? html` selected` : ""}>${id}</option>`)}</select></div>
          <div class="field"><label for="lang">${t.language}</label>${error("lang")}<select id="lang" name="lang"${invalid("lang")}>${LANGS.map((l) => html`<option value="${l}"${l === values.lang ? html` selected` : ""}>${l === "sv" ? t.swedish : t.english}</option>`)}</select></div>
          <div class="field"><label for="source">${t.source}</label>${error("source")}<textarea id="source" name="source" rows="20" cols="80" spellcheck="true"${invalid("source")}>${values.source ?? ""}</textarea></div>
          <p><button>${t.preview}</button></p>
        </form>${rendered}`,
      issues.length ? 400 : 200,
    );
  };

  router.get("/staff/content/preview", "content.review", (c) => {
    const id = c.req.query("id");
    const lang = c.req.query("lang") ?? "sv";
    const known =
      (PAGE_IDS as readonly string[]).includes(id ?? "") && (LANGS as readonly string[]).includes(lang);
    const source = known ? readFileSync(join(CONTENT_DIR, "manual", lang, `${id}.md`), "utf8") : "";
    return preview(c, { id: known ? id : undefined, lang, source }, []);
  });

  router.post("/staff/content/preview", "content.review", async (c) => {
    const b = await formBody(c);
    const values = { id: str(b.id), lang: str(b.lang), source: str(b.source) };
    const parsed = previewForm.safeParse(values);
    if (!parsed.success) {
      const words = EDITOR(langOf(c)) as Record<string, unknown>;
      return preview(
        c,
        values,
        parsed.error.issues.map((i) => ({
          path: String(i.path[0]),
          message:
            typeof words[i.message] === "string"
              ? (words[i.message] as string)
              : (words.sourceMissing as string),
        })),
      );
    }
    const result = previewPage(parsed.data.source, parsed.data.id as PageId, parsed.data.lang as Lang);
    if (!result.ok)
      return preview(
        c,
        values,
        result.issues.map((message) => ({ path: "source", message })),
      );
    return preview(c, values, [], result);
  });
}
