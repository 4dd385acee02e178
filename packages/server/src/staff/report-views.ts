/**
 * The annual report in the user's language: the same rows and words for the page and the PDF
 * (`report-pdf.ts`), so the printed and the downloaded report say the same.
 */
import { TOTAL } from "@stodkedjan/domain/statistics";
import { html } from "hono/html";
import { type AnnualReport, cellAt, type ReportTable, type ReportTableId } from "../report/service.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label } from "./labels.ts";
import { page, type StaffContext, scrollable } from "./layout.ts";

export const REPORT_TEXT = defineText({
  title: { sv: "Årsrapport", en: "Annual report" },
  titleYear: { sv: (y: number) => `Årsrapport ${y}`, en: (y: number) => `Annual report ${y}` },
  intro: {
    sv: (y: number) =>
      `De uppgifter som Jämställdhetsmyndigheten redovisar till regeringen för ${y}: ärenden med stöd per region, personer med stöd inom NSP, deltagare i ÅMP och certifierade skyddade boenden per region.`,
    en: (y: number) =>
      `The figures the Swedish Gender Equality Agency reports to the government for ${y}: cases supported per region, persons supported in NSP, participants in ÅMP and certified shelters per region.`,
  },
  year: { sv: "År", en: "Year" },
  badYear: {
    sv: (first: number, last: number) => `Välj ett år mellan ${first} och ${last}.`,
    en: (first: number, last: number) => `Choose a year from ${first} to ${last}.`,
  },
  show: { sv: "Visa", en: "Show" },
  pdf: { sv: "Ladda ner som PDF", en: "Download as PDF" },
  print: {
    sv: "Sidan går att skriva ut direkt från webbläsaren.",
    en: "The page can be printed straight from the browser.",
  },
  control: {
    sv: (k: number) =>
      `Röjandeskydd: ingen siffra under ${k} visas, och inte heller siffror som skulle göra det möjligt att räkna fram en dold siffra ur summor. Dolda siffror visas som ×. Noll visas.`,
    en: (k: number) =>
      `Disclosure control: no figure under ${k} is shown, nor figures from which a hidden one could be worked out through totals. Hidden figures are shown as ×. Zero is shown.`,
  },
  hidden: { sv: "dolt (röjandeskydd)", en: "hidden (disclosure control)" },
  cases: { sv: "Individärenden per region", en: "Individual cases per region" },
  casesNote: {
    sv: (y: number) =>
      `Ärenden om en enskild person som öppnades under ${y}, som i den nationella statistiken. Konsultationer räknas inte.`,
    en: (y: number) =>
      `Cases about one person opened in ${y}, as in the national statistics. Consultations are not counted.`,
  },
  nsp: { sv: "Personer med stöd inom NSP", en: "Persons supported in NSP" },
  nspNote: {
    sv: "Personer vars placering i ett skyddat boende eller stöd utan boende inleddes under året, var och en en gång.",
    en: "Persons whose shelter placement or support without housing began during the year, each once.",
  },
  amp: { sv: "Deltagare i ÅMP efter kön och åldersgrupp", en: "ÅMP participants by gender and age group" },
  ampNote: {
    sv: "Ansökningar till återvändandeprogrammet som beviljades under året.",
    en: "Applications to the return programme approved during the year.",
  },
  shelters: { sv: "Certifierade skyddade boenden per region", en: "Certified shelters per region" },
  sheltersNote: {
    sv: (on: string) =>
      `Boenden i registret vars certifiering gällde ${on}. Boenden är organisationer, inte personer, och omfattas inte av röjandeskyddet.`,
    en: (on: string) =>
      `Shelters in the registry whose certification held on ${on}. Shelters are organisations, not people, and are not under disclosure control.`,
  },
  region: { sv: "Region", en: "Region" },
  group: { sv: "Grupp", en: "Group" },
  gender: { sv: "Kön", en: "Gender" },
  total: { sv: "Totalt", en: "Total" },
  persons: { sv: "Personer", en: "Persons" },
  certified: { sv: "Certifierade boenden", en: "Certified shelters" },
  adult: { sv: "Vuxna", en: "Adults" },
  child: { sv: "Barn", en: "Children" },
  "child-home-country": { sv: "Barn i hemlandet", en: "Children in the home country" },
  generated: {
    sv: (at: string) => `Sammanställd ${at} ur Stödkedjan.`,
    en: (at: string) => `Compiled ${at} from Stödkedjan.`,
  },
});

/** A table as the report shows it: a caption, column heads, rows of a label and texts (null = hidden). */
export interface ShownTable {
  id: ReportTableId | "shelters";
  caption: string;
  note: string;
  head: string[];
  rows: { label: string; cells: (string | null)[]; total?: boolean }[];
}

const shown = (table: ReportTable, ...coords: (string | null)[]) => {
  const cell = cellAt(table, ...coords);
  return cell?.value === null || cell?.value === undefined ? null : String(cell.value);
};

/** The report's four tables, in the user's language. */
export function shownTables(report: AnnualReport, lang: Lang): ShownTable[] {
  const t = REPORT_TEXT(lang);
  const table = (id: ReportTableId) => report.tables.find((x) => x.id === id) as ReportTable;
  const cases = table("cases");
  const nsp = table("nsp");
  const amp = table("amp");
  const byAge = (tbl: ReportTable, first: string | null) => [
    shown(tbl, first, "adult"),
    shown(tbl, first, "child"),
    shown(tbl, first, TOTAL),
  ];
  const casesRegions = cases.dimensions[0]?.categories ?? [];
  const genders = amp.dimensions[0]?.categories ?? [];
  const groups = nsp.dimensions[0]?.categories ?? [];
  return [
    {
      id: "cases",
      caption: t.cases,
      note: t.casesNote(report.year),
      head: [t.region, t.adult, t.child, t.total],
      rows: [
        ...casesRegions.map((r) => ({ label: label("region", r, lang), cells: byAge(cases, r) })),
        { label: t.total, cells: byAge(cases, TOTAL), total: true },
      ],
    },
    {
      id: "nsp",
      caption: t.nsp,
      note: t.nspNote,
      head: [t.group, t.persons],
      rows: [
        ...groups.map((g) => ({
          label: t[g as "adult" | "child" | "child-home-country"],
          cells: [shown(nsp, g)],
        })),
        { label: t.total, cells: [shown(nsp, TOTAL)], total: true },
      ],
    },
    {
      id: "amp",
      caption: t.amp,
      note: t.ampNote,
      head: [t.gender, t.adult, t.child, t.total],
      rows: [
        ...genders.map((g) => ({ label: label("gender", g, lang), cells: byAge(amp, g) })),
        { label: t.total, cells: byAge(amp, TOTAL), total: true },
      ],
    },
    {
      id: "shelters",
      caption: t.shelters,
      note: t.sheltersNote(report.sheltersOn),
      head: [t.region, t.certified],
      rows: [
        ...report.shelters.map((s) => ({
          label: label("region", s.regionId, lang),
          cells: [String(s.certified)],
        })),
        {
          label: t.total,
          cells: [String(report.shelters.reduce((sum, s) => sum + s.certified, 0))],
          total: true,
        },
      ],
    },
  ];
}

function tableHtml(tbl: ShownTable, lang: Lang) {
  const t = REPORT_TEXT(lang);
  const cell = (v: string | null) =>
    v === null
      ? html`<td class="num"><span aria-hidden="true">×</span><span class="visually-hidden">${t.hidden}</span></td>`
      : html`<td class="num">${v}</td>`;
  return html`<section aria-labelledby="report-${tbl.id}"><h2 id="report-${tbl.id}">${tbl.caption}</h2>
    <p class="meta">${tbl.note}</p>
    ${scrollable(
      tbl.caption,
      html`<table class="report"><thead><tr>${tbl.head.map((h, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ""}>${h}</th>`)}</tr></thead>
      <tbody>${tbl.rows.map(
        (r) =>
          html`<tr${r.total ? html` class="total"` : ""}><th scope="row">${r.label}</th>${r.cells.map(cell)}</tr>`,
      )}</tbody></table>`,
    )}</section>`;
}

export function reportPage(c: StaffContext, report: AnnualReport, years: number[], badYear = false) {
  const lang = langOf(c);
  const t = REPORT_TEXT(lang);
  const error = badYear
    ? html`<div class="field-error" id="year-error"><p>${t.badYear(years.at(-1) ?? report.year, years[0] ?? report.year)}</p></div>`
    : "";
  return page(
    c,
    t.titleYear(report.year),
    html`<p>${t.intro(report.year)}</p>
      <form method="get" action="/staff/report" class="year-choice">
        <div class="field"><label for="year">${t.year}</label>${error}
          <select id="year" name="year"${badYear ? html` aria-invalid="true" aria-describedby="year-error"` : ""}>${years.map((y) => html`<option value="${y}"${y === report.year ? html` selected` : ""}>${y}</option>`)}</select></div>
        <p><button>${t.show}</button></p>
      </form>
      <p class="no-print"><a class="button" href="/staff/report/pdf?year=${report.year}" download>${t.pdf}</a> <span class="meta">${t.print}</span></p>
      <p class="notice">${t.control(report.threshold)}</p>
      ${shownTables(report, lang).map((tbl) => tableHtml(tbl, lang))}`,
    badYear ? 400 : 200,
  );
}
