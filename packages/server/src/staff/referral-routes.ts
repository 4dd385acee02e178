/**
 * A case's referrals with their clocks (NSP days of 90, the ÅMP claim window, the end of the
 * reflection period) and the deadlines view. The partners' views are in partner-routes.ts.
 */
import type { Db } from "@stodkedjan/db";
import {
  AMP_FOLLOW_UP_KINDS,
  AMP_SUPPORT_KINDS,
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
import { ampClock } from "./amp-views.ts";
import { closedCaseBadge } from "./case-views.ts";
import { fail, issueText } from "./errors.ts";
import { formBody, list, num, opt, parse, str } from "./forms.ts";
import { langOf } from "./i18n.ts";
import { label, labelsOf } from "./labels.ts";
import { csrfField, page, type StaffContext, scrollable } from "./layout.ts";
import { needsFieldset, placementAnswersBlock, shelterAnswersSection } from "./placement-views.ts";
import type { Router } from "./router.ts";
import { shelterPicker } from "./shelter-routes.ts";

/** The one-line clock of a referral, the figure a coordinator needs at a glance. */
export function clock(r: Referral, on = swedishToday()): string {
  switch (r.type) {
    case "nsp-placement":
      return r.start
        ? `Dag ${nspDaysUsed({ start: r.start, end: r.end }, on)} av ${NSP_FLAT_RATE_DAYS} med schablonersättning`
        : "Inte inflyttad ännu";
    case "amp":
      return ampClock("sv", r, on);
    case "reflection":
      return r.permitStart
        ? `Betänketiden ${r.permitStart} – ${reflectionPeriodEnd(r.permitStart)}`
        : r.submittedOn
          ? `Ansökan inskickad ${r.submittedOn}`
          : "Inte inskickad";
    case "witness-permit":
      return r.start && r.end ? `Tillstånd ${r.start} – ${r.end}` : "Inget tillstånd ännu";
    case "nsp-support":
      return `${label("nspSupportKind", r.kind, "sv")}${r.inHomeCountry ? " (i hemlandet)" : ""}`;
    case "other":
      return `${label("otherKind", r.kind, "sv")}${r.sentOn ? `, skickad ${r.sentOn}` : ""}`;
  }
}

const FIELDS: Record<Referral["type"], [string, string][]> = {
  "nsp-placement": [
    ["start", "Inflyttning (dag 1)"],
    ["end", "Utslussning"],
  ],
  "nsp-support": [
    ["start", "Start"],
    ["end", "Slut"],
  ],
  amp: [
    ["submittedOn", "Inskickad till IOM"],
    ["approvedOn", "Beviljad"],
  ],
  reflection: [
    ["submittedOn", "Inskickad till Migrationsverket"],
    ["decidedOn", "Beslut"],
    ["permitStart", "Tillståndet börjar"],
  ],
  "witness-permit": [
    ["submittedOn", "Inskickad"],
    ["decidedOn", "Beslut"],
    ["start", "Tillståndet börjar"],
    ["end", "Tillståndet slutar"],
  ],
  other: [
    ["sentOn", "Skickad"],
    ["answeredOn", "Besvarad"],
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
    return html`<h3 id="uppfoljning-${rid}">Uppföljning (${view.followUps.length})</h3>
      ${
        view.followUps.length
          ? html`<ul class="entries">${view.followUps.map(
              (f) =>
                html`<li><p class="meta"><time datetime="${f.on}">${f.on}</time> · ${label("ampFollowUpKind", f.kind, "sv")}${f.by ? ` · ${f.by}` : ""}</p><p>${f.body}</p></li>`,
            )}</ul>`
          : html`<p class="meta">Inga uppföljningar registrerade.</p>`
      }
      ${
        acceptsFollowUps(r)
          ? html`<form method="post" action="/staff/cases/${id}/referrals/${rid}/followups" aria-labelledby="${fieldId("h")}">${csrfField(c)}
              <h4 id="${fieldId("h")}">Ny uppföljning</h4>
              <label for="${fieldId("on")}">Datum</label>${fieldError("on")}
              <input id="${fieldId("on")}" name="on" type="date" required max="${swedishToday()}"${r.submittedOn ? html` min="${r.submittedOn}"` : ""} value="${state?.values.on ?? swedishToday()}"${invalidAttrs("on")} />
              <label for="${fieldId("kind")}">Typ av uppföljning</label>${fieldError("kind")}
              <select id="${fieldId("kind")}" name="kind"${invalidAttrs("kind")}>${AMP_FOLLOW_UP_KINDS.map(
                (k) =>
                  html`<option value="${k}"${k === state?.values.kind ? html` selected` : ""}>${label("ampFollowUpKind", k, "sv")}</option>`,
              )}</select>
              <label for="${fieldId("body")}">Vad hände? (krypteras, visas inte för IOM)</label>${fieldError("body")}
              <textarea id="${fieldId("body")}" name="body" required maxlength="4000"${invalidAttrs("body")}>${state?.values.body ?? ""}</textarea>
              <p><button>Spara uppföljning</button></p>
            </form>`
          : html`<p class="meta">${
              r.status === "prepared"
                ? "Uppföljning kan registreras när ansökan har skickats in till IOM."
                : "Ansökan är avslutad; skriv fortsatt uppföljning som anteckning i ärendet."
            }</p>`
      }`;
  };

  /** The case's referrals; `form` sends a follow-up form back with its errors (status 400). */
  const referralsPage = async (c: StaffContext, id: string, followUpForm?: FollowUpForm) => {
    const list = await referrals.listReferrals(ctx(c), id);
    const fieldsShown = list.some(
      ({ id: rid, referral: r }) => rid === followUpForm?.rid && r.type === "amp" && acceptsFollowUps(r),
    );
    const shelters = await shelterChoices(db, id, swedishToday());
    const form = (action: string, inner: unknown) =>
      html`<form method="post" action="/staff/cases/${id}/${action}">${csrfField(c)}${inner}</form>`;
    const dateInput = (rid: string, name: string, text: string, values: Record<string, unknown>) => {
      const value = values[name];
      const earlier = AFTER[name] ? values[AFTER[name]] : undefined;
      return html`<label for="${rid}-${name}">${text}</label><input id="${rid}-${name}" name="${name}" type="date" value="${typeof value === "string" ? value : ""}"${typeof earlier === "string" ? html` min="${earlier}"` : ""} />`;
    };
    return page(
      c,
      "Hänvisningar och tidsfrister",
      html`<p><a href="/staff/cases/${id}">Tillbaka till ärendet</a></p>
          ${
            followUpForm
              ? html`<div class="error" role="alert"><p>Uppföljningen sparades inte. Rätta följande:</p><ul>${followUpForm.issues.map(
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
              <h2 id="r-${rid}">${label("referralType", r.type, "sv")}${shelter ? ` – ${shelter}` : ""}</h2>
              <p><span class="badge">${label("referralStatus", r.status, "sv")}</span> <strong data-clock>${clock(r)}</strong></p>
              ${r.type === "amp" && r.items.length ? html`<ul>${r.items.map((i) => html`<li>${label("ampItem", i.kind, "sv")}: ${i.amountSek.toLocaleString("sv-SE")} kr</li>`)}</ul>` : ""}
              ${r.type === "amp" && r.phase ? html`<p>Fas: ${label("ampPhase", r.phase, "sv")}</p>` : ""}
              ${deadlines.length ? html`<ul>${deadlines.map((d) => html`<li class="${d.state}">${label("deadline", d.code, "sv")}: ${d.due} (${label("deadlineState", d.state, "sv")})</li>`)}</ul>` : ""}
              ${form(
                `referrals/${rid}`,
                html`<div class="filters">
                  <div><label for="${rid}-status">Ny status</label><select id="${rid}-status" name="status"><option value="">(oförändrad)</option>${next.map((s) => html`<option value="${s}">${label("referralStatus", s, "sv")}</option>`)}</select></div>
                  ${FIELDS[r.type].map(([name, text]) => html`<div>${dateInput(rid, name, text, values)}</div>`)}
                  ${r.type === "nsp-placement" ? html`<div><label for="${rid}-reason">Skäl för förlängning</label><input id="${rid}-reason" name="extensionReason" value="${r.extensionReason ?? ""}" /></div>` : ""}
                  ${
                    r.type === "amp"
                      ? html`<div><label for="${rid}-phase">Fas</label><select id="${rid}-phase" name="phase"><option value="">–</option>${Object.entries(labelsOf("ampPhase", "sv")).map(([v, t]) => html`<option value="${v}"${v === r.phase ? html` selected` : ""}>${t}</option>`)}</select></div>
                    <div><label for="${rid}-item">Beviljat stöd</label><select id="${rid}-item" name="itemKind"><option value="">–</option>${AMP_SUPPORT_KINDS.map((k) => html`<option value="${k}">${label("ampItem", k, "sv")}</option>`)}</select></div>
                    <div><label for="${rid}-amount">Belopp (kr)</label><input id="${rid}-amount" name="itemAmount" inputmode="numeric" /></div>`
                      : ""
                  }
                  <div><button>Spara</button></div></div>`,
              )}
              ${r.type === "nsp-placement" ? placementAnswersBlock(c, langOf(c), id, rid, r) : ""}
              ${followUps(c, id, view, followUpForm)}
            </section>`;
          })}
          <h2>Ny hänvisning</h2>
          <div class="grid">
            ${form("referrals", html`<input type="hidden" name="type" value="nsp-placement" /><h3>NSP: skyddat boende</h3>${shelterPicker(shelters, langOf(c))}<label for="nsp-start">Inflyttning</label><input id="nsp-start" name="start" type="date" min="${swedishToday()}" />${needsFieldset(langOf(c))}<p><button>Hänvisa till NSP</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="amp" /><h3>ÅMP: återvändande med IOM</h3><p class="meta">Du förbereder ansökan; IOM bedömer den tillsammans med dig.</p><p><button>Förbered ÅMP-ansökan</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="reflection" /><h3>Betänketid (30 dagar)</h3><label for="applicant">Sökande</label><select id="applicant" name="applicant">${REFLECTION_APPLICANTS.map((a) => html`<option value="${a}">${label("applicant", a, "sv")}</option>`)}</select><p><button>Påbörja ansökan om betänketid</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="witness-permit" /><input type="hidden" name="applicant" value="preliminary-investigation-leader" /><h3>Tillstånd för bevisperson</h3><p class="meta">Söks av förundersökningsledaren.</p><p><button>Registrera ansökan</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="nsp-support" /><h3>NSP: stöd utan boende</h3><label for="supportKind">Insats</label><select id="supportKind" name="kind">${NSP_SUPPORT_KINDS.map((k) => html`<option value="${k}">${label("nspSupportKind", k, "sv")}</option>`)}</select><label class="check"><input type="checkbox" name="inHomeCountry" value="1" /> I hemlandet</label><p><button>Registrera stöd</button></p>`)}
            ${form("referrals", html`<input type="hidden" name="type" value="other" /><h3>Annan hänvisning</h3><label for="otherKind">Till</label><select id="otherKind" name="kind">${OTHER_REFERRAL_KINDS.map((k) => html`<option value="${k}">${label("otherKind", k, "sv")}</option>`)}</select><p><button>Registrera hänvisning</button></p>`)}
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
      if (b.phase !== undefined) change.phase = opt(b.phase) ?? null;
      if (opt(b.itemKind)) change.addItem = { kind: opt(b.itemKind), amountSek: num(b.itemAmount) };
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
      const urgent = items.filter((i) => i.state !== "upcoming");
      const later = items.filter((i) => i.state === "upcoming");
      const table = (rows: typeof items) =>
        scrollable(
          "Tidsfrister",
          html`<table class="stack"><thead><tr><th scope="col">Ärende</th><th scope="col">Senast</th><th scope="col">Läge</th><th scope="col">Vad och varför</th></tr></thead><tbody>${rows.map(
            (i) =>
              html`<tr class="${i.state}"><td data-label="Ärende"><a href="/staff/cases/${i.caseId}${i.source === "referral" ? "/referrals" : ""}">${i.ref}</a> ${i.title}${i.caseClosed ? html` <span class="badge">${closedCaseBadge(langOf(c))}</span>` : ""}</td><td data-label="Senast">${i.due}</td><td data-label="Läge">${label("deadlineState", i.state, "sv")} (${i.daysLeft < 0 ? `${-i.daysLeft} dagar sedan` : `om ${i.daysLeft} dagar`})</td><td data-label="Vad och varför">${i.source === "task" ? `Uppgift: ${i.taskTitle}${i.taskOwner ? ` (ansvarig: ${i.taskOwner})` : ""}` : label("deadline", i.code, "sv")}</td></tr>`,
          )}</tbody></table>`,
        );
      return page(
        c,
        "Tidsfrister",
        html`<p class="meta">Beräknade från reglerna för varje hänvisning (NSP dag 80 och 90, betänketidens slut, ÅMP:s tvåårsfönster, obesvarade hänvisningar) och från ärendenas uppgifter, för öppna ärenden i din region och ärenden som delats med den.</p>
          <h2>Försenat och snart (${urgent.length})</h2>${urgent.length ? table(urgent) : html`<p>Inget just nu.</p>`}
          <h2>Kommande (${later.length})</h2>${later.length ? table(later) : html`<p>Inget.</p>`}
          ${shelterAnswersSection(langOf(c), answers)}`,
      );
    } catch (e) {
      return fail(c, e, "/staff");
    }
  });
}
