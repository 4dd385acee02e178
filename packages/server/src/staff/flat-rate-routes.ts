/**
 * The basis for NSP's flat-rate payment, for the national team (ADR 0027): per shelter and
 * month, and per stay, for a year or a month, with CSV and XLSX downloads. Works without
 * JavaScript (a GET form chooses the period).
 */
import type { Db } from "@stodkedjan/db";
import { NSP_FLAT_RATE_DAYS, swedishToday } from "@stodkedjan/domain";
import { html } from "hono/html";
import { ServiceError } from "../cases/errors.ts";
import { type FlatRateBasis, flatRateBasis, flatRatePeriod } from "../shelters/flat-rate.ts";
import { type FlatRateHeadings, flatRateCsv, flatRateXlsx } from "../shelters/flat-rate-export.ts";
import { fail } from "./errors.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label } from "./labels.ts";
import { page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

const TEXT = defineText({
  title: { sv: "Underlag för schablonersättning (NSP)", en: "Flat-rate basis (NSP)" },
  intro: {
    sv: `Dagar i certifierat skyddat boende per placering, boende och månad. Dag 1 är inflyttningsdagen och utslussningsdagen räknas. Schablonersättningen gäller dag 1–${NSP_FLAT_RATE_DAYS}. Dagar efter dag ${NSP_FLAT_RATE_DAYS} redovisas för sig: med beviljad förlängning, eller utan (utanför underlaget). Pågående vistelser räknas till och med i dag.`,
    en: `Days in a certified shelter per placement, shelter and month. Day 1 is the day of arrival and the exit day counts. The flat rate covers days 1–${NSP_FLAT_RATE_DAYS}. Days after day ${NSP_FLAT_RATE_DAYS} are shown apart: with a granted extension, or without (outside the basis). Stays still running are counted up to and including today.`,
  },
  period: { sv: "Period (år ÅÅÅÅ eller månad ÅÅÅÅ-MM)", en: "Period (year YYYY or month YYYY-MM)" },
  periodError: {
    sv: "Skriv ett år som 2026 eller en månad som 2026-03.",
    en: "Write a year such as 2026 or a month such as 2026-03.",
  },
  show: { sv: "Visa", en: "Show" },
  download: { sv: "Ladda ner:", en: "Download:" },
  csv: { sv: "CSV (per placering och månad)", en: "CSV (per placement and month)" },
  xlsx: { sv: "XLSX (båda tabellerna)", en: "XLSX (both tables)" },
  byShelter: { sv: "Per boende och månad", en: "By shelter and month" },
  stays: { sv: "Per placering", en: "By placement" },
  staysSheet: { sv: "Per placering och månad", en: "By placement and month" },
  caseRef: { sv: "Ärende", en: "Case" },
  shelter: { sv: "Boende", en: "Shelter" },
  region: { sv: "Boendets region", en: "Shelter's region" },
  start: { sv: "Inflyttning", en: "Arrival" },
  end: { sv: "Utslussning", en: "Exit" },
  status: { sv: "Status", en: "Status" },
  month: { sv: "Månad", en: "Month" },
  stayCount: { sv: "Placeringar", en: "Placements" },
  flatRate: { sv: "Schablondagar", en: "Flat-rate days" },
  extension: { sv: "Dagar med förlängning", en: "Days under an extension" },
  beyond: { sv: "Dagar utanför underlaget", en: "Days outside the basis" },
  used: {
    sv: `Schablondagar hittills (av ${NSP_FLAT_RATE_DAYS})`,
    en: `Flat-rate days so far (of ${NSP_FLAT_RATE_DAYS})`,
  },
  total: { sv: "Totalt", en: "Total" },
  none: { sv: "Inga vistelser under perioden.", en: "No stays in the period." },
  running: { sv: "pågår", en: "running" },
});

function headings(lang: Lang): FlatRateHeadings {
  const t = TEXT(lang);
  return {
    stays: t.staysSheet,
    byShelter: t.byShelter,
    caseRef: t.caseRef,
    shelter: t.shelter,
    region: t.region,
    start: t.start,
    end: t.end,
    status: t.status,
    month: t.month,
    flatRate: t.flatRate,
    extension: t.extension,
    beyond: t.beyond,
    stayCount: t.stayCount,
    regionName: (id) => label("region", id, lang),
    statusName: (s) => label("referralStatus", s, lang),
  };
}

export function mountFlatRate(router: Router, db: Db) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, principal };
  };
  const periodOf = (c: StaffContext) => c.req.query("period")?.trim() || swedishToday().slice(0, 4);

  const view = (c: StaffContext, typed: string, basis: FlatRateBasis | null) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    const bad = basis === null;
    const q = encodeURIComponent(typed);
    const n = (v: number) => v.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB");
    return page(
      c,
      t.title,
      html`<p class="meta">${t.intro}</p>
        <form method="get" action="/staff/flat-rate" class="filters">
          <div><label for="period">${t.period}</label>${bad ? html`<p class="field-error" id="period-error">${t.periodError}</p>` : ""}<input id="period" name="period" value="${typed}" inputmode="numeric" size="8"${bad ? html` aria-invalid="true" aria-describedby="period-error"` : ""} /></div>
          <div><button>${t.show}</button></div>
        </form>
        ${
          basis
            ? html`<p>${t.download} <a href="/staff/flat-rate/export?period=${q}&amp;format=csv" download>${t.csv}</a>, <a href="/staff/flat-rate/export?period=${q}&amp;format=xlsx" download>${t.xlsx}</a></p>
          <h2 id="by-shelter">${t.byShelter}</h2>
          ${
            basis.byShelterMonth.length
              ? scrollable(
                  t.byShelter,
                  html`<table class="stack"><thead><tr><th scope="col">${t.shelter}</th><th scope="col">${t.month}</th><th scope="col">${t.stayCount}</th><th scope="col">${t.flatRate}</th><th scope="col">${t.extension}</th><th scope="col">${t.beyond}</th></tr></thead>
                <tbody>${basis.byShelterMonth.map(
                  (g) =>
                    html`<tr><th scope="row">${g.shelterName}</th><td data-label="${t.month}">${g.month}</td><td data-label="${t.stayCount}">${n(g.stays)}</td><td data-label="${t.flatRate}" data-flat-rate>${n(g.flatRate)}</td><td data-label="${t.extension}">${n(g.extension)}</td><td data-label="${t.beyond}">${n(g.beyond)}</td></tr>`,
                )}
                <tr><th scope="row">${t.total}</th><td data-label="${t.month}">${basis.period}</td><td data-label="${t.stayCount}">${n(basis.stays.length)}</td><td data-label="${t.flatRate}" data-total-flat-rate>${n(basis.total.flatRate)}</td><td data-label="${t.extension}">${n(basis.total.extension)}</td><td data-label="${t.beyond}">${n(basis.total.beyond)}</td></tr></tbody></table>`,
                )
              : html`<p>${t.none}</p>`
          }
          <h2 id="by-stay">${t.stays}</h2>
          ${
            basis.stays.length
              ? scrollable(
                  t.stays,
                  html`<table class="stack"><thead><tr><th scope="col">${t.caseRef}</th><th scope="col">${t.shelter}</th><th scope="col">${t.start}</th><th scope="col">${t.end}</th><th scope="col">${t.status}</th><th scope="col">${t.flatRate}</th><th scope="col">${t.extension}</th><th scope="col">${t.beyond}</th><th scope="col">${t.used}</th></tr></thead>
                <tbody>${basis.stays.map(
                  (s) =>
                    html`<tr><th scope="row">${s.caseRef}</th><td data-label="${t.shelter}">${s.shelterName}</td><td data-label="${t.start}">${s.start}</td><td data-label="${t.end}">${s.end ?? t.running}</td><td data-label="${t.status}">${label("referralStatus", s.status, lang)}</td><td data-label="${t.flatRate}">${n(s.period.flatRate)}</td><td data-label="${t.extension}">${n(s.period.extension)}</td><td data-label="${t.beyond}">${n(s.period.beyond)}</td><td data-label="${t.used}">${n(s.flatRateUsed)}</td></tr>`,
                )}</tbody></table>`,
                )
              : html`<p>${t.none}</p>`
          }`
            : ""
        }`,
      bad ? 400 : 200,
    );
  };

  router.get("/staff/flat-rate", "shelters.followup", async (c) => {
    const typed = periodOf(c);
    try {
      if (!flatRatePeriod.safeParse(typed).success) return view(c, typed, null);
      return view(c, typed, await flatRateBasis(ctx(c), typed, { format: "page" }));
    } catch (e) {
      return fail(c, e, "/staff/shelters");
    }
  });

  router.get("/staff/flat-rate/export", "shelters.followup", async (c) => {
    const typed = periodOf(c);
    const format = c.req.query("format") === "xlsx" ? "xlsx" : "csv";
    try {
      if (!flatRatePeriod.safeParse(typed).success) return view(c, typed, null);
      const basis = await flatRateBasis(ctx(c), typed, { format });
      const h = headings(langOf(c));
      const name = `schablonunderlag-${typed}`;
      if (format === "csv")
        return c.body(flatRateCsv(basis, h), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${name}.csv"`,
        });
      return c.body(new Uint8Array(await flatRateXlsx(basis, h)), 200, {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${name}.xlsx"`,
      });
    } catch (e) {
      return fail(c, e, "/staff/flat-rate");
    }
  });
}
