/**
 * The researcher's page: what the HTCDS 2.0 extract contains (the Core fields filled and not, and
 * why; our extensions), the privacy rules it is released under, the download form and the
 * researcher's own downloads as the audit log recorded them.
 */
import { EXTRACT_COLUMNS, HTCDS_EXTENSIONS, HTCDS_FIELDS, HTCDS_VERSION } from "@stodkedjan/domain/htcds";
import { html } from "hono/html";
import type { ExtractDownload } from "../research/service.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { page, type StaffContext, scrollable } from "./layout.ts";

export const RESEARCH_TEXT = defineText({
  title: { sv: "Forskningsuttag (HTCDS 2.0)", en: "Research extract (HTCDS 2.0)" },
  intro: {
    sv: (k: number) =>
      `Uttaget har en rad per individärende som registrerades under de år du väljer, ordnad enligt IOM:s standard för ärendedata om människohandel (HTCDS ${HTCDS_VERSION}). Det är pseudonymiserat och följer CTDC:s praxis för öppna data: bara årtal (aldrig datum), åldersband i stället för födelseår, och ingen kombination av kön, åldersband, myndighetsålder, region, medborgarskap, exploateringsformer och registreringsår som delas av färre än ${k} rader. Sällsynta värden görs först mer allmänna; rader som ändå är för ovanliga utelämnas. Inga namn, ärendenummer, kommuner eller fritext följer med.`,
    en: (k: number) =>
      `The extract has one row per individual case registered in the years you choose, structured after IOM's Human Trafficking Case Data Standard (HTCDS ${HTCDS_VERSION}). It is pseudonymised and follows CTDC's public-data practice: years only (never dates), age bands instead of birth years, and no combination of gender, age band, minor/adult, region, citizenship, forms of exploitation and year of registration shared by fewer than ${k} rows. Rare values are first made more general; rows still too rare are left out. No names, case numbers, municipalities or free text are included.`,
  },
  audited: {
    sv: "Varje nedladdning skrivs i åtkomstloggen: vem, när, vilka år och hur många rader.",
    en: "Every download is written to the audit log: who, when, which years and how many rows.",
  },
  download: { sv: "Ladda ner uttaget", en: "Download the extract" },
  fromYear: { sv: "Från och med år", en: "From year" },
  toYear: { sv: "Till och med år", en: "To year" },
  format: { sv: "Format", en: "Format" },
  csv: {
    sv: "CSV (flera värden i en cell skiljs med semikolon)",
    en: "CSV (several values in a cell separated by semicolons)",
  },
  json: { sv: "JSON", en: "JSON" },
  badYears: {
    sv: "Välj år så att perioden börjar före eller samma år som den slutar.",
    en: "Choose years so that the period starts before or in the year it ends.",
  },
  filled: { sv: "Core-fält som fylls i", en: "Core fields filled in" },
  field: { sv: "Fält", en: "Field" },
  from: { sv: "Från", en: "From" },
  notFilled: { sv: "Core-fält som inte fylls i – och varför", en: "Core fields not filled in – and why" },
  why: { sv: "Varför", en: "Why" },
  extensions: { sv: "Tillägg (ext_)", en: "Extensions (ext_)" },
  extensionsIntro: {
    sv: "Där HTCDS saknar fält lägger uttaget till egna, med prefixet ext_ så att de inte kan förväxlas med standardens.",
    en: "Where HTCDS has no field, the extract adds its own, prefixed ext_ so that they cannot be mistaken for the standard's.",
  },
  values: { sv: "Värden", en: "Values" },
  mine: { sv: "Dina nedladdningar", en: "Your downloads" },
  noneYet: { sv: "Du har inte laddat ner något uttag ännu.", en: "You have not downloaded an extract yet." },
  when: { sv: "När (UTC)", en: "When (UTC)" },
  years: { sv: "År", en: "Years" },
  rows: { sv: "Rader", en: "Rows" },
});

/** Where each filled HTCDS field comes from, in both languages. */
const FILLED = defineText({
  prs_Gender: { sv: "Personens kön", en: "The person's gender" },
  prs_Citizenship: {
    sv: "Medborgarskap (ISO 3166); tomt om det är ovanligt",
    en: "Citizenship (ISO 3166); empty where rare",
  },
  vic_TraffickingStatus: {
    sv: "Alltid PossibleVictimOfTrafficking: Stödkedjan registrerar stöd, inte ett formellt identifieringsbeslut",
    en: "Always PossibleVictimOfTrafficking: Stödkedjan records support, not a formal identification decision",
  },
  vic_TypeOfExploitation: { sv: "Exploateringsformer", en: "Forms of exploitation" },
  vic_TypeOfSexExploitation: {
    sv: "Prostitution, när kategorin är det",
    en: "Prostitution, when that is the category",
  },
  cas_Status: { sv: "Ärendets status och ÅMP-fas", en: "The case's status and ÅMP phase" },
  cas_ReasonForCaseClosure: {
    sv: "Det kodade skälet till avslut (aldrig fritext)",
    en: "The coded reason for closing (never free text)",
  },
  cas_ReferringOrganisation: {
    sv: "Den hänvisande organisationens typ (org_Type)",
    en: "The referring organisation's type (org_Type)",
  },
  cas_IncomingReferralDate: { sv: "Året ärendet öppnades", en: "The year the case was opened" },
  cas_ReferredOrganisation: {
    sv: "Typen av organisation som hänvisningar gick till",
    en: "The type of organisation referrals went to",
  },
  cas_ReasonForOutgoingReferral: { sv: "Av hänvisningarnas slag", en: "From the kinds of referral" },
  cas_OutgoingReferralDate: { sv: "Året för den första hänvisningen", en: "The year of the first referral" },
});

const REASONS = defineText({
  identifying: {
    sv: "Identifierande; lagras bara krypterat och lämnar aldrig systemet i ett uttag",
    en: "Identifying; stored only encrypted and never leaves in an extract",
  },
  birthdate: {
    sv: "CTDC lämnar inga födelsedatum; födelseåret blir ext_AgeBand",
    en: "CTDC releases no dates of birth; the birth year becomes ext_AgeBand",
  },
  decision: {
    sv: "Inget formellt beslut om offerstatus registreras",
    en: "No formal decision on victim status is recorded",
  },
  notRecorded: {
    sv: "Registreras inte i dag (platser vore dessutom identifierande i så liten population)",
    en: "Not recorded today (places would also identify in so small a population)",
  },
  deprecated: {
    sv: "Utgått i HTCDS 2.0 och registreras inte",
    en: "Deprecated in HTCDS 2.0 and not recorded",
  },
  people: {
    sv: "Handläggare är personer, inte uppgifter om ärendet",
    en: "Case workers are people, not data about the case",
  },
  freeText: { sv: "Fritext eller ingen kod registreras", en: "Free text, or no code is recorded" },
  consent: {
    sv: "Samtycke registreras inte som fält; uttaget är pseudonymiserat och röjandeskyddat",
    en: "Consent is not recorded as a field; the extract is pseudonymised and disclosure-controlled",
  },
});
type Reason = keyof ReturnType<typeof REASONS>;

/** Why a Core field is left empty. Every unfilled Core field has one (research.test.ts checks). */
export function unfilledReason(name: string): Reason | null {
  if (name === "prs_Birthdate") return "birthdate";
  if (name.startsWith("prs_")) return "identifying";
  if (name === "vic_TraffickingStatusDecisionMakingOrg") return "decision";
  if (name === "vic_Vulnerabilities" || name === "vic_DetailsOfVulnerabilities") return "deprecated";
  if (
    /^vic_(MethodOfRecruitment|LocationOfRecruitment|MethodsOfControl|ForcedLabourIndustry|LocationOfExploitation)$/.test(
      name,
    )
  )
    return "notRecorded";
  if (/^cas_(CaseOwner|ReferringPrimaryCaseWorker|ReferredPrimaryCaseWorker)$/.test(name)) return "people";
  if (/^cas_(ReasonForIncomingReferral|IncomingReferralDetails|OutgoingReferralDetails)$/.test(name))
    return "freeText";
  if (name === "con_Consent") return "consent";
  return null;
}

const columns = EXTRACT_COLUMNS as readonly string[];
export const FILLED_CORE = HTCDS_FIELDS.filter((f) => f.core && columns.includes(f.name)).map((f) => f.name);
export const UNFILLED_CORE = HTCDS_FIELDS.filter((f) => f.core && !columns.includes(f.name)).map(
  (f) => f.name,
);

/** Swedish descriptions of the extensions (the English ones are the domain's). */
const EXTENSION_SV: Record<string, string> = {
  ext_YearOfRegistration: "Året ärendet öppnades (CTDC:s yearOfRegistration); inget datum lämnas ut.",
  ext_AgeBand: "Ålder vid registrering i CTDC:s åldersband, från födelseåret; i stället för prs_Birthdate.",
  ext_MajorityStatus: "Barn (under 18) eller vuxen vid registrering (CTDC:s majorityStatus).",
  ext_Region: "Den polisregion vars regionkoordinator har ärendet; exploateringslandet är Sverige.",
  ext_Category:
    "Den svenska rättsliga kategorin: människohandel (BrB 4:1 a), människoexploatering (4:1 b) samt prostitution eller sexuell exploatering av barn.",
  ext_ForcedCriminality:
    "Utnyttjad för brott (stöld, narkotikahantering): HTCDS tog bort IllicitActivities i 1.0.",
  ext_StepReached: "Steget i stöd- och skyddsprocessen (1 identifiering … 6 ett tryggt återvändande).",
  ext_ReflectionPeriod:
    "Hur långt en ansökan om betänketid (30 dagars tidsbegränsat uppehållstillstånd som Migrationsverket beslutar om) kom.",
  ext_NspPlacement:
    "Hur långt en placering i ett NSP-certifierat skyddat boende kom; förlängd betyder utöver de 90 dagarna med schablonbelopp.",
  ext_NspSupport: "NSP-stöd utan boende som påbörjades, och om något gavs i hemlandet.",
  ext_AmpStatus: "Hur långt en ansökan till ÅMP, IOM:s program för frivilligt återvändande, kom.",
  ext_AmpPhase: "Fasen ett beviljat återvändande har nått: före återvändandet, resan, återintegrering.",
};

export interface ResearchPageData {
  k: number;
  years: number[];
  values: { fromYear?: string | undefined; toYear?: string | undefined; format?: string | undefined };
  badYears: boolean;
  downloads: ExtractDownload[];
}

export function researchPage(c: StaffContext, d: ResearchPageData) {
  const lang: Lang = langOf(c);
  const t = RESEARCH_TEXT(lang);
  const filled = FILLED(lang) as Record<string, string>;
  const reasons = REASONS(lang);
  const first = d.years[0];
  const last = d.years.at(-1);
  const fromYear = d.values.fromYear ?? String(first);
  const toYear = d.values.toYear ?? String(last);
  const format = d.values.format === "json" ? "json" : "csv";
  const yearOptions = (selected: string) =>
    d.years.map(
      (y) => html`<option value="${y}"${String(y) === selected ? html` selected` : ""}>${y}</option>`,
    );
  const invalid = d.badYears ? html` aria-invalid="true" aria-describedby="toYear-error"` : "";
  return page(
    c,
    t.title,
    html`<p>${t.intro(d.k)}</p>
      <p class="meta">${t.audited}</p>
      <form method="get" action="/staff/research/extract" class="extract-form">
        <div class="field"><label for="fromYear">${t.fromYear}</label>
          <select id="fromYear" name="fromYear">${yearOptions(fromYear)}</select></div>
        <div class="field"><label for="toYear">${t.toYear}</label>${
          d.badYears ? html`<div class="field-error" id="toYear-error"><p>${t.badYears}</p></div>` : ""
        }
          <select id="toYear" name="toYear"${invalid}>${yearOptions(toYear)}</select></div>
        <fieldset class="field"><legend>${t.format}</legend>
          <label class="check"><input type="radio" name="format" value="csv"${format === "csv" ? html` checked` : ""} /> ${t.csv}</label>
          <label class="check"><input type="radio" name="format" value="json"${format === "json" ? html` checked` : ""} /> ${t.json}</label>
        </fieldset>
        <p><button>${t.download}</button></p>
      </form>
      <section aria-labelledby="mine"><h2 id="mine">${t.mine}</h2>
        ${
          d.downloads.length
            ? scrollable(
                t.mine,
                html`<table class="downloads"><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.years}</th><th scope="col">${t.format}</th><th scope="col" class="num">${t.rows}</th></tr></thead><tbody>${d.downloads.map(
                  (x) =>
                    html`<tr><td>${x.at.slice(0, 16).replace("T", " ")}</td><td>${x.fromYear === x.toYear ? x.fromYear : `${x.fromYear}–${x.toYear}`}</td><td>${x.format.toUpperCase()}</td><td class="num">${x.rows}</td></tr>`,
                )}</tbody></table>`,
              )
            : html`<p>${t.noneYet}</p>`
        }</section>
      <section aria-labelledby="filled"><h2 id="filled">${t.filled} (${FILLED_CORE.length})</h2>
        <dl class="htcds">${FILLED_CORE.map((f) => html`<dt><code>${f}</code></dt><dd>${filled[f] ?? ""}</dd>`)}</dl></section>
      <section aria-labelledby="not-filled"><h2 id="not-filled">${t.notFilled} (${UNFILLED_CORE.length})</h2>
        <dl class="htcds">${UNFILLED_CORE.map((f) => {
          const reason = unfilledReason(f);
          return html`<dt><code>${f}</code></dt><dd>${reason ? reasons[reason] : ""}</dd>`;
        })}</dl></section>
      <section aria-labelledby="extensions"><h2 id="extensions">${t.extensions}</h2>
        <p>${t.extensionsIntro}</p>
        <dl class="htcds">${HTCDS_EXTENSIONS.map(
          (e) =>
            html`<dt><code>${e.name}</code></dt><dd>${lang === "sv" ? (EXTENSION_SV[e.name] ?? e.description) : e.description}${
              e.values ? html` ${t.values}: <code class="values">${e.values.join(", ")}</code>` : ""
            }</dd>`,
        )}</dl></section>`,
    d.badYears ? 400 : 200,
  );
}
