/**
 * ÅMP pages on both sides (ADR 0028): IOM's list and each application as IOM or the coordinator
 * sees it, with the forms that side may use. IOM decides (asks for more, approves with support
 * items, refuses, closes) and records claims and follow-up contacts; the coordinator sets the
 * return country and the child routine, submits and answers; both record phases, confirm a
 * child's guardian and receiving authority, and write messages. Forms post plain HTML; bad input
 * comes back on this page, filled in, through `staff/errors.ts`.
 */
import {
  AMP_FOLLOW_UP_KINDS,
  AMP_PHASE_LIST,
  AMP_SUPPORT_KINDS,
  ampClaimWindow,
  swedishToday,
} from "@stodkedjan/domain";
import { html } from "hono/html";
import { RETURN_COUNTRIES } from "../amp/schemas.ts";
import type { AmpApplicationView, AmpDetail, AmpQueueItem } from "../amp/service.ts";
import { defineText, type Lang } from "./i18n.ts";
import { label } from "./labels.ts";
import { csrfField, type StaffContext, scrollable } from "./layout.ts";
import { regionName } from "./placement-views.ts";

const TEXT = defineText({
  title: { sv: "Ansökningar till ÅMP", en: "ÅMP applications" },
  intro: {
    sv: "IOM ser inskickade ansökningar: pseudonym, region, status, fas och beviljat stöd. IOM beslutar; regionkoordinatorn förbereder, skickar in och svarar på frågor.",
    en: "IOM sees submitted applications: pseudonym, region, status, phase and granted support. IOM decides; the regional coordinator prepares, submits and answers questions.",
  },
  table: { sv: "Ansökningar", en: "Applications" },
  person: { sv: "Person", en: "Person" },
  region: { sv: "Region", en: "Region" },
  status: { sv: "Status", en: "Status" },
  window: { sv: "Tidsfönster", en: "Time window" },
  open: { sv: (p: string) => `Öppna ansökan för ${p}`, en: (p: string) => `Open the application for ${p}` },
  submitted: { sv: (d: string) => `Inskickad ${d}`, en: (d: string) => `Submitted ${d}` },
  notSubmitted: { sv: "Inte inskickad", en: "Not submitted" },
  claimsOpen: {
    sv: (d: string, n: number) => `Stöd kan begäras till ${d} (${n} dagar kvar)`,
    en: (d: string, n: number) => `Support can be claimed until ${d} (${n} days left)`,
  },
  claimsClosed: {
    sv: (d: string) => `Fönstret för att begära stöd stängde ${d}`,
    en: (d: string) => `The window to claim support closed on ${d}`,
  },
  waitingSince: { sv: "Inskickad", en: "Submitted" },
  dueBy: { sv: "Beslut senast", en: "Decision due" },
  overdueAgo: {
    sv: (n: number) => `försenat, ${n} ${n === 1 ? "dag" : "dagar"} sedan`,
    en: (n: number) => `overdue, ${n} ${n === 1 ? "day" : "days"} ago`,
  },
  dueToday: { sv: "i dag", en: "today" },
  dueIn: {
    sv: (n: number) => `om ${n} ${n === 1 ? "dag" : "dagar"}`,
    en: (n: number) => `in ${n} ${n === 1 ? "day" : "days"}`,
  },
  sinceSubmitted: { sv: (d: string) => `inskickad ${d}`, en: (d: string) => `submitted ${d}` },
  sinceAsked: { sv: (d: string) => `IOM frågade ${d}`, en: (d: string) => `IOM asked on ${d}` },
  detailTitle: { sv: (p: string) => `ÅMP-ansökan: ${p}`, en: (p: string) => `ÅMP application: ${p}` },
  saved: { sv: "Sparat.", en: "Saved." },
  backList: { sv: "Till ansökningarna", en: "To the applications" },
  backReferrals: { sv: "Till ärendets hänvisningar", en: "To the case's referrals" },
  summary: { sv: "Ansökan", en: "Application" },
  openLink: {
    sv: "Öppna ÅMP-ansökan: uppgifter, IOM:s beslut, stöd och saldo, utbetalningar, faser och meddelanden",
    en: "Open the ÅMP application: details, IOM's decision, support and balance, claims, phases and messages",
  },
  country: { sv: "Land för återvändandet", en: "Country of return" },
  noCountry: { sv: "Inte angivet", en: "Not given" },
  childReturn: { sv: "Ett barns återvändande", en: "A child's return" },
  yes: { sv: "Ja: särskild rutin", en: "Yes: special routine" },
  no: { sv: "Nej", en: "No" },
  approvedOn: { sv: "Beviljad", en: "Approved" },
  phase: { sv: "Fas", en: "Phase" },
  support: { sv: "Beviljat stöd och saldo", en: "Granted support and balance" },
  supportKind: { sv: "Stöd", en: "Support" },
  granted: { sv: "Beviljat", en: "Granted" },
  claimed: { sv: "Utbetalt", en: "Paid" },
  remaining: { sv: "Kvar", en: "Remaining" },
  noSupport: { sv: "Inget stöd beviljat än.", en: "No support granted yet." },
  windowLeft: {
    sv: (d: string, days: number, m: number, r: number) =>
      `Stöd kan betalas ut till och med ${d}: ${days} dagar kvar (${m} månader och ${r} dagar).`,
    en: (d: string, days: number, m: number, r: number) =>
      `Support can be paid until ${d} inclusive: ${days} days left (${m} months and ${r} days).`,
  },
  windowClosed: {
    sv: (d: string) => `Tiden för utbetalningar tog slut ${d} (två år efter beslutet).`,
    en: (d: string) => `The time for payments ended on ${d} (two years after the approval).`,
  },
  kr: { sv: (n: string) => `${n} kr`, en: (n: string) => `${n} kr` },
  claims: { sv: "Utbetalningar", en: "Claims paid" },
  noClaims: { sv: "Inga utbetalningar än.", en: "No claims paid yet." },
  day: { sv: "Datum", en: "Date" },
  amount: { sv: "Belopp (hela kronor)", en: "Amount (whole kronor)" },
  by: { sv: "Av", en: "By" },
  newClaim: { sv: "Registrera utbetalning", en: "Record a claim paid" },
  saveClaim: { sv: "Spara utbetalningen", en: "Save the claim" },
  phases: { sv: "Faser", en: "Phases" },
  phaseNotStarted: { sv: "Inte påbörjad", en: "Not started" },
  newPhase: { sv: "Registrera nästa fas", en: "Record the next phase" },
  phaseStart: { sv: "Fasen började", en: "The phase began" },
  savePhase: { sv: "Spara fasen", en: "Save the phase" },
  phaseAfterApproval: {
    sv: "Faserna registreras när IOM har beviljat ansökan.",
    en: "Phases are recorded once IOM has approved the application.",
  },
  childRoutine: { sv: "Barnets återvändande: särskild rutin", en: "The child's return: special routine" },
  childExplain: {
    sv: "Både koordinatorn och IOM bekräftar barnets vårdnadshavare och den mottagande myndigheten. Resan kan inte registreras förrän båda har bekräftat.",
    en: "Both the coordinator and IOM confirm the child's guardian and the receiving authority. The journey cannot be recorded until both have confirmed.",
  },
  confirmedBy: {
    sv: (side: string, d: string, by: string) => `${side}: bekräftat ${d}${by ? ` av ${by}` : ""}`,
    en: (side: string, d: string, by: string) => `${side}: confirmed on ${d}${by ? ` by ${by}` : ""}`,
  },
  notConfirmed: {
    sv: (side: string) => `${side}: inte bekräftat`,
    en: (side: string) => `${side}: not confirmed`,
  },
  confirmLegend: { sv: "Vi har bekräftat", en: "We have confirmed" },
  guardian: { sv: "barnets vårdnadshavare", en: "the child's guardian" },
  authority: { sv: "den mottagande myndigheten", en: "the receiving authority" },
  confirm: { sv: "Spara bekräftelsen", en: "Save the confirmation" },
  decision: { sv: "IOM:s beslut", en: "IOM's decision" },
  approve: { sv: "Bevilja med stöd", en: "Approve with support" },
  approveExplain: {
    sv: "Skriv beloppet vid varje stöd som beviljas; lämna övriga tomma. Stödet kan betalas ut i två år från beslutsdagen.",
    en: "Write the amount next to each support granted; leave the others empty. The support can be paid for two years from the day of approval.",
  },
  approveButton: { sv: "Bevilja ansökan", en: "Approve the application" },
  requestInfo: { sv: "Begär komplettering", en: "Ask for more information" },
  question: { sv: "Vad behöver IOM veta?", en: "What does IOM need to know?" },
  requestButton: { sv: "Skicka frågan", en: "Send the question" },
  refuse: { sv: "Avslå", en: "Refuse" },
  reason: { sv: "Skäl", en: "Reason" },
  refuseButton: { sv: "Avslå ansökan", en: "Refuse the application" },
  close: { sv: "Stäng ansökan", en: "Close the application" },
  closeButton: { sv: "Stäng ansökan", en: "Close the application" },
  details: { sv: "Ansökans uppgifter", en: "The application's details" },
  chooseCountry: { sv: "Välj land", en: "Choose a country" },
  childFixed: {
    sv: "Personen i ärendet är barn (under 18 år), så återvändandet följer den särskilda rutinen för barn. Markeringen kan inte tas bort så länge personen är barn.",
    en: "The person in the case is a child (under 18), so the return follows the special routine for children. The flag cannot be removed while the person is a child.",
  },
  childByPerson: {
    sv: "Ja: särskild rutin (personen är barn)",
    en: "Yes: special routine (the person is a child)",
  },
  childCheck: {
    sv: "Ett barn återvänder (särskild rutin)",
    en: "A child returns (special routine)",
  },
  saveDetails: { sv: "Spara uppgifterna", en: "Save the details" },
  submit: { sv: "Skicka in till IOM", en: "Submit to IOM" },
  resubmit: { sv: "Svara och skicka in igen", en: "Answer and submit again" },
  answer: { sv: "Svar på IOM:s fråga", en: "Answer to IOM's question" },
  submitExplain: {
    sv: "IOM bedömer ansökan och beslutar. Du får frågor och beslut här.",
    en: "IOM assesses the application and decides. Questions and the decision come here.",
  },
  messages: { sv: "Meddelanden", en: "Messages" },
  noMessages: { sv: "Inga meddelanden än.", en: "No messages yet." },
  newMessage: { sv: "Nytt meddelande", en: "New message" },
  messageBody: { sv: "Meddelande (krypteras)", en: "Message (encrypted)" },
  send: { sv: "Skicka meddelandet", en: "Send the message" },
  followUps: { sv: "Uppföljning efter hemkomst", en: "Follow-up after the return" },
  noFollowUps: { sv: "Inga uppföljningskontakter än.", en: "No follow-up contacts yet." },
  newFollowUp: { sv: "Ny uppföljningskontakt", en: "New follow-up contact" },
  followUpKind: { sv: "Typ av kontakt", en: "Kind of contact" },
  followUpBody: { sv: "Vad hände? (krypteras)", en: "What happened? (encrypted)" },
  saveFollowUp: { sv: "Spara kontakten", en: "Save the contact" },
});

/** An ÅMP application's time window in words: sent, or how long granted support can be claimed. */
export function ampClock(
  lang: Lang,
  r: { submittedOn?: string | null; approvedOn?: string | null },
  on = swedishToday(),
): string {
  const t = TEXT(lang);
  if (!r.approvedOn) return r.submittedOn ? t.submitted(r.submittedOn) : t.notSubmitted;
  const w = ampClaimWindow({ approvedOn: r.approvedOn }, on);
  return w.open ? t.claimsOpen(w.closesOn, w.daysLeft) : t.claimsClosed(w.closesOn);
}

export const ampTitle = (lang: Lang) => TEXT(lang).title;
/** The link from a case's referral card to its ÅMP application. */
export const ampOpenText = (lang: Lang) => TEXT(lang).openLink;

/** The applications as a table, each person linking to IOM's page for it. */
export function ampTable(lang: Lang, list: AmpApplicationView[], caption = TEXT(lang).table) {
  const t = TEXT(lang);
  return scrollable(
    caption,
    html`<table class="stack"><thead><tr><th scope="col">${t.person}</th><th scope="col">${t.region}</th><th scope="col">${t.status}</th><th scope="col">${t.window}</th></tr></thead><tbody>${list.map(
      (a) =>
        html`<tr><td data-label="${t.person}"><a href="/staff/amp/${a.id}" aria-label="${t.open(a.pseudonym)}">${a.pseudonym}</a></td><td data-label="${t.region}">${regionName(a.regionId, lang)}</td><td data-label="${t.status}">${label("referralStatus", a.application.status, lang)}</td><td data-label="${t.window}">${ampClock(lang, a.application)}</td></tr>`,
    )}</tbody></table>`,
  );
}

/** How far off a deadline is, in words: overdue N days ago, today, in N days. */
const dueWhen = (t: ReturnType<typeof TEXT>, daysLeft: number) =>
  daysLeft < 0 ? t.overdueAgo(-daysLeft) : daysLeft === 0 ? t.dueToday : t.dueIn(daysLeft);

/** IOM's queue: each application waiting for its decision, since when and by when, overdue marked. */
export function ampQueueTable(lang: Lang, list: AmpQueueItem[], caption: string) {
  const t = TEXT(lang);
  return scrollable(
    caption,
    html`<table class="stack"><thead><tr><th scope="col">${t.person}</th><th scope="col">${t.region}</th><th scope="col">${t.waitingSince}</th><th scope="col">${t.dueBy}</th></tr></thead><tbody>${list.map(
      (a) =>
        html`<tr class="${a.deadline.state}"><td data-label="${t.person}"><a href="/staff/amp/${a.id}" aria-label="${t.open(a.pseudonym)}">${a.pseudonym}</a></td><td data-label="${t.region}">${regionName(a.regionId, lang)}</td><td data-label="${t.waitingSince}"><time datetime="${a.application.submittedOn ?? ""}">${a.application.submittedOn ?? ""}</time></td><td data-label="${t.dueBy}"><time datetime="${a.deadline.due}">${a.deadline.due}</time> (${a.deadline.state === "overdue" ? html`<strong>${dueWhen(t, a.deadline.daysLeft)}</strong>` : dueWhen(t, a.deadline.daysLeft)})</td></tr>`,
    )}</tbody></table>`,
  );
}

/**
 * An ÅMP deadline on the coordinator's deadlines view and start page: what is due, linked to the
 * application, and since when (the submission, or the day IOM asked for more).
 */
export function ampDeadlineText(
  lang: Lang,
  d: { caseId: string; referralId?: string; code?: string; params?: Record<string, string | number> },
) {
  const t = TEXT(lang);
  const since = typeof d.params?.since === "string" ? d.params.since : null;
  const when =
    since === null ? "" : d.code === "amp-answer-pending" ? t.sinceAsked(since) : t.sinceSubmitted(since);
  const what = label("deadline", d.code ?? "", lang);
  return html`${d.referralId ? html`<a href="/staff/cases/${d.caseId}/amp/${d.referralId}">${what}</a>` : what}${when ? ` (${when})` : ""}`;
}

export function ampView(lang: Lang, list: AmpApplicationView[]) {
  return html`<p class="meta">${TEXT(lang).intro}</p>${ampTable(lang, list)}`;
}

export const countryName = (code: string | null | undefined, lang: Lang) =>
  code ? (new Intl.DisplayNames([lang], { type: "region" }).of(code) ?? code) : TEXT(lang).noCountry;

const sek = (n: number, lang: Lang) => TEXT(lang).kr(n.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB"));

export const ampDetailTitle = (lang: Lang, d: AmpDetail) => TEXT(lang).detailTitle(d.pseudonym);

/** Where an application's page and forms live: IOM's address, or through the coordinator's case. */
export const ampBase = (d: Pick<AmpDetail, "id" | "caseId">) =>
  d.caseId ? `/staff/cases/${d.caseId}/amp/${d.id}` : `/staff/amp/${d.id}`;

/** One application as its side sees it, with that side's forms. */
export function ampDetailView(c: StaffContext, lang: Lang, d: AmpDetail, saved = false) {
  const t = TEXT(lang);
  const a = d.application;
  const base = ampBase(d);
  const today = swedishToday();
  const iom = d.side === "iom";
  const form = (action: string, id: string, title: string, inner: unknown) =>
    html`<form method="post" action="${base}/${action}" aria-labelledby="${id}">${csrfField(c)}<h3 id="${id}">${title}</h3>${inner}</form>`;
  const textarea = (id: string, name: string, text: string) =>
    html`<label for="${id}">${text}</label><textarea id="${id}" name="${name}" required maxlength="4000"></textarea>`;
  const ended = ["refused", "withdrawn", "closed"].includes(a.status);
  const approved = a.status === "approved";
  const nextPhase = a.phase === null ? "pre-departure" : AMP_PHASE_LIST[AMP_PHASE_LIST.indexOf(a.phase) + 1];

  const summary = html`<section aria-labelledby="amp-summary"><h2 id="amp-summary">${t.summary}</h2>
    <dl id="amp-facts">
      <dt>${t.status}</dt><dd><span class="badge">${label("referralStatus", a.status, lang)}</span> ${ampClock(lang, a)}</dd>
      <dt>${t.region}</dt><dd>${regionName(d.regionId, lang)}</dd>
      <dt>${t.country}</dt><dd>${countryName(a.returnCountry, lang)}</dd>
      <dt>${t.childReturn}</dt><dd>${d.childFixed ? t.childByPerson : a.child ? t.yes : t.no}</dd>
      ${a.approvedOn ? html`<dt>${t.approvedOn}</dt><dd><time datetime="${a.approvedOn}">${a.approvedOn}</time></dd>` : ""}
      <dt>${t.phase}</dt><dd>${a.phase ? label("ampPhase", a.phase, lang) : t.phaseNotStarted}</dd>
    </dl></section>`;

  const details =
    !iom && ["prepared", "submitted", "info-requested"].includes(a.status)
      ? form(
          "details",
          "amp-details",
          t.details,
          html`<label for="amp-country">${t.country}</label><select id="amp-country" name="returnCountry"><option value="">${t.chooseCountry}</option>${RETURN_COUNTRIES.map(
            (code) => ({ code, name: countryName(code, lang) }),
          )
            .sort((x, y) => x.name.localeCompare(y.name, lang))
            .map(
              (o) =>
                html`<option value="${o.code}"${o.code === a.returnCountry ? html` selected` : ""}>${o.name}</option>`,
            )}</select>
          ${
            d.childFixed
              ? html`<input type="hidden" name="child" value="1" /><p id="amp-child-fixed"><strong>${t.childReturn}: ${t.childByPerson}.</strong> ${t.childFixed}</p>`
              : html`<label class="check"><input type="checkbox" name="child" value="1"${a.child ? html` checked` : ""} /> ${t.childCheck}</label>`
          }
          <p><button>${t.saveDetails}</button></p>`,
        )
      : "";
  const submit = d.moves.includes("submitted")
    ? form(
        "submit",
        "amp-submit",
        a.status === "info-requested" ? t.resubmit : t.submit,
        html`<p class="meta">${t.submitExplain}</p>${a.status === "info-requested" ? textarea("amp-answer", "answer", t.answer) : ""}<p><button>${a.status === "info-requested" ? t.resubmit : t.submit}</button></p>`,
      )
    : "";

  const decision = iom
    ? html`${
        d.moves.includes("info-requested")
          ? form(
              "decision",
              "amp-request",
              t.requestInfo,
              html`<input type="hidden" name="decision" value="request-info" />${textarea("amp-question", "message", t.question)}<p><button>${t.requestButton}</button></p>`,
            )
          : ""
      }${
        d.moves.includes("approved")
          ? form(
              "decision",
              "amp-approve",
              t.approve,
              html`<input type="hidden" name="decision" value="approve" /><p class="meta">${t.approveExplain}</p>
              <label for="amp-approved-on">${t.approvedOn}</label><input id="amp-approved-on" name="approvedOn" type="date" required max="${today}"${a.submittedOn ? html` min="${a.submittedOn}"` : ""} value="${today}" />
              <fieldset><legend>${t.supportKind}: ${t.amount}</legend>${AMP_SUPPORT_KINDS.map(
                (k) =>
                  html`<label for="amp-amount-${k}">${label("ampItem", k, lang)}</label><input id="amp-amount-${k}" name="amounts.${k}" inputmode="numeric" pattern="[0-9]*" />`,
              )}</fieldset>
              <p><button>${t.approveButton}</button></p>`,
            )
          : ""
      }${
        d.moves.includes("refused")
          ? form(
              "decision",
              "amp-refuse",
              t.refuse,
              html`<input type="hidden" name="decision" value="refuse" />${textarea("amp-refuse-reason", "reason", t.reason)}<p><button>${t.refuseButton}</button></p>`,
            )
          : ""
      }${
        d.moves.includes("closed")
          ? form(
              "decision",
              "amp-close",
              t.close,
              html`<input type="hidden" name="decision" value="close" />${textarea("amp-close-reason", "reason", t.reason)}<p><button>${t.closeButton}</button></p>`,
            )
          : ""
      }`
    : "";

  const w = d.window;
  const support = html`<section aria-labelledby="amp-support"><h2 id="amp-support">${t.support}</h2>
    ${
      w
        ? html`<p><strong>${w.open ? t.windowLeft(w.closesOn, w.daysLeft, w.months, w.days) : t.windowClosed(w.closesOn)}</strong></p>`
        : ""
    }
    ${
      d.balances.length
        ? scrollable(
            t.support,
            html`<table class="stack"><thead><tr><th scope="col">${t.supportKind}</th><th scope="col">${t.granted}</th><th scope="col">${t.claimed}</th><th scope="col">${t.remaining}</th></tr></thead><tbody>${d.balances.map(
              (b) =>
                html`<tr><td data-label="${t.supportKind}">${label("ampItem", b.kind, lang)}</td><td data-label="${t.granted}">${sek(b.grantedSek, lang)}</td><td data-label="${t.claimed}">${sek(b.claimedSek, lang)}</td><td data-label="${t.remaining}">${sek(b.remainingSek, lang)}</td></tr>`,
            )}</tbody></table>`,
          )
        : html`<p class="meta">${t.noSupport}</p>`
    }
    <h3>${t.claims}</h3>
    ${
      d.claims.length
        ? scrollable(
            t.claims,
            html`<table class="stack"><thead><tr><th scope="col">${t.day}</th><th scope="col">${t.supportKind}</th><th scope="col">${t.amount}</th><th scope="col">${t.by}</th></tr></thead><tbody>${d.claims.map(
              (cl) =>
                html`<tr><td data-label="${t.day}"><time datetime="${cl.on}">${cl.on}</time></td><td data-label="${t.supportKind}">${label("ampItem", cl.kind, lang)}</td><td data-label="${t.amount}">${sek(cl.amountSek, lang)}</td><td data-label="${t.by}">${cl.by ?? "API"}</td></tr>`,
            )}</tbody></table>`,
          )
        : html`<p class="meta">${t.noClaims}</p>`
    }
    ${
      iom && approved && w?.open && d.balances.length
        ? form(
            "claims",
            "amp-claim",
            t.newClaim,
            html`<label for="amp-claim-kind">${t.supportKind}</label><select id="amp-claim-kind" name="kind">${d.balances.map(
              (b) => html`<option value="${b.kind}">${label("ampItem", b.kind, lang)}</option>`,
            )}</select>
            <label for="amp-claim-amount">${t.amount}</label><input id="amp-claim-amount" name="amountSek" inputmode="numeric" pattern="[0-9]*" required />
            <label for="amp-claim-on">${t.day}</label><input id="amp-claim-on" name="on" type="date" required value="${today}" max="${today}" min="${a.approvedOn ?? ""}" />
            <p><button>${t.saveClaim}</button></p>`,
          )
        : ""
    }</section>`;

  const phases = html`<section aria-labelledby="amp-phases"><h2 id="amp-phases">${t.phases}</h2>
    <ol>${AMP_PHASE_LIST.map(
      (p) =>
        html`<li>${label("ampPhase", p, lang)}: ${a.phaseDates?.[p] ? html`<time datetime="${a.phaseDates[p]}">${a.phaseDates[p]}</time>` : "–"}</li>`,
    )}</ol>
    ${
      approved && nextPhase
        ? form(
            "phase",
            "amp-phase",
            t.newPhase,
            html`<label for="amp-phase-select">${t.phase}</label><select id="amp-phase-select" name="phase">${AMP_PHASE_LIST.map(
              (p) =>
                html`<option value="${p}"${p === nextPhase ? html` selected` : ""}>${label("ampPhase", p, lang)}</option>`,
            )}</select>
            <label for="amp-phase-on">${t.phaseStart}</label><input id="amp-phase-on" name="on" type="date" required value="${today}" max="${today}" />
            <p><button>${t.savePhase}</button></p>`,
          )
        : !approved && !ended
          ? html`<p class="meta">${t.phaseAfterApproval}</p>`
          : ""
    }</section>`;

  const sides = ["coordinator", "iom"] as const;
  const child = a.child
    ? html`<section aria-labelledby="amp-child"><h2 id="amp-child">${t.childRoutine}</h2><p>${t.childExplain}</p>
      <ul>${sides.map((s) => {
        const conf = a.childConfirmations?.[s];
        return html`<li>${conf ? t.confirmedBy(label("ampSide", s, lang), conf.on, conf.by ?? "") : t.notConfirmed(label("ampSide", s, lang))}</li>`;
      })}</ul>
      ${
        !d.childConfirmedBySide &&
        !ended &&
        a.status !== "prepared" &&
        (a.phase === null || a.phase === "pre-departure")
          ? form(
              "child",
              "amp-child-confirm",
              t.confirm,
              html`<fieldset><legend>${t.confirmLegend}</legend>
              <label class="check"><input type="checkbox" name="guardian" value="1" /> ${t.guardian}</label>
              <label class="check"><input type="checkbox" name="authority" value="1" /> ${t.authority}</label></fieldset>
              <p><button>${t.confirm}</button></p>`,
            )
          : ""
      }</section>`
    : "";

  const messages = html`<section aria-labelledby="amp-messages"><h2 id="amp-messages">${t.messages}</h2>
    ${
      d.messages.length
        ? html`<ul class="entries">${d.messages.map(
            (m) =>
              html`<li><p class="meta">${label("ampSide", m.side, lang)} · ${label("ampMessageKind", m.kind, lang)}${m.by ? ` · ${m.by}` : ""} · <time datetime="${m.createdAt.toISOString()}">${swedishToday(m.createdAt)}</time></p><p>${m.body}</p></li>`,
          )}</ul>`
        : html`<p class="meta">${t.noMessages}</p>`
    }
    ${a.status !== "prepared" ? form("messages", "amp-message", t.newMessage, html`${textarea("amp-message-body", "body", t.messageBody)}<p><button>${t.send}</button></p>`) : ""}</section>`;

  const returned =
    (a.status === "approved" || a.status === "closed") &&
    (a.phase === "reintegration" || a.phase === "completed");
  const followUps =
    approved || a.status === "closed"
      ? html`<section aria-labelledby="amp-followups"><h2 id="amp-followups">${t.followUps}</h2>
    ${
      d.followUps.length
        ? html`<ul class="entries">${d.followUps.map(
            (f) =>
              html`<li><p class="meta"><time datetime="${f.on}">${f.on}</time> · ${label("ampFollowUpKind", f.kind, lang)}${f.by ? ` · ${f.by}` : ""}</p><p>${f.body}</p></li>`,
          )}</ul>`
        : html`<p class="meta">${t.noFollowUps}</p>`
    }
    ${
      iom && returned
        ? form(
            "followups",
            "amp-followup",
            t.newFollowUp,
            html`<label for="amp-fu-on">${t.day}</label><input id="amp-fu-on" name="on" type="date" required value="${today}" max="${today}" />
            <label for="amp-fu-kind">${t.followUpKind}</label><select id="amp-fu-kind" name="kind">${AMP_FOLLOW_UP_KINDS.map(
              (k) => html`<option value="${k}">${label("ampFollowUpKind", k, lang)}</option>`,
            )}</select>
            ${textarea("amp-fu-body", "body", t.followUpBody)}<p><button>${t.saveFollowUp}</button></p>`,
          )
        : ""
    }</section>`
      : "";

  const back = iom
    ? html`<a href="/staff/amp">${t.backList}</a>`
    : html`<a href="/staff/cases/${d.caseId}/referrals">${t.backReferrals}</a>`;
  return html`<p>${back}</p>${saved ? html`<p class="notice" role="status">${t.saved}</p>` : ""}
    ${summary}${details}${submit}${decision ? html`<section aria-labelledby="amp-decision"><h2 id="amp-decision">${t.decision}</h2>${decision}</section>` : ""}
    ${child}${support}${phases}${messages}${followUps}`;
}
