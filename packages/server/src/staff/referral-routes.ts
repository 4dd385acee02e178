/**
 * A case's referrals with their clocks (NSP days of 90, the ÅMP claim window, the end of the
 * reflection period) and the deadlines view. The partners' views are in partner-routes.ts.
 */
import type { Db } from "@stodkedjan/db";
import {
  AMP_FOLLOW_UP_KINDS,
  acceptsFollowUps,
  NSP_FLAT_RATE_DAYS,
  NSP_SUPPORT_KINDS,
  nspDaysUsed,
  OTHER_REFERRAL_KINDS,
  REFLECTION_APPLICANTS,
  type Referral,
  reflectionPeriodEnd,
  swedishToday,
} from "@stodkedjan/domain";
import { html } from "hono/html";
import { type Issue, ServiceError } from "../cases/errors.ts";
import { decryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import {
  extensionDecision,
  REFERRAL_DATE_FIELDS,
  referralCreate,
  referralUpdate,
} from "../referrals/schemas.ts";
import * as referrals from "../referrals/service.ts";
import { shelterChoices } from "../shelters/fitting.ts";
import { ampClock, ampDeadlineText, ampOpenText } from "./amp-views.ts";
import { closedCaseBadge } from "./case-views.ts";
import { fail, issueText } from "./errors.ts";
import { formBody, list, opt, parse, str } from "./forms.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { caseTitle, label } from "./labels.ts";
import { csrfField, page, type StaffContext, scrollable } from "./layout.ts";
import { needsFieldset, placementAnswersBlock, shelterAnswersSection } from "./placement-views.ts";
import type { Router } from "./router.ts";
import { shelterPicker } from "./shelter-routes.ts";

const TEXT = defineText({
  nspDay: {
    sv: (day: number, of: number) => `Dag ${day} av ${of} med schablonersättning`,
    en: (day: number, of: number) => `Day ${day} of ${of} with the flat-rate payment`,
  },
  notMovedIn: { sv: "Inte inflyttad ännu", en: "Not moved in yet" },
  reflectionPeriod: {
    sv: (from: string, to: string) => `Betänketiden ${from} – ${to}`,
    en: (from: string, to: string) => `Reflection period (betänketid) ${from} – ${to}`,
  },
  applicationSent: {
    sv: (on: string) => `Ansökan inskickad ${on}`,
    en: (on: string) => `Application submitted ${on}`,
  },
  notSent: { sv: "Inte inskickad", en: "Not submitted" },
  permit: {
    sv: (from: string, to: string) => `Tillstånd ${from} – ${to}`,
    en: (from: string, to: string) => `Permit ${from} – ${to}`,
  },
  noPermit: { sv: "Inget tillstånd ännu", en: "No permit yet" },
  inHomeCountrySuffix: { sv: " (i hemlandet)", en: " (in the home country)" },
  sentSuffix: { sv: (on: string) => `, skickad ${on}`, en: (on: string) => `, sent ${on}` },
  moveIn: { sv: "Inflyttning (dag 1)", en: "Moving in (day 1)" },
  exit: { sv: "Utslussning", en: "Moving out" },
  start: { sv: "Start", en: "Start" },
  end: { sv: "Slut", en: "End" },
  submittedToIom: { sv: "Inskickad till IOM", en: "Submitted to IOM" },
  submittedToMigration: { sv: "Inskickad till Migrationsverket", en: "Submitted to Migrationsverket" },
  decision: { sv: "Beslut", en: "Decision" },
  permitStarts: { sv: "Tillståndet börjar", en: "Permit starts" },
  permitEnds: { sv: "Tillståndet slutar", en: "Permit ends" },
  submitted: { sv: "Inskickad", en: "Submitted" },
  sent: { sv: "Skickad", en: "Sent" },
  answered: { sv: "Besvarad", en: "Answered" },
  followUpsTitle: { sv: (n: number) => `Uppföljning (${n})`, en: (n: number) => `Follow-up (${n})` },
  noFollowUps: { sv: "Inga uppföljningar registrerade.", en: "No follow-ups recorded." },
  newFollowUp: { sv: "Ny uppföljning", en: "New follow-up" },
  date: { sv: "Datum", en: "Date" },
  followUpKind: { sv: "Typ av uppföljning", en: "Kind of follow-up" },
  followUpBody: {
    sv: "Vad hände? (krypteras, visas inte för IOM)",
    en: "What happened? (encrypted, not shown to IOM)",
  },
  saveFollowUp: { sv: "Spara uppföljning", en: "Save the follow-up" },
  followUpLater: {
    sv: "Uppföljning kan registreras när ansökan har skickats in till IOM.",
    en: "Follow-ups can be recorded once the application has been submitted to IOM.",
  },
  followUpClosed: {
    sv: "Ansökan är avslutad; skriv fortsatt uppföljning som anteckning i ärendet.",
    en: "The application is finished; write further follow-up as a note on the case.",
  },
  title: { sv: "Hänvisningar och tidsfrister", en: "Referrals and deadlines" },
  back: { sv: "Tillbaka till ärendet", en: "Back to the case" },
  followUpNotSaved: {
    sv: "Uppföljningen sparades inte. Rätta följande:",
    en: "The follow-up was not saved. Correct the following:",
  },
  amount: {
    sv: (n: number) => `${n.toLocaleString("sv-SE")} kr`,
    en: (n: number) => `SEK ${n.toLocaleString("en-GB")}`,
  },
  phaseIs: { sv: (p: string) => `Fas: ${p}`, en: (p: string) => `Phase: ${p}` },
  newStatus: { sv: "Ny status", en: "New status" },
  unchanged: { sv: "(oförändrad)", en: "(unchanged)" },
  extensionReason: { sv: "Skäl för förlängning", en: "Reason for extension" },
  phase: { sv: "Fas", en: "Phase" },
  save: { sv: "Spara", en: "Save" },
  newReferral: { sv: "Ny hänvisning", en: "New referral" },
  nspShelter: { sv: "NSP: skyddat boende", en: "NSP: shelter placement" },
  moveInField: { sv: "Inflyttning", en: "Moving in" },
  referNsp: { sv: "Hänvisa till NSP", en: "Refer to NSP" },
  ampTitle: { sv: "ÅMP: återvändande med IOM", en: "ÅMP: return with IOM" },
  ampLead: {
    sv: "Du förbereder ansökan; IOM bedömer den tillsammans med dig.",
    en: "You prepare the application; IOM assesses it together with you.",
  },
  ampPrepare: { sv: "Förbered ÅMP-ansökan", en: "Prepare the ÅMP application" },
  reflectionTitle: { sv: "Betänketid (30 dagar)", en: "Reflection period (betänketid, 30 days)" },
  applicant: { sv: "Sökande", en: "Applicant" },
  reflectionStart: {
    sv: "Påbörja ansökan om betänketid",
    en: "Start an application for a reflection period",
  },
  witnessTitle: {
    sv: "Tillstånd för bevisperson",
    en: "Permit for a person needed as evidence (bevisperson)",
  },
  witnessLead: {
    sv: "Söks av förundersökningsledaren.",
    en: "Applied for by the preliminary-investigation leader.",
  },
  recordApplication: { sv: "Registrera ansökan", en: "Record the application" },
  nspSupport: { sv: "NSP: stöd utan boende", en: "NSP: support without housing" },
  supportKind: { sv: "Insats", en: "Support" },
  inHomeCountry: { sv: "I hemlandet", en: "In the home country" },
  recordSupport: { sv: "Registrera stöd", en: "Record the support" },
  otherTitle: { sv: "Annan hänvisning", en: "Other referral" },
  to: { sv: "Till", en: "To" },
  recordReferral: { sv: "Registrera hänvisning", en: "Record the referral" },
  deadlines: { sv: "Tidsfrister", en: "Deadlines" },
  caseCol: { sv: "Ärende", en: "Case" },
  dueCol: { sv: "Senast", en: "Due" },
  stateCol: { sv: "Läge", en: "State" },
  whatCol: { sv: "Vad och varför", en: "What and why" },
  daysAgo: { sv: (n: number) => `${n} dagar sedan`, en: (n: number) => `${n} days ago` },
  inDays: { sv: (n: number) => `om ${n} dagar`, en: (n: number) => `in ${n} days` },
  task: { sv: (title: string) => `Uppgift: ${title}`, en: (title: string) => `Task: ${title}` },
  responsible: { sv: (who: string) => ` (ansvarig: ${who})`, en: (who: string) => ` (responsible: ${who})` },
  deadlinesLead: {
    sv: "Beräknade från reglerna för varje hänvisning (NSP dag 80 och 90, betänketidens slut, ÅMP:s tvåårsfönster, obesvarade hänvisningar) och från ärendenas uppgifter, för öppna ärenden i din region och ärenden som delats med den.",
    en: "Computed from each referral's rules (NSP day 80 and 90, the end of the reflection period, ÅMP's two-year window, unanswered referrals) and from the cases' tasks, for open cases in your region and cases shared with it.",
  },
  urgent: { sv: (n: number) => `Försenat och snart (${n})`, en: (n: number) => `Overdue and soon (${n})` },
  nothingNow: { sv: "Inget just nu.", en: "Nothing right now." },
  later: { sv: (n: number) => `Kommande (${n})`, en: (n: number) => `Upcoming (${n})` },
  nothing: { sv: "Inget.", en: "Nothing." },
});

/** The one-line clock of a referral, the figure a coordinator needs at a glance. */
export function clock(r: Referral, lang: Lang, on = swedishToday()): string {
  const t = TEXT(lang);
  switch (r.type) {
    case "nsp-placement":
      return r.start
        ? t.nspDay(nspDaysUsed({ start: r.start, end: r.end }, on), NSP_FLAT_RATE_DAYS)
        : t.notMovedIn;
    case "amp":
      return ampClock(lang, r, on);
    case "reflection":
      return r.permitStart
        ? t.reflectionPeriod(r.permitStart, reflectionPeriodEnd(r.permitStart))
        : r.submittedOn
          ? t.applicationSent(r.submittedOn)
          : t.notSent;
    case "witness-permit":
      return r.start && r.end ? t.permit(r.start, r.end) : t.noPermit;
    case "nsp-support":
      return `${label("nspSupportKind", r.kind, lang)}${r.inHomeCountry ? t.inHomeCountrySuffix : ""}`;
    case "other":
      return `${label("otherKind", r.kind, lang)}${r.sentOn ? t.sentSuffix(r.sentOn) : ""}`;
  }
}

/** The dates each kind of referral records, with their labels' keys. */
const FIELDS: Record<Referral["type"], [string, keyof ReturnType<typeof TEXT>][]> = {
  "nsp-placement": [
    ["start", "moveIn"],
    ["end", "exit"],
  ],
  "nsp-support": [
    ["start", "start"],
    ["end", "end"],
  ],
  // IOM's decision, support, claims and phases are on the ÅMP page (ADR 0028).
  amp: [["submittedOn", "submittedToIom"]],
  reflection: [
    ["submittedOn", "submittedToMigration"],
    ["decidedOn", "decision"],
    ["permitStart", "permitStarts"],
  ],
  "witness-permit": [
    ["submittedOn", "submitted"],
    ["decidedOn", "decision"],
    ["start", "permitStarts"],
    ["end", "permitEnds"],
  ],
  other: [
    ["sentOn", "sent"],
    ["answeredOn", "answered"],
  ],
};

/** A follow-up form sent back with its errors: which referral, what was typed, what is wrong. */
interface FollowUpForm {
  rid: string;
  values: { on: string; kind: string; body: string };
  issues: Issue[];
}

const FOLLOW_UP_FIELDS = ["on", "kind", "body"] as const;
/** A follow-up's problem in the user's words (the one mapping, `staff/errors.ts`). */
const followUpMessage = (c: StaffContext, form: FollowUpForm, issue: Issue) =>
  issueText(issue, langOf(c), form.values[issue.path as (typeof FOLLOW_UP_FIELDS)[number]]);

/** Dates that must not come before another of the same referral: the field and the one before it. */
const AFTER: Record<string, string> = {
  end: "start",
  approvedOn: "submittedOn",
  decidedOn: "submittedOn",
  answeredOn: "sentOn",
};

/**
 * A new referral from the staff form refers from today on: a placement's move-in in the past is
 * refused at its field. (The API also records what happened before it was registered.)
 */
const newReferralForm = (today: string) =>
  referralCreate.superRefine((r, ctx) => {
    if (r.type === "nsp-placement" && r.start && r.start < today)
      ctx.addIssue({ code: "custom", path: ["start"], message: "date-past", params: { code: "date-past" } });
  });

export function mountReferrals(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };

  /** The follow-up entries of an ÅMP application, newest first, and the form to add one. */
  const followUps = (c: StaffContext, id: string, view: referrals.ReferralView, form?: FollowUpForm) => {
    const { id: rid, referral: r } = view;
    if (r.type !== "amp") return "";
    const lang = langOf(c);
    const t = TEXT(lang);
    const state = form?.rid === rid ? form : undefined;
    const fieldId = (name: string) => `fu-${rid}-${name}`;
    const issuesOf = (name: string) =>
      state ? state.issues.filter((i) => i.path === name).map((i) => followUpMessage(c, state, i)) : [];
    /** Attributes tying a field to its error message, when it has one. */
    const invalidAttrs = (name: string) =>
      issuesOf(name).length ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-error"` : "";
    const fieldError = (name: string) =>
      issuesOf(name).length
        ? html`<p class="field-error" id="${fieldId(name)}-error">${issuesOf(name).join(" ")}</p>`
        : "";
    return html`<h3 id="uppfoljning-${rid}">${t.followUpsTitle(view.followUps.length)}</h3>
      ${
        view.followUps.length
          ? html`<ul class="entries">${view.followUps.map(
              (f) =>
                html`<li><p class="meta"><time datetime="${f.on}">${f.on}</time> · ${label("ampFollowUpKind", f.kind, lang)}${f.by ? ` · ${f.by}` : ""}</p><p>${f.body}</p></li>`,
            )}</ul>`
          : html`<p class="meta">${t.noFollowUps}</p>`
      }
      ${
        acceptsFollowUps(r)
          ? html`<form method="post" action="/staff/cases/${id}/referrals/${rid}/followups" aria-labelledby="${fieldId("h")}">${csrfField(c)}
              <h4 id="${fieldId("h")}">${t.newFollowUp}</h4>
              <label for="${fieldId("on")}">${t.date}</label>${fieldError("on")}
              <input id="${fieldId("on")}" name="on" type="date" required max="${swedishToday()}"${r.submittedOn ? html` min="${r.submittedOn}"` : ""} value="${state?.values.on ?? swedishToday()}"${invalidAttrs("on")} />
              <label for="${fieldId("kind")}">${t.followUpKind}</label>${fieldError("kind")}
              <select id="${fieldId("kind")}" name="kind"${invalidAttrs("kind")}>${AMP_FOLLOW_UP_KINDS.map(
                (k) =>
                  html`<option value="${k}"${k === state?.values.kind ? html` selected` : ""}>${label("ampFollowUpKind", k, lang)}</option>`,
              )}</select>
              <label for="${fieldId("body")}">${t.followUpBody}</label>${fieldError("body")}
              <textarea id="${fieldId("body")}" name="body" required maxlength="4000"${invalidAttrs("body")}>${state?.values.body ?? ""}</textarea>
              <p><button>${t.saveFollowUp}</button></p>
            </form>`
          : html`<p class="meta">${r.status === "prepared" ? t.followUpLater : t.followUpClosed}</p>`
      }`;
  };

  /** The case's referrals; `form` sends a follow-up form back with its errors (status 400). */
  const referralsPage = async (c: StaffContext, id: string, followUpForm?: FollowUpForm) => {
    const list = await referrals.listReferrals(ctx(c), id);
    const fieldsShown = list.some(
      ({ id: rid, referral: r }) => rid === followUpForm?.rid && r.type === "amp" && acceptsFollowUps(r),
    );
    const shelters = await shelterChoices(db, id, swedishToday());
    const lang = langOf(c);
    const t = TEXT(lang);
    const form = (action: string, inner: unknown) =>
      html`<form method="post" action="/staff/cases/${id}/${action}">${csrfField(c)}${inner}</form>`;
    const dateInput = (rid: string, name: string, text: string, values: Record<string, unknown>) => {
      const value = values[name];
      const earlier = AFTER[name] ? values[AFTER[name]] : undefined;
      return html`<label for="${rid}-${name}">${text}</label><input id="${rid}-${name}" name="${name}" type="date" value="${typeof value === "string" ? value : ""}"${typeof earlier === "string" ? html` min="${earlier}"` : ""} />`;
    };
    return page(
      c,
      t.title,
      html`<p><a href="/staff/cases/${id}">${t.back}</a></p>
          ${
            followUpForm
              ? html`<div class="error" role="alert"><p>${t.followUpNotSaved}</p><ul>${followUpForm.issues.map(
                  (i) =>
                    html`<li>${
                      fieldsShown && (FOLLOW_UP_FIELDS as readonly string[]).includes(i.path)
                        ? html`<a href="#fu-${followUpForm.rid}-${i.path}">${followUpMessage(c, followUpForm, i)}</a>`
                        : followUpMessage(c, followUpForm, i)
                    }</li>`,
                )}</ul></div>`
              : ""
          }
          ${list.map((view) => {
            const { id: rid, referral: r, shelter, next, deadlines } = view;
            const values = r as unknown as Record<string, unknown>;
            return html`<section class="card" aria-labelledby="r-${rid}">
              <h2 id="r-${rid}">${label("referralType", r.type, lang)}${shelter ? ` – ${shelter}` : ""}</h2>
              <p><span class="badge">${label("referralStatus", r.status, lang)}</span> <strong data-clock>${clock(r, lang)}</strong></p>
              ${r.type === "amp" && r.items.length ? html`<ul>${r.items.map((i) => html`<li>${label("ampItem", i.kind, lang)}: ${t.amount(i.amountSek)}</li>`)}</ul>` : ""}
              ${r.type === "amp" && r.phase ? html`<p>${t.phaseIs(label("ampPhase", r.phase, lang))}</p>` : ""}
              ${r.type === "amp" ? html`<p><a href="/staff/cases/${id}/amp/${rid}">${ampOpenText(lang)}</a></p>` : ""}
              ${deadlines.length ? html`<ul>${deadlines.map((d) => html`<li class="${d.state}">${label("deadline", d.code, lang)}: ${d.due} (${label("deadlineState", d.state, lang)})</li>`)}</ul>` : ""}
              ${form(
                `referrals/${rid}`,
                html`<div class="filters">
                  <div><label for="${rid}-status">${t.newStatus}</label><select id="${rid}-status" name="status"><option value="">${t.unchanged}</option>${next.map((s) => html`<option value="${s}">${label("referralStatus", s, lang)}</option>`)}</select></div>
                  ${FIELDS[r.type].map(([name, key]) => html`<div>${dateInput(rid, name, t[key] as string, values)}</div>`)}
                  ${r.type === "nsp-placement" ? html`<div><label for="${rid}-reason">${t.extensionReason}</label><input id="${rid}-reason" name="extensionReason" value="${r.extensionReason ?? ""}" /></div>` : ""}
                  <div><button>${t.save}</button></div></div>`,
              )}
              ${r.type === "nsp-placement" ? placementAnswersBlock(c, lang, id, rid, r) : ""}
              ${followUps(c, id, view, followUpForm)}
            </section>`;
          })}
          <h2>${t.newReferral}</h2>
          <div class="grid">
            ${form("referrals", html`<input type="hidden" name="type" value="nsp-placement" /><h3>${t.nspShelter}</h3>${shelterPicker(shelters, lang)}<label for="nsp-start">${t.moveInField}</label><input id="nsp-start" name="start" type="date" min="${swedishToday()}" />${needsFieldset(lang)}<p><button>${t.referNsp}</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="amp" /><h3>${t.ampTitle}</h3><p class="meta">${t.ampLead}</p><p><button>${t.ampPrepare}</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="reflection" /><h3>${t.reflectionTitle}</h3><label for="applicant">${t.applicant}</label><select id="applicant" name="applicant">${REFLECTION_APPLICANTS.map((a) => html`<option value="${a}">${label("applicant", a, lang)}</option>`)}</select><p><button>${t.reflectionStart}</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="witness-permit" /><input type="hidden" name="applicant" value="preliminary-investigation-leader" /><h3>${t.witnessTitle}</h3><p class="meta">${t.witnessLead}</p><p><button>${t.recordApplication}</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="nsp-support" /><h3>${t.nspSupport}</h3><label for="supportKind">${t.supportKind}</label><select id="supportKind" name="kind">${NSP_SUPPORT_KINDS.map((k) => html`<option value="${k}">${label("nspSupportKind", k, lang)}</option>`)}</select><label class="check"><input type="checkbox" name="inHomeCountry" value="1" /> ${t.inHomeCountry}</label><p><button>${t.recordSupport}</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="other" /><h3>${t.otherTitle}</h3><label for="otherKind">${t.to}</label><select id="otherKind" name="kind">${OTHER_REFERRAL_KINDS.map((k) => html`<option value="${k}">${label("otherKind", k, lang)}</option>`)}</select><p><button>${t.recordReferral}</button></p>`)}
          </div>`,
      followUpForm ? 400 : 200,
    );
  };

  router.get("/staff/cases/:id/referrals", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      return await referralsPage(c, id);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.post("/staff/cases/:id/referrals/:rid/followups", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    const rid = c.req.param("rid") as string;
    try {
      const b = await formBody(c);
      const values = { on: str(b.on) ?? "", kind: str(b.kind) ?? "", body: str(b.body) ?? "" };
      try {
        await referrals.addFollowUp(ctx(c), id, rid, values);
      } catch (e) {
        // Bad input: the page again, with what was typed and each error at its field.
        if (e instanceof ServiceError && e.status === 400)
          return await referralsPage(c, id, { rid, values, issues: e.issues });
        throw e;
      }
      return c.redirect(`/staff/cases/${id}/referrals#uppfoljning-${rid}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}/referrals`);
    }
  });

  router.post("/staff/cases/:id/referrals/:rid/extension", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const b = await formBody(c);
      const grant = str(b.grant);
      const decision = parse(extensionDecision, {
        grant: grant === "1" ? true : grant === "0" ? false : grant,
      });
      await referrals.decideExtension(ctx(c), id, c.req.param("rid") as string, decision);
      return c.redirect(`/staff/cases/${id}/referrals`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}/referrals`);
    }
  });

  router.post("/staff/cases/:id/referrals", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const b = await formBody(c);
      const input = parse(newReferralForm(swedishToday()), {
        type: str(b.type),
        ...(b.shelterId !== undefined ? { shelterId: str(b.shelterId) } : {}),
        ...(b.start !== undefined ? { start: opt(b.start) ?? null } : {}),
        ...(b.kind !== undefined ? { kind: str(b.kind) } : {}),
        ...(b.applicant !== undefined ? { applicant: str(b.applicant) } : {}),
        ...(str(b.type) === "nsp-support" ? { inHomeCountry: b.inHomeCountry === "1" } : {}),
        ...(str(b.type) === "nsp-placement"
          ? { needs: list(b.needs), shelterChoiceReason: opt(b.shelterChoiceReason) ?? null }
          : {}),
      });
      // The form's rule: a shelter that does not fit the person needs a reason (ADR 0027).
      await referrals.createReferral(ctx(c), id, input, { reasonRequired: true });
      return c.redirect(`/staff/cases/${id}/referrals`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}/referrals`);
    }
  });

  router.post("/staff/cases/:id/referrals/:rid", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const b = await formBody(c);
      const change: Record<string, unknown> = {};
      if (opt(b.status)) change.status = opt(b.status);
      for (const name of REFERRAL_DATE_FIELDS) {
        if (b[name] !== undefined) change[name] = opt(b[name]) ?? null;
      }
      if (b.extensionReason !== undefined) change.extensionReason = opt(b.extensionReason) ?? null;
      await referrals.updateReferral(ctx(c), id, c.req.param("rid") as string, parse(referralUpdate, change));
      return c.redirect(`/staff/cases/${id}/referrals`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}/referrals`);
    }
  });

  router.get("/staff/deadlines", "deadlines.read", async (c) => {
    try {
      const items = await referrals.deadlinesOf(ctx(c), (token, taskId) =>
        decryptField(keys, token, `tasks.title:${taskId}`),
      );
      const answers = await referrals.shelterAnswers(ctx(c));
      const lang = langOf(c);
      const t = TEXT(lang);
      const urgent = items.filter((i) => i.state !== "upcoming");
      const later = items.filter((i) => i.state === "upcoming");
      const table = (rows: typeof items) =>
        scrollable(
          t.deadlines,
          html`<table class="stack"><thead><tr><th scope="col">${t.caseCol}</th><th scope="col">${t.dueCol}</th><th scope="col">${t.stateCol}</th><th scope="col">${t.whatCol}</th></tr></thead><tbody>${rows.map(
            (i) =>
              html`<tr class="${i.state}"><td data-label="${t.caseCol}"><a href="/staff/cases/${i.caseId}${i.source === "referral" ? "/referrals" : ""}">${i.ref}</a> ${caseTitle(i.title, lang)}${i.caseClosed ? html` <span class="badge">${closedCaseBadge(lang)}</span>` : ""}</td><td data-label="${t.dueCol}">${i.due}</td><td data-label="${t.stateCol}">${label("deadlineState", i.state, lang)} (${i.daysLeft < 0 ? t.daysAgo(-i.daysLeft) : t.inDays(i.daysLeft)})</td><td data-label="${t.whatCol}">${i.source === "task" ? `${t.task(i.taskTitle ?? "")}${i.taskOwner ? t.responsible(i.taskOwner) : ""}` : i.referralType === "amp" ? ampDeadlineText(lang, i) : label("deadline", i.code, lang)}</td></tr>`,
          )}</tbody></table>`,
        );
      return page(
        c,
        t.deadlines,
        html`<p class="meta">${t.deadlinesLead}</p>
          <h2>${t.urgent(urgent.length)}</h2>${urgent.length ? table(urgent) : html`<p>${t.nothingNow}</p>`}
          <h2>${t.later(later.length)}</h2>${later.length ? table(later) : html`<p>${t.nothing}</p>`}
          ${shelterAnswersSection(lang, answers)}`,
      );
    } catch (e) {
      return fail(c, e, "/staff");
    }
  });
}
