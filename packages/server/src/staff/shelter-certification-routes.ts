/**
 * The certification checklist of a shelter (ADR 0027): each criterion with its latest assessment
 * (met or not, evidence, assessor, day, how long it holds), the history, and for the national
 * team the forms to record an assessment, withdraw the certification and add a criterion.
 * Coordinators read it. Bad input comes back on the page, filled in, each message at its field
 * (the one mapping, `staff/errors.ts`).
 */
import type { Db } from "@stodkedjan/db";
import { addDays, addYears, swedishToday } from "@stodkedjan/domain";
import { html } from "hono/html";
import { mayShow } from "../access/policy.ts";
import { ServiceError } from "../cases/errors.ts";
import * as certification from "../shelters/certification.ts";
import {
  assessmentInput,
  criterionInput,
  retirementInput,
  withdrawalInput,
} from "../shelters/certification-schemas.ts";
import { fail } from "./errors.ts";
import { formBody, parse, str } from "./forms.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label } from "./labels.ts";
import { csrfField, page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";
import { certificationClass, certificationText } from "./shelter-routes.ts";

const TEXT = defineText({
  title: { sv: (name: string) => `Certifiering: ${name}`, en: (name: string) => `Certification: ${name}` },
  intro: {
    sv: "NSP:s certifiering som en checklista. Varje kriterium bedöms med underlag, bedömare och datum. Boendet är certifierat när alla kriterier är uppfyllda i sin senaste bedömning, till den tidigaste dag då någon bedömning slutar gälla. Ett kriterium som nationella teamet lagt till räknas från sin första bedömning på boendet.",
    en: "NSP's certification as a checklist. Each criterion is assessed with evidence, assessor and date. The shelter is certified when every criterion is met in its latest assessment, until the earliest day on which an assessment stops holding. A criterion added by the national team counts from its first assessment at the shelter.",
  },
  status: { sv: "Läge", en: "Status" },
  withdrawn: {
    sv: (on: string, reason: string) => `Certifieringen återkallades ${on}: ${reason}`,
    en: (on: string, reason: string) => `The certification was withdrawn on ${on}: ${reason}`,
  },
  criterion: { sv: "Kriterium", en: "Criterion" },
  latest: { sv: "Senaste bedömning", en: "Latest assessment" },
  evidence: { sv: "Underlag", en: "Evidence" },
  assessor: { sv: "Bedömare", en: "Assessor" },
  assessedOn: { sv: "Bedömd", en: "Assessed on" },
  validUntil: { sv: "Gäller till och med", en: "Holds up to and including" },
  met: { sv: "uppfyllt", en: "met" },
  notMet: { sv: "inte uppfyllt", en: "not met" },
  notAssessed: { sv: "inte bedömt", en: "not assessed" },
  beforeWithdrawal: {
    sv: "(före återkallelsen, räknas inte)",
    en: "(before the withdrawal, does not count)",
  },
  builtIn: { sv: "NSP:s kriterium", en: "NSP's criterion" },
  added: { sv: "tillagt av nationella teamet", en: "added by the national team" },
  record: { sv: "Registrera en bedömning", en: "Record an assessment" },
  outcome: { sv: "Resultat", en: "Outcome" },
  evidenceHint: {
    sv: "Vad bedömningen bygger på, till exempel granskade dokument och intervjuer. Om boendet, aldrig om en klient.",
    en: "What the assessment rests on, for example documents reviewed and interviews. About the shelter, never a client.",
  },
  validHint: {
    sv: "Sista dagen bedömningen gäller, högst tre år efter den. Förnyelsen påminns på nationella teamets startsida från 60 dagar före.",
    en: "The last day the assessment holds, at most three years after it. The renewal is shown on the national team's start page from 60 days before.",
  },
  save: { sv: "Spara bedömningen", en: "Save the assessment" },
  withdraw: { sv: "Återkalla certifieringen", en: "Withdraw the certification" },
  withdrawHint: {
    sv: "Boendet kan inte ta emot nya placeringar från i dag. Pågående placeringar påverkas inte. Nya bedömningar efter i dag kan certifiera boendet igen.",
    en: "The shelter cannot take new placements from today. Current placements are not affected. New assessments after today can certify the shelter again.",
  },
  reason: { sv: "Skäl", en: "Reason" },
  history: { sv: "Alla bedömningar", en: "All assessments" },
  noHistory: { sv: "Inga bedömningar ännu.", en: "No assessments yet." },
  toRegistry: { sv: "Till registret", en: "To the registry" },
  criteria: { sv: "Kriterier för certifiering", en: "Criteria for certification" },
  criteriaIntro: {
    sv: "NSP:s tre kriterier och de som nationella teamet lagt till. Ett nytt kriterium bedöms på varje boende, senast vid förnyelsen.",
    en: "NSP's three criteria and those added by the national team. A new criterion is assessed at each shelter, at the latest at the renewal.",
  },
  addCriterion: { sv: "Lägg till ett kriterium", en: "Add a criterion" },
  textSv: { sv: "Kriteriet på svenska", en: "The criterion in Swedish" },
  textEn: { sv: "Kriteriet på engelska", en: "The criterion in English" },
  addSubmit: { sv: "Lägg till kriteriet", en: "Add the criterion" },
  manageCriteria: { sv: "Kriterierna för certifiering", en: "The criteria for certification" },
  retire: { sv: "Ta ett kriterium ur bruk", en: "Retire a criterion" },
  retireIntro: {
    sv: "Ett kriterium som nationella teamet lagt till kan tas ur bruk. Från den dagen bedöms det inte längre och räknas inte i något boendes certifiering. Tidigare bedömningar finns kvar i boendenas historik. NSP:s egna kriterier kan inte tas ur bruk. Behövs kriteriet igen läggs det till på nytt och räknas då från sin första bedömning.",
    en: "A criterion added by the national team can be retired. From that day it is no longer assessed and does not count in any shelter's certification. Earlier assessments stay in the shelters' history. NSP's own criteria cannot be retired. If the criterion is needed again, add it anew; it then counts from its first assessment.",
  },
  retiredOn: { sv: "Ur bruk från och med", en: "Retired from" },
  retiredOnHint: {
    sv: "I dag eller tidigare, men inte före den dag kriteriet lades till.",
    en: "Today or earlier, but not before the day the criterion was added.",
  },
  retireSubmit: { sv: "Ta kriteriet ur bruk", en: "Retire the criterion" },
  noneToRetire: {
    sv: "Inga tillagda kriterier är i bruk.",
    en: "No added criterion is in force.",
  },
  retiredList: { sv: "Kriterier som tagits ur bruk", en: "Retired criteria" },
  retiredMark: {
    sv: (on: string) => `tagits ur bruk ${on}, räknas inte`,
    en: (on: string) => `retired on ${on}, does not count`,
  },
});

const criterionText = (c: { textSv: string; textEn: string }, lang: Lang) =>
  lang === "sv" ? c.textSv : c.textEn;

export function mountShelterCertification(router: Router, db: Db) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, principal };
  };

  router.get("/staff/shelters/:shelterId/certification", "shelters.read", async (c) => {
    const id = c.req.param("shelterId") as string;
    try {
      const list = await certification.getChecklist(ctx(c), id);
      const lang = langOf(c);
      const t = TEXT(lang);
      const manage = mayShow(c.get("principal"), "shelters.manage");
      const today = swedishToday();
      const action = `/staff/shelters/${id}/certification`;
      const byId = new Map<string, certification.CriterionView & { retiredOn?: string }>(
        [...list.criteria, ...list.retiredCriteria].map((k) => [k.id, k]),
      );
      const outcome = (met: boolean) => (met ? t.met : t.notMet);
      return page(
        c,
        t.title(list.shelterName),
        html`<p><a href="/staff/shelters#shelter-${id}">${t.toRegistry}</a></p>
          <p class="meta">${t.intro}</p>
          <p>${t.status}: <strong class="${certificationClass(list.certification)}" data-certification>${certificationText(list.certification, lang)}</strong></p>
          ${list.withdrawnOn ? html`<p class="overdue">${t.withdrawn(list.withdrawnOn, list.withdrawnReason ?? "")}</p>` : ""}
          ${scrollable(
            t.criteria,
            html`<table class="stack"><thead><tr><th scope="col">${t.criterion}</th><th scope="col">${t.latest}</th><th scope="col">${t.validUntil}</th><th scope="col">${t.assessor}</th><th scope="col">${t.evidence}</th></tr></thead>
            <tbody>${list.criteria.map((k) => {
              const a = k.latest;
              return html`<tr id="criterion-${k.id}"><th scope="row">${criterionText(k, lang)} <span class="meta">(${k.builtIn ? t.builtIn : t.added})</span></th>
                <td data-label="${t.latest}" class="${a ? (a.met ? "" : "overdue") : "due"}" data-outcome>${a ? html`${outcome(a.met)}, <time datetime="${a.assessedOn}">${a.assessedOn}</time>${k.counts ? "" : html` ${t.beforeWithdrawal}`}` : t.notAssessed}</td>
                <td data-label="${t.validUntil}">${a?.validUntil ?? "–"}</td>
                <td data-label="${t.assessor}">${a?.assessor ?? "–"}</td>
                <td data-label="${t.evidence}">${a?.evidence ?? "–"}</td></tr>`;
            })}</tbody></table>`,
          )}
          ${
            manage
              ? html`<section aria-labelledby="record-h"><h2 id="record-h">${t.record}</h2>
            <form method="post" action="${action}" novalidate>${csrfField(c)}
              <div class="field"><label for="criterionId">${t.criterion}</label><select id="criterionId" name="criterionId">${list.criteria.map((k) => html`<option value="${k.id}">${criterionText(k, lang)}</option>`)}</select></div>
              <fieldset><legend>${t.outcome}</legend>
                <label class="check"><input type="radio" id="met-yes" name="met" value="yes" checked /> ${t.met}</label>
                <label class="check"><input type="radio" id="met-no" name="met" value="no" /> ${t.notMet}</label></fieldset>
              <div class="field"><label for="evidence">${t.evidence}</label><p class="meta" id="evidence-hint">${t.evidenceHint}</p><textarea id="evidence" name="evidence" maxlength="2000" aria-describedby="evidence-hint"></textarea></div>
              <div class="field"><label for="assessor">${t.assessor}</label><input id="assessor" name="assessor" maxlength="200" autocomplete="off" /></div>
              <div class="field"><label for="assessedOn">${t.assessedOn}</label><input id="assessedOn" name="assessedOn" type="date" max="${today}" value="${today}" /></div>
              <div class="field"><label for="validUntil">${t.validUntil}</label><p class="meta" id="validUntil-hint">${t.validHint}</p><input id="validUntil" name="validUntil" type="date" value="${addDays(addYears(today, 2), -1)}" aria-describedby="validUntil-hint" /></div>
              <p><button>${t.save}</button></p>
            </form></section>
            ${
              list.withdrawnOn
                ? ""
                : html`<section aria-labelledby="withdraw-h"><h2 id="withdraw-h">${t.withdraw}</h2>
              <form method="post" action="${action}/withdraw" novalidate>${csrfField(c)}
                <p class="meta" id="withdraw-hint">${t.withdrawHint}</p>
                <div class="field"><label for="reason">${t.reason}</label><textarea id="reason" name="reason" maxlength="1000" aria-describedby="withdraw-hint"></textarea></div>
                <p><button class="secondary">${t.withdraw}</button></p>
              </form></section>`
            }
            <p><a href="/staff/certification/criteria">${t.manageCriteria}</a></p>`
              : ""
          }
          <h2 id="history-h">${t.history}</h2>
          ${
            list.history.length
              ? scrollable(
                  t.history,
                  html`<table class="stack"><thead><tr><th scope="col">${t.assessedOn}</th><th scope="col">${t.criterion}</th><th scope="col">${t.outcome}</th><th scope="col">${t.validUntil}</th><th scope="col">${t.assessor}</th><th scope="col">${t.evidence}</th></tr></thead>
                <tbody>${list.history.map((a) => {
                  const k = byId.get(a.criterionId);
                  return html`<tr><td data-label="${t.assessedOn}">${a.assessedOn}</td><td data-label="${t.criterion}">${k ? criterionText(k, lang) : a.criterionId}${k?.retiredOn ? html` <span class="meta" data-retired>(${t.retiredMark(k.retiredOn)})</span>` : ""}</td><td data-label="${t.outcome}">${outcome(a.met)}</td><td data-label="${t.validUntil}">${a.validUntil}</td><td data-label="${t.assessor}">${a.assessor}</td><td data-label="${t.evidence}">${a.evidence}</td></tr>`;
                })}</tbody></table>`,
                )
              : html`<p>${t.noHistory}</p>`
          }`,
      );
    } catch (e) {
      return fail(c, e, "/staff/shelters");
    }
  });

  router.post("/staff/shelters/:shelterId/certification", "shelters.manage", async (c) => {
    const id = c.req.param("shelterId") as string;
    try {
      const b = await formBody(c);
      const met = str(b.met);
      const input = parse(assessmentInput, {
        criterionId: str(b.criterionId) ?? "",
        met: met === "yes" ? true : met === "no" ? false : met,
        evidence: str(b.evidence) ?? "",
        assessor: str(b.assessor) ?? "",
        assessedOn: str(b.assessedOn) ?? "",
        validUntil: str(b.validUntil) ?? "",
      });
      await certification.recordAssessment(ctx(c), id, input);
      return c.redirect(`/staff/shelters/${id}/certification#criterion-${input.criterionId}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/shelters/${id}/certification`);
    }
  });

  router.post("/staff/shelters/:shelterId/certification/withdraw", "shelters.manage", async (c) => {
    const id = c.req.param("shelterId") as string;
    try {
      const b = await formBody(c);
      await certification.withdrawCertification(
        ctx(c),
        id,
        parse(withdrawalInput, { reason: str(b.reason) ?? "" }),
      );
      return c.redirect(`/staff/shelters/${id}/certification`, 303);
    } catch (e) {
      return fail(c, e, `/staff/shelters/${id}/certification`);
    }
  });

  router.get("/staff/certification/criteria", "shelters.manage", async (c) => {
    try {
      const lang = langOf(c);
      const t = TEXT(lang);
      const [criteria, retired] = await Promise.all([
        certification.listCriteria(ctx(c)),
        certification.listRetiredCriteria(ctx(c)),
      ]);
      const retirable = criteria.filter((k) => !k.builtIn);
      const today = swedishToday();
      return page(
        c,
        t.criteria,
        html`<p><a href="/staff/shelters">${t.toRegistry}</a></p><p class="meta">${t.criteriaIntro}</p>
          <ol>${criteria.map((k) => html`<li id="criterion-${k.id}">${criterionText(k, lang)} <span class="meta">(${k.builtIn ? t.builtIn : t.added})</span></li>`)}</ol>
          <h2>${t.addCriterion}</h2>
          <form method="post" action="/staff/certification/criteria" novalidate>${csrfField(c)}
            <div class="field"><label for="textSv">${t.textSv}</label><textarea id="textSv" name="textSv" maxlength="300" lang="sv"></textarea></div>
            <div class="field"><label for="textEn">${t.textEn}</label><textarea id="textEn" name="textEn" maxlength="300" lang="en"></textarea></div>
            <p><button>${t.addSubmit}</button></p>
          </form>
          <section aria-labelledby="retire-h"><h2 id="retire-h">${t.retire}</h2><p class="meta">${t.retireIntro}</p>
          ${
            retirable.length
              ? html`<form method="post" action="/staff/certification/criteria/retire" novalidate>${csrfField(c)}
            <div class="field"><label for="retire-criterionId">${t.criterion}</label><select id="retire-criterionId" name="criterionId">${retirable.map((k) => html`<option value="${k.id}">${criterionText(k, lang)}</option>`)}</select></div>
            <div class="field"><label for="retiredOn">${t.retiredOn}</label><p class="meta" id="retiredOn-hint">${t.retiredOnHint}</p><input id="retiredOn" name="retiredOn" type="date" max="${today}" value="${today}" aria-describedby="retiredOn-hint" /></div>
            <p><button class="secondary">${t.retireSubmit}</button></p>
          </form>`
              : html`<p>${t.noneToRetire}</p>`
          }</section>
          ${
            retired.length
              ? html`<h2 id="retired-h">${t.retiredList}</h2>
          <ul aria-labelledby="retired-h">${retired.map((k) => html`<li id="criterion-${k.id}">${criterionText(k, lang)} <span class="meta">(${t.retiredMark(k.retiredOn)})</span></li>`)}</ul>`
              : ""
          }`,
      );
    } catch (e) {
      return fail(c, e, "/staff/shelters");
    }
  });

  router.post("/staff/certification/criteria", "shelters.manage", async (c) => {
    try {
      const b = await formBody(c);
      const added = await certification.addCriterion(
        ctx(c),
        parse(criterionInput, { textSv: str(b.textSv) ?? "", textEn: str(b.textEn) ?? "" }),
      );
      return c.redirect(`/staff/certification/criteria#criterion-${added.id}`, 303);
    } catch (e) {
      return fail(c, e, "/staff/certification/criteria");
    }
  });

  router.post("/staff/certification/criteria/retire", "shelters.manage", async (c) => {
    try {
      const b = await formBody(c);
      const retiredOn = str(b.retiredOn);
      const retired = await certification.retireCriterion(
        ctx(c),
        str(b.criterionId) ?? "",
        parse(retirementInput, retiredOn ? { retiredOn } : {}),
      );
      return c.redirect(`/staff/certification/criteria#criterion-${retired.id}`, 303);
    } catch (e) {
      return fail(c, e, "/staff/certification/criteria");
    }
  });
}

const REMINDER = defineText({
  title: { sv: "Certifieringar att förnya", en: "Certifications to renew" },
  none: {
    sv: "Ingen certifiering löper ut inom 60 dagar.",
    en: "No certification runs out within 60 days.",
  },
  expiring: {
    sv: (until: string, days: number) => `löper ut ${until} (om ${days} dagar)`,
    en: (until: string, days: number) => `runs out on ${until} (in ${days} days)`,
  },
  expired: {
    sv: (until: string) => `gick ut ${until}`,
    en: (until: string) => `ran out on ${until}`,
  },
});

/** The national team's start page: certifications running out within 60 days or run out this last year. */
export function renewalReminderView(
  reminders: Awaited<ReturnType<typeof certification.renewalReminders>>,
  lang: Lang,
) {
  const t = REMINDER(lang);
  return html`<section aria-labelledby="renewals-h" id="renewals"><h2 id="renewals-h">${t.title}</h2>${
    reminders.length
      ? html`<ul>${reminders.map(
          (r) =>
            html`<li class="${r.certification.state === "expired" ? "overdue" : "due"}"><a href="/staff/shelters/${r.id}/certification">${r.name}</a> (${label("region", r.regionId, lang)}): ${
              r.certification.state === "expired"
                ? t.expired(r.certifiedUntil ?? "")
                : t.expiring(r.certifiedUntil ?? "", r.certification.daysLeft ?? 0)
            }</li>`,
        )}</ul>`
      : html`<p>${t.none}</p>`
  }</section>`;
}
