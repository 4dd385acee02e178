/**
 * The shelter's pages: the placements referred to its own shelter, and one placement with the
 * answers that fit its status (accept or decline; confirm the arrival; ask for an extension;
 * record the exit). Each form keeps what was typed and shows its errors next to the fields.
 */
import { loadRegions } from "@stodkedjan/content";
import {
  NSP_DECLINE_REASONS,
  NSP_EXIT_DESTINATIONS,
  NSP_EXTENSION_REASONS,
  NSP_FLAT_RATE_DAYS,
  type NspPlacementReferral,
  swedishToday,
} from "@stodkedjan/domain";
import { html } from "hono/html";
import type { PlacementView } from "../placements/service.ts";
import type { ShelterAnswer } from "../referrals/service.ts";
import { defineText, type Lang } from "./i18n.ts";
import { csrfField, type StaffContext, scrollable } from "./layout.ts";

const REGIONS = new Map(loadRegions().map((r) => [r.id, { sv: r.sv.name, en: r.en.name }]));
export const regionName = (id: string, lang: Lang) => REGIONS.get(id)?.[lang] ?? id;

/** The coded values a shelter sees and chooses, in both languages. */
export const PLACEMENT_CODES = {
  status: {
    requested: { sv: "Att besvara", en: "To answer" },
    accepted: { sv: "Accepterad, väntar på ankomst", en: "Accepted, awaiting arrival" },
    placed: { sv: "Bor på boendet", en: "Staying" },
    "extension-requested": { sv: "Förlängning begärd", en: "Extension requested" },
    extended: { sv: "Förlängd", en: "Extended" },
    declined: { sv: "Nekad", en: "Declined" },
    cancelled: { sv: "Återkallad av koordinatorn", en: "Withdrawn by the coordinator" },
    exited: { sv: "Utslussad", en: "Moved on" },
  },
  ageGroup: { child: { sv: "Barn", en: "Child" }, adult: { sv: "Vuxen", en: "Adult" } },
  needs: {
    interpreter: { sv: "Tolk", en: "Interpreter" },
    "accompanying-children": { sv: "Medföljande barn", en: "Accompanying children" },
    accessibility: { sv: "Tillgänglighet (funktionsnedsättning)", en: "Accessibility (disability)" },
    "health-care": { sv: "Vård och läkemedel", en: "Health care and medication" },
    "trauma-support": { sv: "Traumastöd", en: "Trauma support" },
    "high-security": { sv: "Hög skyddsnivå", en: "High level of protection" },
  },
  declineReason: {
    full: { sv: "Ingen ledig plats", en: "No free place" },
    group: {
      sv: "Boendet tar inte emot personens grupp",
      en: "The shelter does not take the person's group",
    },
    form: {
      sv: "Boendet tar inte emot den formen av exploatering",
      en: "The shelter does not take this form of exploitation",
    },
    needs: { sv: "Boendet kan inte möta personens behov", en: "The shelter cannot meet the person's needs" },
    safety: { sv: "Säkerhetsskäl", en: "Safety reasons" },
    other: {
      sv: "Annat skäl (boendet kontaktar koordinatorn)",
      en: "Other reason (the shelter calls the coordinator)",
    },
  },
  exitTo: {
    "own-housing": { sv: "Egen bostad", en: "Own housing" },
    "social-services-housing": { sv: "Boende genom socialtjänsten", en: "Housing through social services" },
    "other-shelter": { sv: "Annat skyddat boende", en: "Another shelter" },
    "family-or-friends": { sv: "Familj eller vänner", en: "Family or friends" },
    care: { sv: "Vård eller behandling", en: "Care or treatment" },
    "return-home": { sv: "Återvände till hemlandet", en: "Returned to the home country" },
    left: { sv: "Lämnade boendet utan att meddela", en: "Left without notice" },
    unknown: { sv: "Okänt", en: "Unknown" },
  },
  extensionReason: {
    "awaiting-housing": { sv: "Väntar på boende efter utslussning", en: "Awaiting housing after the stay" },
    "awaiting-decision": {
      sv: "Väntar på beslut (t.ex. uppehållstillstånd)",
      en: "Awaiting a decision (e.g. residence permit)",
    },
    "criminal-proceedings": { sv: "Pågående rättsprocess", en: "Ongoing criminal proceedings" },
    health: { sv: "Hälsa", en: "Health" },
    safety: { sv: "Säkerhet", en: "Safety" },
    "return-planned": { sv: "Återvändande planeras", en: "Return being planned" },
    other: { sv: "Annat (boendet kontaktar koordinatorn)", en: "Other (the shelter calls the coordinator)" },
  },
} as const;

type Codes = typeof PLACEMENT_CODES;
/** A coded value in the language; the code itself only for a value no list knows. */
export function code<K extends keyof Codes>(kind: K, value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return "–";
  return (PLACEMENT_CODES[kind] as Record<string, { sv: string; en: string }>)[value]?.[lang] ?? value;
}

const TEXT = defineText({
  listTitle: { sv: "Placeringar hos ert boende", en: "Placements at your shelter" },
  listIntro: {
    sv: "Ni ser bara placeringar som hänvisats till ert boende och bara det ni behöver för att ta emot personen: pseudonym, åldersgrupp, behov, datum och dagar. Inga namn eller ärendeuppgifter.",
    en: "You see only placements referred to your shelter, and only what you need to receive the person: pseudonym, age group, needs, dates and days. No names and no case details.",
  },
  toAnswer: { sv: "Att besvara", en: "To answer" },
  toArrive: { sv: "Ankomst att bekräfta", en: "Arrivals to confirm" },
  staying: { sv: "Bor hos er nu", en: "Staying with you now" },
  ended: { sv: "Avslutade och nekade", en: "Ended and declined" },
  none: { sv: "Inga.", en: "None." },
  person: { sv: "Person", en: "Person" },
  ageGroup: { sv: "Åldersgrupp", en: "Age group" },
  needs: { sv: "Behov", en: "Needs" },
  region: { sv: "Hänvisad från region", en: "Referred from region" },
  status: { sv: "Läge", en: "Status" },
  dates: { sv: "Datum", en: "Dates" },
  days: { sv: "Dagar", en: "Days" },
  noNeeds: { sv: "Inga särskilda", en: "None recorded" },
  dayCount: {
    sv: (n: number) => `dag ${n} av ${NSP_FLAT_RATE_DAYS}`,
    en: (n: number) => `day ${n} of ${NSP_FLAT_RATE_DAYS}`,
  },
  referred: { sv: (d: string) => `Hänvisad ${d}`, en: (d: string) => `Referred ${d}` },
  startOn: { sv: (d: string) => `ankomst ${d}`, en: (d: string) => `arrival ${d}` },
  endOn: { sv: (d: string) => `utslussad ${d}`, en: (d: string) => `moved on ${d}` },
  placementTitle: { sv: (p: string) => `Placering: ${p}`, en: (p: string) => `Placement: ${p}` },
  back: { sv: "Tillbaka till placeringarna", en: "Back to the placements" },
  saved: {
    sv: "Svaret är sparat och syns för koordinatorn.",
    en: "Your answer is saved; the coordinator sees it.",
  },
  errors: { sv: "Svaret sparades inte. Rätta följande:", en: "The answer was not saved. Please correct:" },
  facts: { sv: "Uppgifter", en: "Details" },
  flatRate: {
    sv: (used: number, left: number) =>
      `Dag ${used} av ${NSP_FLAT_RATE_DAYS} med schablonersättning (${left} dagar kvar)`,
    en: (used: number, left: number) =>
      `Day ${used} of ${NSP_FLAT_RATE_DAYS} with the flat rate (${left} days left)`,
  },
  answeredOn: { sv: "Besvarad", en: "Answered" },
  start: { sv: "Ankomst (dag 1)", en: "Arrival (day 1)" },
  end: { sv: "Utslussning", en: "Moved on" },
  declineReason: { sv: "Skäl att neka", en: "Reason for declining" },
  exitTo: { sv: "Vart personen flyttade", en: "Where the person went" },
  extension: { sv: "Förlängning", en: "Extension" },
  extensionPending: {
    sv: (d: string, r: string) => `Begärd ${d} (${r}); koordinatorn beslutar.`,
    en: (d: string, r: string) => `Requested ${d} (${r}); the coordinator decides.`,
  },
  extensionGranted: {
    sv: (d: string, r: string) =>
      `Beviljad ${d} (${r}). Schablonersättningen täcker fortfarande 90 dagar; dagarna därefter betalas på annat sätt.`,
    en: (d: string, r: string) =>
      `Granted ${d} (${r}). The flat rate still covers 90 days; the days after are paid otherwise.`,
  },
  extensionRefused: {
    sv: (d: string, r: string) => `Avslagen ${d} (${r}).`,
    en: (d: string, r: string) => `Refused ${d} (${r}).`,
  },
  acceptH: { sv: "Acceptera", en: "Accept" },
  acceptStart: { sv: "Ankomstdag", en: "Day of arrival" },
  acceptButton: { sv: "Acceptera placeringen", en: "Accept the placement" },
  declineH: { sv: "Neka", en: "Decline" },
  declineButton: { sv: "Neka placeringen", en: "Decline the placement" },
  choose: { sv: "Välj", en: "Choose" },
  arrivalH: { sv: "Bekräfta ankomst", en: "Confirm the arrival" },
  arrivedOn: { sv: "Ankomstdag (dag 1 av vistelsen)", en: "Day of arrival (day 1 of the stay)" },
  arrivalButton: { sv: "Bekräfta ankomsten", en: "Confirm the arrival" },
  extensionH: { sv: "Begär förlängning efter 90 dagar", en: "Ask for an extension beyond 90 days" },
  extensionHint: {
    sv: "Koordinatorn beslutar. Skriv inga namn eller detaljer om personen; ring koordinatorn om mer behöver sägas.",
    en: "The coordinator decides. Write no names or details about the person; call the coordinator if more needs saying.",
  },
  extensionReason: { sv: "Skäl", en: "Reason" },
  extensionButton: { sv: "Begär förlängning", en: "Ask for an extension" },
  exitH: { sv: "Registrera utslussning", en: "Record the move-on" },
  exitEnd: { sv: "Sista dagen på boendet", en: "Last day at the shelter" },
  exitButton: { sv: "Registrera utslussningen", en: "Record the move-on" },
  nothing: {
    sv: "Placeringen är avslutad; inget mer att göra.",
    en: "The placement has ended; nothing more to do.",
  },
});

/** Messages for the rules' problem codes and the schema's fields, by language. */
const MESSAGES = defineText({
  "date-past": {
    sv: "Ankomstdagen kan inte ligga bakåt i tiden.",
    en: "The day of arrival cannot be in the past.",
  },
  "date-future": { sv: "Datumet kan inte ligga i framtiden.", en: "The date cannot be in the future." },
  "date-order-arrivedOn": {
    sv: "Ankomsten kan inte ligga före hänvisningen.",
    en: "The arrival cannot be before the referral.",
  },
  "date-order-end": {
    sv: "Utslussningen kan inte ligga före ankomsten.",
    en: "The move-on cannot be before the arrival.",
  },
  date: { sv: "Ange ett datum (åååå-mm-dd).", en: "Enter a date (yyyy-mm-dd)." },
  reason: { sv: "Välj ett skäl i listan.", en: "Choose a reason from the list." },
  exitTo: { sv: "Välj vart personen flyttade.", en: "Choose where the person went." },
});

export interface AnswerForm {
  action: string;
  values: Record<string, string>;
  issues: { path: string; message: string }[];
}

const DATE_FIELDS = new Set(["start", "arrivedOn", "end"]);
function messageFor(issue: { path: string; message: string }, lang: Lang): string {
  const m = MESSAGES(lang);
  if (issue.message === "date-past") return m["date-past"];
  if (issue.message === "date-future") return m["date-future"];
  if (issue.message === "date-order")
    return issue.path === "end" ? m["date-order-end"] : m["date-order-arrivedOn"];
  if (DATE_FIELDS.has(issue.path)) return m.date;
  if (issue.path === "exitTo") return m.exitTo;
  return m.reason;
}

const dayCount = (p: PlacementView, lang: Lang) =>
  p.daysUsed === null ? "–" : TEXT(lang).dayCount(p.daysUsed);

function table(lang: Lang, title: string, rows: PlacementView[]) {
  const t = TEXT(lang);
  if (!rows.length) return html`<h2>${title} (0)</h2><p>${t.none}</p>`;
  return html`<h2>${title} (${rows.length})</h2>
    ${scrollable(
      title,
      html`<table class="stack"><thead><tr><th scope="col">${t.person}</th><th scope="col">${t.ageGroup}</th><th scope="col">${t.needs}</th><th scope="col">${t.status}</th><th scope="col">${t.dates}</th><th scope="col">${t.days}</th><th scope="col">${t.region}</th></tr></thead><tbody>${rows.map(
        (p) =>
          html`<tr${p.deadlines.some((d) => d.state === "overdue") ? html` class="overdue"` : ""}><th scope="row" data-label="${t.person}"><a href="/staff/placements/${p.id}">${p.pseudonym}</a></th><td data-label="${t.ageGroup}">${code("ageGroup", p.ageGroup, lang)}</td><td data-label="${t.needs}">${p.needs.length ? p.needs.map((n) => code("needs", n, lang)).join(", ") : t.noNeeds}</td><td data-label="${t.status}">${code("status", p.status, lang)}</td><td data-label="${t.dates}">${[p.referredOn ? t.referred(p.referredOn) : "", p.start ? t.startOn(p.start) : "", p.end ? t.endOn(p.end) : ""].filter(Boolean).join(", ")}</td><td data-label="${t.days}">${dayCount(p, lang)}</td><td data-label="${t.region}">${regionName(p.regionId, lang)}</td></tr>`,
      )}</tbody></table>`,
    )}`;
}

export function placementsTitle(lang: Lang) {
  return TEXT(lang).listTitle;
}

/** The shelter's list: what to answer, arrivals to confirm, who is staying, and what has ended. */
export function placementsView(lang: Lang, list: PlacementView[]) {
  const t = TEXT(lang);
  return html`<p class="meta">${t.listIntro}</p>
    ${table(
      lang,
      t.toAnswer,
      list.filter((p) => p.action === "answer"),
    )}
    ${table(
      lang,
      t.toArrive,
      list.filter((p) => p.action === "arrival"),
    )}
    ${table(
      lang,
      t.staying,
      list.filter((p) => p.action === "stay"),
    )}
    ${table(
      lang,
      t.ended,
      list.filter((p) => p.action === null),
    )}`;
}

export function placementTitle(lang: Lang, p: PlacementView) {
  return TEXT(lang).placementTitle(p.pseudonym);
}

/** One placement with the answers that fit it; `form` brings back a refused answer with its errors. */
export function placementView(
  c: StaffContext,
  lang: Lang,
  p: PlacementView,
  saved: boolean,
  form?: AnswerForm,
) {
  const t = TEXT(lang);
  const today = swedishToday();
  const issuesOf = (action: string, field: string) =>
    form?.action === action
      ? form.issues.filter((i) => i.path === field || (field === "reason" && i.path === ""))
      : [];
  const typed = (action: string, field: string, fallback = "") =>
    form?.action === action ? (form.values[field] ?? fallback) : fallback;
  const id = (action: string, field: string) => `${action}-${field}`;
  const error = (action: string, field: string) => {
    const issues = issuesOf(action, field);
    return issues.length
      ? html`<p class="field-error" id="${id(action, field)}-error">${[...new Set(issues.map((i) => messageFor(i, lang)))].join(" ")}</p>`
      : "";
  };
  const invalid = (action: string, field: string) =>
    issuesOf(action, field).length
      ? html` aria-invalid="true" aria-describedby="${id(action, field)}-error"`
      : "";
  const dateField = (
    action: string,
    field: string,
    text: string,
    attrs: { min?: string; max?: string },
    fallback = "",
  ) =>
    html`<div class="field"><label for="${id(action, field)}">${text}</label>${error(action, field)}<input id="${id(action, field)}" name="${field}" type="date" required${attrs.min ? html` min="${attrs.min}"` : ""}${attrs.max ? html` max="${attrs.max}"` : ""} value="${typed(action, field, fallback)}"${invalid(action, field)} /></div>`;
  const select = (
    action: string,
    field: string,
    text: string,
    kind: keyof Codes,
    values: readonly string[],
  ) =>
    html`<div class="field"><label for="${id(action, field)}">${text}</label>${error(action, field)}<select id="${id(action, field)}" name="${field}" required${invalid(action, field)}><option value="">${t.choose}</option>${values.map(
      (v) =>
        html`<option value="${v}"${typed(action, field) === v ? html` selected` : ""}>${code(kind, v, lang)}</option>`,
    )}</select></div>`;
  const answerForm = (action: string, heading: string, inner: unknown, button: string, hint?: string) =>
    html`<section class="card" aria-labelledby="${action}-h"><h2 id="${action}-h">${heading}</h2>${hint ? html`<p class="meta">${hint}</p>` : ""}
      <form method="post" action="/staff/placements/${p.id}/${action}" novalidate>${csrfField(c)}<input type="hidden" name="seen" value="${p.status}" />${inner}<p><button>${button}</button></p></form></section>`;
  const decline = answerForm(
    "decline",
    t.declineH,
    select("decline", "reason", t.declineReason, "declineReason", NSP_DECLINE_REASONS),
    t.declineButton,
  );
  const exit = answerForm(
    "exit",
    t.exitH,
    html`${dateField("exit", "end", t.exitEnd, { ...(p.start ? { min: p.start } : {}), max: today }, today)}${select("exit", "exitTo", t.exitTo, "exitTo", NSP_EXIT_DESTINATIONS)}`,
    t.exitButton,
  );
  const forms =
    p.status === "requested"
      ? html`<div class="grid">${answerForm("accept", t.acceptH, dateField("accept", "start", t.acceptStart, { min: today }, today), t.acceptButton)}${decline}</div>`
      : p.status === "accepted"
        ? html`<div class="grid">${answerForm("arrival", t.arrivalH, dateField("arrival", "arrivedOn", t.arrivedOn, { max: today, ...(p.referredOn ? { min: p.referredOn } : {}) }, today), t.arrivalButton)}${decline}</div>`
        : p.status === "placed"
          ? html`<div class="grid">${answerForm("extension", t.extensionH, select("extension", "reason", t.extensionReason, "extensionReason", NSP_EXTENSION_REASONS), t.extensionButton, t.extensionHint)}${exit}</div>`
          : p.status === "extension-requested" || p.status === "extended"
            ? exit
            : html`<p>${t.nothing}</p>`;
  const ext = p.extensionRequest;
  const extReason = ext ? code("extensionReason", ext.reason, lang) : "";
  const summary = form
    ? html`<div class="error" role="alert"><p>${t.errors}</p><ul>${form.issues.map((i) => html`<li><a href="#${id(form.action, i.path || "reason")}">${messageFor(i, lang)}</a></li>`)}</ul></div>`
    : "";
  return html`<p><a href="/staff/placements">${t.back}</a></p>
    ${saved ? html`<p class="notice" role="status">${t.saved}</p>` : ""}${summary}
    <section aria-labelledby="facts-h"><h2 id="facts-h">${t.facts}</h2>
      <dl class="fields">
        <dt>${t.status}</dt><dd><span class="badge">${code("status", p.status, lang)}</span></dd>
        <dt>${t.ageGroup}</dt><dd>${code("ageGroup", p.ageGroup, lang)}</dd>
        <dt>${t.needs}</dt><dd>${p.needs.length ? p.needs.map((n) => code("needs", n, lang)).join(", ") : t.noNeeds}</dd>
        <dt>${t.region}</dt><dd>${regionName(p.regionId, lang)}</dd>
        <dt>${t.dates}</dt><dd>${p.referredOn ? t.referred(p.referredOn) : "–"}${p.answeredOn ? html`; ${t.answeredOn.toLowerCase()} ${p.answeredOn}` : ""}</dd>
        <dt>${t.start}</dt><dd>${p.start ?? "–"}</dd>
        ${p.end ? html`<dt>${t.end}</dt><dd>${p.end}${p.exitTo ? ` (${code("exitTo", p.exitTo, lang)})` : ""}</dd>` : ""}
        ${p.declineReason ? html`<dt>${t.declineReason}</dt><dd>${code("declineReason", p.declineReason, lang)}</dd>` : ""}
        <dt>${t.days}</dt><dd data-days>${p.daysUsed === null || p.flatRateDaysLeft === null ? "–" : t.flatRate(p.daysUsed, p.flatRateDaysLeft)}</dd>
        ${
          ext
            ? html`<dt>${t.extension}</dt><dd>${
                ext.decision === "granted"
                  ? t.extensionGranted(ext.decidedOn ?? "", extReason)
                  : ext.decision === "refused"
                    ? t.extensionRefused(ext.decidedOn ?? "", extReason)
                    : t.extensionPending(ext.requestedOn, extReason)
              }</dd>`
            : ""
        }
      </dl>
    </section>
    ${forms}`;
}

const CASE_TEXT = defineText({
  answers: { sv: "Boendets svar", en: "The shelter's answers" },
  needs: { sv: "Behov som boendet ser", en: "Needs the shelter sees" },
  needsLegend: {
    sv: "Behov som boendet ska känna till (boendet ser bara dessa, inga ärendeuppgifter)",
    en: "Needs the shelter must know of (the shelter sees only these, no case details)",
  },
  referred: { sv: (d: string) => `Hänvisad ${d}`, en: (d: string) => `Referred ${d}` },
  waiting: {
    sv: "Boendet har inte svarat ännu.",
    en: "The shelter has not answered yet.",
  },
  accepted: {
    sv: (on: string, start: string) => `Accepterad ${on}, ankomst ${start}.`,
    en: (on: string, start: string) => `Accepted ${on}, arrival ${start}.`,
  },
  declined: {
    sv: (on: string, reason: string) => `Nekad ${on}: ${reason}.`,
    en: (on: string, reason: string) => `Declined ${on}: ${reason}.`,
  },
  arrived: { sv: (d: string) => `Ankom ${d} (dag 1).`, en: (d: string) => `Arrived ${d} (day 1).` },
  exited: {
    sv: (d: string, to: string) => `Utslussad ${d}, till: ${to}.`,
    en: (d: string, to: string) => `Moved on ${d}, to: ${to}.`,
  },
  extensionAsked: {
    sv: (d: string, r: string) => `Boendet begär förlängning efter 90 dagar (${d}): ${r}.`,
    en: (d: string, r: string) => `The shelter asks for an extension beyond 90 days (${d}): ${r}.`,
  },
  extensionGranted: {
    sv: (d: string) => `Förlängning beviljad ${d}.`,
    en: (d: string) => `Extension granted ${d}.`,
  },
  extensionRefused: {
    sv: (d: string) => `Förlängning avslagen ${d}.`,
    en: (d: string) => `Extension refused ${d}.`,
  },
  decide: { sv: "Beslut om förlängning", en: "Decision on the extension" },
  grant: { sv: "Bevilja förlängningen", en: "Grant the extension" },
  refuse: { sv: "Avslå förlängningen", en: "Refuse the extension" },
  decideHint: {
    sv: "Schablonersättningen täcker högst 90 dagar; en förlängning betalas på annat sätt (oftast av socialtjänsten).",
    en: "The flat rate covers at most 90 days; an extension is paid otherwise (usually by the social services).",
  },
});

/** The shelter's answers on the coordinator's referral card, and the decision on an extension. */
export function placementAnswersBlock(
  c: StaffContext,
  lang: Lang,
  caseId: string,
  rid: string,
  p: {
    status: string;
    start: string | null;
    end: string | null;
    needs?: readonly string[];
    referredOn?: string | null;
    answeredOn?: string | null;
    declineReason?: string | null;
    exitTo?: string | null;
    extensionRequest?: {
      reason: string;
      requestedOn: string;
      decision: string | null;
      decidedOn: string | null;
    } | null;
  },
) {
  const t = CASE_TEXT(lang);
  const lines: unknown[] = [];
  if (p.referredOn) lines.push(t.referred(p.referredOn));
  if (p.status === "requested") lines.push(t.waiting);
  if (p.answeredOn && p.status === "declined")
    lines.push(t.declined(p.answeredOn, code("declineReason", p.declineReason, lang)));
  else if (p.answeredOn && p.start && p.status === "accepted") lines.push(t.accepted(p.answeredOn, p.start));
  if (p.start && p.status !== "accepted" && p.status !== "requested" && p.status !== "declined")
    lines.push(t.arrived(p.start));
  if (p.end && p.status === "exited") lines.push(t.exited(p.end, code("exitTo", p.exitTo, lang)));
  const ext = p.extensionRequest;
  if (ext) {
    lines.push(t.extensionAsked(ext.requestedOn, code("extensionReason", ext.reason, lang)));
    if (ext.decision === "granted" && ext.decidedOn) lines.push(t.extensionGranted(ext.decidedOn));
    if (ext.decision === "refused" && ext.decidedOn) lines.push(t.extensionRefused(ext.decidedOn));
  }
  const decide =
    p.status === "extension-requested"
      ? html`<form method="post" action="/staff/cases/${caseId}/referrals/${rid}/extension" aria-labelledby="decide-${rid}">${csrfField(c)}
          <h4 id="decide-${rid}">${t.decide}</h4><p class="meta">${t.decideHint}</p>
          <p><button name="grant" value="1">${t.grant}</button> <button name="grant" value="0" class="secondary">${t.refuse}</button></p></form>`
      : "";
  return html`<h3>${t.answers}</h3>
    <ul data-answers>${lines.map((l) => html`<li>${l}</li>`)}</ul>
    ${p.needs?.length ? html`<p>${t.needs}: ${p.needs.map((n) => code("needs", n, lang)).join(", ")}</p>` : ""}
    ${decide}`;
}

/** The needs checkboxes of the coordinator's NSP referral form. */
export function needsFieldset(lang: Lang) {
  const t = CASE_TEXT(lang);
  return html`<fieldset><legend>${t.needsLegend}</legend>${Object.keys(PLACEMENT_CODES.needs).map(
    (n) =>
      html`<label class="check"><input type="checkbox" name="needs" value="${n}" /> ${code("needs", n, lang)}</label>`,
  )}</fieldset>`;
}

const ANSWERS_TEXT = defineText({
  title: { sv: "Svar från skyddade boenden (två veckor)", en: "Answers from shelters (two weeks)" },
  none: { sv: "Inga svar de senaste två veckorna.", en: "No answers in the last two weeks." },
  caseH: { sv: "Ärende", en: "Case" },
  shelterH: { sv: "Boende", en: "Shelter" },
  answerH: { sv: "Svar", en: "Answer" },
  whenH: { sv: "När", en: "When" },
});

/** The deadlines view's list of the shelters' answers, each linked to the case's referrals. */
export function shelterAnswersSection(lang: Lang, answers: ShelterAnswer[]) {
  const t = ANSWERS_TEXT(lang);
  const what = (a: ShelterAnswer) => {
    const p = a.placement as NspPlacementReferral;
    const detail =
      a.to === "declined"
        ? code("declineReason", p.declineReason, lang)
        : a.to === "accepted"
          ? (p.start ?? "")
          : a.to === "exited"
            ? code("exitTo", p.exitTo, lang)
            : a.to === "extension-requested"
              ? code("extensionReason", p.extensionRequest?.reason, lang)
              : "";
    return `${code("status", a.to, lang)}${detail ? `: ${detail}` : ""}`;
  };
  return html`<h2 id="shelter-answers">${t.title}</h2>
    ${
      answers.length
        ? scrollable(
            t.title,
            html`<table class="stack"><thead><tr><th scope="col">${t.caseH}</th><th scope="col">${t.shelterH}</th><th scope="col">${t.answerH}</th><th scope="col">${t.whenH}</th></tr></thead><tbody>${answers.map(
              (a) =>
                html`<tr><td data-label="${t.caseH}"><a href="/staff/cases/${a.caseId}/referrals">${a.ref}</a></td><td data-label="${t.shelterH}">${a.shelter ?? "–"}</td><td data-label="${t.answerH}">${what(a)}</td><td data-label="${t.whenH}">${swedishToday(a.at)}</td></tr>`,
            )}</tbody></table>`,
          )
        : html`<p>${t.none}</p>`
    }`;
}
