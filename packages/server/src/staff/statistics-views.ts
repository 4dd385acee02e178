/**
 * The national statistics page: a GET form for period and region, then every table with its
 * suppressed cells marked, a server-rendered SVG chart with its table for the main figures, and
 * downloads (CSV per table, XLSX per table or all). Also the sheets the downloads are made of, so
 * that a download shows exactly what the page shows.
 */
import { REGION_IDS } from "@stodkedjan/domain/case-codes";
import { html, raw } from "hono/html";
import { barChartSvg } from "../charts/index.ts";
import type { Sheet } from "../exports/index.ts";
import type { AnyTableId, DimensionName } from "../statistics/catalogue.ts";
import type { StatCell, Statistics, StatTable } from "../statistics/service.ts";
import { countryName } from "./amp-views.ts";
import { defineText, type Lang } from "./i18n.ts";
import { label, labelsOf } from "./labels.ts";
import { page, type StaffContext, scrollable } from "./layout.ts";

/** The one symbol for a suppressed cell, on pages and in downloads. */
export const SUPPRESSED = "×";

const TEXT = defineText({
  title: { sv: "Nationell statistik", en: "National statistics" },
  from: { sv: "Från och med", en: "From" },
  to: { sv: "Till och med", en: "To" },
  region: { sv: "Region", en: "Region" },
  allRegions: { sv: "Hela landet", en: "The whole country" },
  show: { sv: "Visa", en: "Show" },
  period: {
    sv: (shown: string, from: string, to: string) => `Visar ${shown} (${from} – ${to}).`,
    en: (shown: string, from: string, to: string) => `Showing ${shown} (${from} – ${to}).`,
  },
  widened: {
    sv: (from: string, to: string) =>
      `Du valde ${from} – ${to}. Statistiken redovisas per kalenderår, så perioden visas som hela året: två perioder som överlappar skulle annars kunna jämföras för att räkna fram små tal.`,
    en: (from: string, to: string) =>
      `You chose ${from} – ${to}. The statistics are published per calendar year, so the period is shown as the whole year: two overlapping periods could otherwise be compared to work out small counts.`,
  },
  regionNote: {
    sv: "Tabeller per region visar den valda regionen och hela landet; övriga tabeller gäller hela landet.",
    en: "Tables by region show the chosen region and the whole country; the other tables are for the whole country.",
  },
  legendTitle: { sv: "Dolda uppgifter", en: "Hidden figures" },
  legend: {
    sv: (k: number) =>
      `${SUPPRESSED} betyder att uppgiften är dold: antal mellan 1 och ${k - 1} visas inte, och inte heller uppgifter som annars skulle gå att räkna fram ur summor, andra tabeller eller perioder. 0 betyder att ingen fanns i gruppen.`,
    en: (k: number) =>
      `${SUPPRESSED} means the figure is hidden: counts from 1 to ${k - 1} are not shown, nor any figure that could otherwise be worked out from totals, other tables or periods. 0 means there was nobody in the group.`,
  },
  suppressedCell: { sv: "dold uppgift", en: "hidden figure" },
  total: { sv: "Totalt", en: "Total" },
  count: { sv: "Antal", en: "Count" },
  days: { sv: "Dagar", en: "Days" },
  shelters: { sv: "Boenden", en: "Shelters" },
  download: { sv: "Ladda ned:", en: "Download:" },
  downloadAll: { sv: "Alla tabeller som XLSX", en: "All tables as XLSX" },
  chartOf: {
    sv: (what: string) => `${what}, stapeldiagram; siffrorna finns i tabellen nedan`,
    en: (what: string) => `${what}, bar chart; the figures are in the table below`,
  },
  multiNote: {
    sv: "Ett ärende kan ha flera exploateringsformer, så formerna summerar till mer än totalen.",
    en: "A case can have several forms of exploitation, so the forms add up to more than the total.",
  },
  daysNote: {
    sv: "Schablondagar för placeringar som började under perioden: vistelsens dagar (högst 90 om placeringen inte förlängts), dolda där antalet placeringar är dolt.",
    en: "Flat-rate days of placements that began in the period: the days of the stay (at most 90 unless extended), hidden where the number of placements is hidden.",
  },
  sheltersNote: {
    sv: "Boenden, inte personer: registret är offentligt och visas utan röjandekontroll. Certifierade vid periodens slut (eller i dag).",
    en: "Shelters, not persons: the registry is public and shown without disclosure control. Certified at the end of the period (or today).",
  },
  stepNote: {
    sv: "Steg: det steg ärendet har nått (nuvarande steg).",
    en: "Step: the step the case has reached (its current step).",
  },
  nspNote: {
    sv: "En person räknas en gång, i regionen och månaden för sin första NSP-insats under året.",
    en: "A person is counted once, in the region and month of their first NSP support in the year.",
  },
  ampNote: {
    sv: "Deltagare: ansökningar som IOM har beviljat under perioden.",
    en: "Participants: applications IOM approved in the period.",
  },
  countryNote: {
    sv: "Deltagare (beviljade ansökningar) per land de återvände till. Länder utan deltagare under året listas inte; ”Ej angivet” är ansökningar utan registrerat land.",
    en: "Participants (approved applications) by the country they returned to. Countries with no participant in the year are not listed; “Not recorded” are applications with no country recorded.",
  },
});

const TABLE_TITLES = defineText({
  "individual-form": {
    sv: "Individärenden per region och exploateringsform",
    en: "Individual cases by region and form of exploitation",
  },
  "individual-category": {
    sv: "Individärenden per region och kategori",
    en: "Individual cases by region and category",
  },
  "individual-age": {
    sv: "Individärenden per region och åldersgrupp",
    en: "Individual cases by region and age group",
  },
  "individual-gender": {
    sv: "Individärenden per region och kön",
    en: "Individual cases by region and gender",
  },
  "individual-org": {
    sv: "Individärenden per region och remitterande organisation",
    en: "Individual cases by region and referring organisation",
  },
  "individual-step": {
    sv: "Individärenden per region och steg i stöd- och skyddsprocessen",
    en: "Individual cases by region and step of the support and protection process",
  },
  "consultation-org": {
    sv: "Konsultationer per region och remitterande organisation",
    en: "Consultations by region and referring organisation",
  },
  "consultation-form": {
    sv: "Konsultationer per region och exploateringsform",
    en: "Consultations by region and form of exploitation",
  },
  "nsp-persons": { sv: "Personer med stöd inom NSP per region", en: "Persons supported in NSP by region" },
  "nsp-placements": {
    sv: "Placeringar i skyddat boende (NSP) per region",
    en: "Placements in protected shelters (NSP) by region",
  },
  "nsp-flat-rate-days": { sv: "Schablondagar per region", en: "Flat-rate days by region" },
  "amp-gender-age": {
    sv: "Deltagare i ÅMP per kön och åldersgrupp",
    en: "ÅMP participants by gender and age group",
  },
  "amp-form": { sv: "Deltagare i ÅMP per exploateringsform", en: "ÅMP participants by form of exploitation" },
  "amp-region": { sv: "Deltagare i ÅMP per region", en: "ÅMP participants by region" },
  "amp-country": { sv: "Deltagare i ÅMP per återvändandeland", en: "ÅMP participants by return country" },
  reflection: {
    sv: "Ansökningar om betänketid per region och utfall",
    en: "Applications for a reflection period by region and outcome",
  },
  "shelters-certified": {
    sv: "Certifierade skyddade boenden per region",
    en: "Certified protected shelters by region",
  },
});

const DIMENSION_NAMES = defineText({
  region: { sv: "Region", en: "Region" },
  form: { sv: "Exploateringsform", en: "Form of exploitation" },
  category: { sv: "Kategori", en: "Category" },
  ageGroup: { sv: "Åldersgrupp", en: "Age group" },
  gender: { sv: "Kön", en: "Gender" },
  referringOrg: { sv: "Remitterande organisation", en: "Referring organisation" },
  step: { sv: "Steg", en: "Step" },
  nspGroup: { sv: "Grupp", en: "Group" },
  outcome: { sv: "Utfall", en: "Outcome" },
  returnCountry: { sv: "Återvändandeland", en: "Return country" },
});

const OWN_LABELS = defineText({
  unknownCategory: { sv: "Ej angiven", en: "Not recorded" },
  unknownCountry: { sv: "Ej angivet", en: "Not recorded" },
  adult: { sv: "Vuxna", en: "Adults" },
  child: { sv: "Barn i Sverige", en: "Children in Sweden" },
  "child-home-country": { sv: "Barn i hemlandet", en: "Children in their home country" },
  granted: { sv: "Beviljad", en: "Granted" },
  rejected: { sv: "Avslagen", en: "Refused" },
  pending: { sv: "Ej avgjord eller återkallad", en: "Pending or withdrawn" },
});

const NOTES: Partial<Record<AnyTableId, keyof ReturnType<typeof TEXT>>> = {
  "individual-form": "multiNote",
  "consultation-form": "multiNote",
  "amp-form": "multiNote",
  "individual-step": "stepNote",
  "nsp-persons": "nspNote",
  "nsp-flat-rate-days": "daysNote",
  "amp-gender-age": "ampNote",
  "amp-country": "countryNote",
  "shelters-certified": "sheltersNote",
};

/** Tables drawn as a chart too: the bars are the row totals, or the column totals. */
const CHARTS: Partial<Record<AnyTableId, "rows" | "columns">> = {
  "individual-gender": "rows",
  "consultation-org": "rows",
  "nsp-persons": "columns",
  "amp-gender-age": "rows",
  "amp-country": "rows",
};

/** A coded value's words; null is the total (or "the whole country" for regions). */
export function valueLabel(dim: DimensionName, value: string | null, lang: Lang): string {
  const own = OWN_LABELS(lang);
  if (value === null) return dim === "region" ? TEXT(lang).allRegions : TEXT(lang).total;
  switch (dim) {
    case "category":
      return value === "unknown" ? own.unknownCategory : label("category", value, lang);
    case "nspGroup":
    case "outcome":
      return own[value as "adult"];
    case "step":
      return label("step", Number(value), lang);
    case "returnCountry":
      return value === "unknown" ? own.unknownCountry : countryName(value, lang);
    default:
      return label(dim, value, lang);
  }
}

export const tableTitle = (id: AnyTableId, lang: Lang) => TABLE_TITLES(lang)[id];

const unitName = (t: StatTable, lang: Lang) => TEXT(lang)[t.unit === "count" ? "count" : t.unit];

/** Column headings: the row dimension, then each column (or the unit for a one-way table). */
function headings(t: StatTable, lang: Lang): string[] {
  const dims = DIMENSION_NAMES(lang);
  const first = dims[t.rowDimension];
  if (!t.columnDimension) return [first, unitName(t, lang)];
  return [first, ...t.columns.map((c) => valueLabel(t.columnDimension as DimensionName, c, lang))];
}

/** A table as a download's sheet: the same rows and symbols as on the page. */
export function sheetOf(t: StatTable, s: Statistics, lang: Lang): Sheet {
  const w = TEXT(lang);
  const note = NOTES[t.id];
  return {
    name: tableTitle(t.id, lang),
    columns: headings(t, lang),
    rows: t.rows.map((r) => [
      valueLabel(t.rowDimension, r.key, lang),
      ...r.cells.map((c) => (c.status === "shown" ? c.value : SUPPRESSED)),
    ]),
    note: [
      `${tableTitle(t.id, lang)}. ${w.period(s.period.id, s.period.from, s.period.to)}`,
      note ? w[note] : "",
      t.controlled ? w.legend(s.threshold) : "",
    ]
      .filter(Boolean)
      .join(" ") as string,
  };
}

const cellHtml = (c: StatCell, lang: Lang) =>
  c.status === "shown"
    ? html`<td>${c.value}</td>`
    : html`<td class="suppressed">${SUPPRESSED}<span class="visually-hidden"> (${TEXT(lang).suppressedCell})</span></td>`;

function chartOf(t: StatTable, lang: Lang): string {
  const by = CHARTS[t.id];
  if (!by) return "";
  const bars =
    by === "rows"
      ? t.rows
          .filter((r) => r.key !== null)
          .map((r) => {
            const total = r.cells.at(-1) as StatCell;
            return { label: valueLabel(t.rowDimension, r.key, lang), value: total.value };
          })
      : t.columns
          .map((col, i) => ({ col, cell: t.rows.at(-1)?.cells[i] as StatCell }))
          .filter(({ col }) => col !== null)
          .map(({ col, cell }) => ({
            label: valueLabel(t.columnDimension as DimensionName, col, lang),
            value: cell.value,
          }));
  return barChartSvg({
    title: TEXT(lang).chartOf(tableTitle(t.id, lang)),
    bars,
    missingLabel: SUPPRESSED,
  });
}

const query = (s: Statistics, extra: Record<string, string>) =>
  new URLSearchParams({
    from: s.requested.from,
    to: s.requested.to,
    ...(s.regionId ? { region: s.regionId } : {}),
    ...extra,
  }).toString();

function tableSection(t: StatTable, s: Statistics, lang: Lang) {
  const w = TEXT(lang);
  const title = tableTitle(t.id, lang);
  const head = headings(t, lang);
  const note = NOTES[t.id];
  const chart = chartOf(t, lang);
  return html`<section aria-labelledby="t-${t.id}"><h2 id="t-${t.id}">${title}</h2>
    ${chart ? html`<figure class="figure">${raw(chart)}</figure>` : ""}
    ${scrollable(
      title,
      html`<table><caption class="visually-hidden">${title}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${t.rows.map(
        (r) =>
          html`<tr><th scope="row">${valueLabel(t.rowDimension, r.key, lang)}</th>${r.cells.map((c) => cellHtml(c, lang))}</tr>`,
      )}</tbody></table>`,
    )}
    ${note ? html`<p class="meta">${w[note]}</p>` : ""}
    <p class="meta">${w.download} <a href="/staff/statistics/export?${query(s, { table: t.id, format: "csv" })}" download>CSV<span class="visually-hidden">: ${title}</span></a> · <a href="/staff/statistics/export?${query(s, { table: t.id, format: "xlsx" })}" download>XLSX<span class="visually-hidden">: ${title}</span></a></p>
  </section>`;
}

export interface FilterValues {
  from: string;
  to: string;
  region: string;
}

export function statisticsPage(
  c: StaffContext,
  lang: Lang,
  values: FilterValues,
  issues: { path: string; message: string }[],
  s: Statistics | null,
) {
  const w = TEXT(lang);
  const errorOf = (f: string) => issues.find((i) => i.path === f)?.message;
  const invalid = (f: string) => (errorOf(f) ? html` aria-invalid="true" aria-describedby="${f}-error"` : "");
  const error = (f: string) =>
    errorOf(f) ? html`<p class="field-error" id="${f}-error">${errorOf(f)}</p>` : "";
  const regions = labelsOf("region", lang);
  const form = html`<form method="get" action="/staff/statistics" class="filters">
    <div class="field"><label for="from">${w.from}</label>${error("from")}<input id="from" name="from" type="date" value="${values.from}"${invalid("from")} /></div>
    <div class="field"><label for="to">${w.to}</label>${error("to")}<input id="to" name="to" type="date" value="${values.to}"${invalid("to")} /></div>
    <div class="field"><label for="region">${w.region}</label>${error("region")}<select id="region" name="region"${invalid("region")}><option value="">${w.allRegions}</option>${REGION_IDS.map(
      (r) => html`<option value="${r}"${r === values.region ? " selected" : ""}>${regions[r] ?? r}</option>`,
    )}</select></div>
    <p><button>${w.show}</button></p></form>`;
  if (!s) return page(c, w.title, form, 400);
  const widened = s.requested.from !== s.period.from || s.requested.to !== s.period.to;
  return page(
    c,
    w.title,
    html`${form}
      <p role="status">${w.period(s.period.id, s.period.from, s.period.to)}${widened ? html` ${w.widened(s.requested.from, s.requested.to)}` : ""}${s.regionId ? html` ${w.regionNote}` : ""}</p>
      <section aria-labelledby="legend" class="notice"><h2 id="legend">${w.legendTitle}</h2><p>${w.legend(s.threshold)}</p></section>
      <p><a href="/staff/statistics/export?${query(s, { table: "all", format: "xlsx" })}" download>${w.downloadAll}</a></p>
      ${s.tables.map((t) => tableSection(t, s, lang))}`,
  );
}

export const PERIOD_ISSUES = defineText({
  date: { sv: "Ange ett datum (ÅÅÅÅ-MM-DD).", en: "Enter a date (YYYY-MM-DD)." },
  order: { sv: "Slutdatumet är före startdatumet.", en: "The end date is before the start date." },
  year: {
    sv: "Välj en period inom ett kalenderår.",
    en: "Choose a period within one calendar year.",
  },
  period: { sv: "Perioden kan inte visas.", en: "The period cannot be shown." },
  region: { sv: "Välj en region i listan.", en: "Choose a region from the list." },
});
