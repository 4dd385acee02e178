/** The case pages' rendering: the list, the new-case forms, the case page and its access history. */
import type { schema } from "@stodkedjan/db";
import { swedishClock } from "@stodkedjan/domain";
import { html } from "hono/html";
import type { historyOf } from "../audit/log.ts";
import type { listCasesPage } from "../cases/finding.ts";
import {
  CATEGORIES,
  type CaseFilter,
  CLOSE_REASONS,
  FORMS,
  GENDERS,
  REFERRED_TO,
  REFERRING_ORGS,
  TOPICS,
} from "../cases/schemas.ts";
import type {
  CaseDetail,
  closingPreview,
  pendingTransfers,
  taskOwners,
  transferOffer,
} from "../cases/service.ts";
import type { CaseSummary, GroupView, PossibleDuplicate } from "../persons/service.ts";
import { duplicatesFieldset, groupsSection, otherCasesList, personText } from "../persons/views.ts";
import { list } from "./forms.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label, labelsOf } from "./labels.ts";
import { csrfField, errorList, page, type StaffContext, scrollable } from "./layout.ts";
import { type MunicipalityChoices, municipalityOptions } from "./municipalities.ts";

/** What the persons module adds to the case page: the person's other cases and the case's groups. */
export interface CaseRecords {
  others: CaseSummary[];
  groups: GroupView[];
  joinable: { id: string; name: string }[];
  mayWrite: boolean;
}

const text = defineText({
  dangerTitle: { sv: "Åtgärder som inte går att ångra", en: "Actions that cannot be undone" },
  dangerNav: { sv: "Avsluta, lämna över, återkalla", en: "Close, transfer, revoke" },
  dangerLead: {
    sv: "Att avsluta, lämna över eller återkalla en delning ändrar vem som ser ärendet och vad som händer med det. Du får se vad som händer och bekräfta innan något ändras.",
    en: "Closing, transferring or revoking a share changes who sees the case and what happens to it. You see what will happen and confirm before anything changes.",
  },
  closeTitle: { sv: "Avsluta ärendet", en: "Close the case" },
  closeAsk: { sv: "Avsluta ärendet …", en: "Close the case …" },
  closePageTitle: { sv: (ref: string) => `Avsluta ${ref}?`, en: (ref: string) => `Close ${ref}?` },
  closeEffectsLead: {
    sv: "Det här händer med det som pågår i ärendet när du avslutar det:",
    en: "This is what happens to what is under way in the case when you close it:",
  },
  closeNoEffects: {
    sv: "Ärendet har inga pågående placeringar, betänketider, ÅMP-ansökningar eller överlämningar.",
    en: "The case has no placement, reflection period, ÅMP application or transfer under way.",
  },
  closeChanged: {
    sv: "Något i ärendet har ändrats sedan du såg sidan. Läs igenom vad som händer nu och bekräfta igen.",
    en: "Something in the case has changed since you saw this page. Read what happens now and confirm again.",
  },
  closeReopenNote: {
    sv: "Ett avslutat ärende tar inte emot ändringar. Det kan öppnas igen med en anledning.",
    en: "A closed case takes no changes. It can be reopened with a reason.",
  },
  closeConfirm: { sv: "Ja, avsluta ärendet", en: "Yes, close the case" },
  cancel: { sv: "Avbryt", en: "Cancel" },
  effectPlacementEnds: {
    sv: (shelter: string, end: string) =>
      `NSP-placeringen på boendet ${shelter} avslutas (utflyttning ${end}). Boendet ser att placeringen är avslutad.`,
    en: (shelter: string, end: string) =>
      `The NSP placement at shelter ${shelter} ends (moving out ${end}). The shelter sees that the placement has ended.`,
  },
  effectPlacementCancelled: {
    sv: (shelter: string) => `Den begärda NSP-placeringen på boendet ${shelter} avbryts.`,
    en: (shelter: string) => `The requested NSP placement at shelter ${shelter} is cancelled.`,
  },
  effectReflectionStays: {
    sv: (status: string) =>
      `Betänketiden (${status}) fortsätter: hänvisningen står kvar och dess tidsfrister syns kvar under Tidsfrister, märkta som avslutat ärende. Öppna ärendet igen för att registrera beslutet.`,
    en: (status: string) =>
      `The reflection period (${status}) continues: the referral stays and its deadlines stay on the deadlines view, marked as a closed case. Reopen the case to record the decision.`,
  },
  effectAmpStays: {
    sv: (status: string) =>
      `ÅMP-ansökan (${status}) fortsätter: hänvisningen står kvar och dess tidsfrister syns kvar under Tidsfrister, märkta som avslutat ärende. Öppna ärendet igen för att registrera det som händer.`,
    en: (status: string) =>
      `The ÅMP application (${status}) continues: the referral stays and its deadlines stay on the deadlines view, marked as a closed case. Reopen the case to record what happens.`,
  },
  effectTransferWithdrawn: {
    sv: (region: string) => `Överlämningen till ${region}, som väntar på svar, tas tillbaka.`,
    en: (region: string) => `The transfer to ${region}, which waits for an answer, is withdrawn.`,
  },
  transferTitle: { sv: "Lämna över till en annan region", en: "Transfer to another region" },
  transferAsk: { sv: "Lämna över ärendet …", en: "Transfer the case …" },
  transferWaits: {
    sv: (region: string, at: string) =>
      `Överlämning till ${region} väntar på svar (sedan ${at}). Ärendet stannar hos er tills ${region} tar emot det.`,
    en: (region: string, at: string) =>
      `Transfer to ${region} waits for an answer (since ${at}). The case stays with you until ${region} accepts it.`,
  },
  transferWithdraw: { sv: "Ta tillbaka överlämningen", en: "Withdraw the transfer" },
  transferPageTitle: { sv: (ref: string) => `Lämna över ${ref}?`, en: (ref: string) => `Transfer ${ref}?` },
  transferExplain: {
    sv: (region: string) =>
      `${region} får frågan om att ta över ärendet och svarar ja eller nej. Tills ${region} har tagit emot det stannar ärendet hos er och ni arbetar med det som vanligt. När ${region} tar emot det ser er region det inte längre.`,
    en: (region: string) =>
      `${region} is asked to take the case over and accepts or declines. Until ${region} accepts, the case stays with you and you work it as usual. Once ${region} accepts, your region no longer sees it.`,
  },
  transferConfirm: {
    sv: (region: string) => `Ja, fråga ${region}`,
    en: (region: string) => `Yes, ask ${region}`,
  },
  offerTitle: { sv: (ref: string) => `Överlämning av ${ref}`, en: (ref: string) => `Transfer of ${ref}` },
  offerLead: {
    sv: (region: string, at: string) => `${region} vill lämna över ärendet till er region (frågat ${at}).`,
    en: (region: string, at: string) => `${region} wants to transfer the case to your region (asked ${at}).`,
  },
  offerCase: { sv: "Ärende", en: "Case" },
  offerSummary: { sv: "Sammanfattning", en: "Summary" },
  offerOpened: { sv: "Öppnat", en: "Opened" },
  offerNote: {
    sv: "Ni ser ärendets innehåll när ni har tagit emot det. Tar ni emot det äger er region ärendet och den som lämnade över ser det inte längre.",
    en: "You see the case's content once you have accepted it. If you accept, your region owns the case and the sender no longer sees it.",
  },
  offerAccept: { sv: "Ta emot ärendet", en: "Accept the case" },
  offerDecline: { sv: "Tacka nej", en: "Decline" },
  contactLegend: { sv: "Kontakten", en: "The contact" },
  contactOn: { sv: "Datum (i dag om tomt)", en: "Date (today if empty)" },
  contactTime: { sv: "Klockslag", en: "Time" },
  contactMinutes: { sv: "Längd i minuter", en: "Length in minutes" },
  contactNote: {
    sv: "Den som registrerar konsultationen står som den som tog kontakten.",
    en: "Whoever registers the consultation is recorded as having taken the contact.",
  },
  contact: { sv: "Kontakt", en: "Contact" },
  minutes: { sv: (n: number) => `, ${n} min`, en: (n: number) => `, ${n} min` },
  takenBy: { sv: (who: string) => `, tagen av ${who}`, en: (who: string) => `, taken by ${who}` },
  convertLink: { sv: "Gör om till enskilt ärende …", en: "Turn into an individual case …" },
  convertTitle: {
    sv: (ref: string) => `Gör ${ref} till ett enskilt ärende`,
    en: (ref: string) => `Turn ${ref} into an individual case`,
  },
  convertLead: {
    sv: "Konsultationen blir ett enskilt ärende med samma ärendenummer. Anteckningar, uppgifter, bilagor och åtkomstloggen finns kvar, och det som registrerades om konsultationen visas på ärendet.",
    en: "The consultation becomes an individual case with the same case number. Notes, tasks, attachments and the access log stay, and what was recorded about the consultation is shown on the case.",
  },
  convertConfirm: { sv: "Gör om till enskilt ärende", en: "Turn into an individual case" },
  convertedFrom: {
    sv: (on: string) => `Från konsultation (omgjord ${on})`,
    en: (on: string) => `From a consultation (turned into a case ${on})`,
  },
  socialServices: { sv: "Ansvarig socialtjänst (kommun)", en: "Responsible social services (municipality)" },
  guardian: { sv: "God man förordnad", en: "Guardian (god man) appointed" },
  notKnown: { sv: "Inte känt", en: "Not known" },
  yes: { sv: "Ja", en: "Yes" },
  no: { sv: "Nej", en: "No" },
  saveChildCare: { sv: "Spara", en: "Save" },
  childPrompt: {
    sv: "Personen är under 18 år. Ange vilken kommuns socialtjänst som ansvarar och om en god man har förordnats.",
    en: "The person is under 18. Record which municipality's social services are responsible and whether a guardian (god man) has been appointed.",
  },
  openCounts: {
    sv: (individual: number, consultations: number) =>
      `Öppna i er region: ${individual} enskilda ärenden och ${consultations} konsultationer.`,
    en: (individual: number, consultations: number) =>
      `Open in your region: ${individual} individual cases and ${consultations} consultations.`,
  },
  closedCase: {
    sv: "avslutat ärende – öppna det igen för att registrera",
    en: "closed case – reopen it to record",
  },
  pendingTitle: { sv: "Överlämningar som väntar på svar", en: "Transfers waiting for an answer" },
  pendingIncoming: { sv: (n: number) => `Till er region (${n})`, en: (n: number) => `To your region (${n})` },
  pendingOutgoing: {
    sv: (n: number) => `Från er region (${n})`,
    en: (n: number) => `From your region (${n})`,
  },
  pendingFrom: { sv: (r: string) => `från ${r}`, en: (r: string) => `from ${r}` },
  pendingTo: { sv: (r: string) => `till ${r}`, en: (r: string) => `to ${r}` },
});

/** The deadlines view's mark on a deadline that outlives its closed case (ADR 0021). */
export const closedCaseBadge = (lang: Lang) => text(lang).closedCase;

type Region = typeof schema.regions.$inferSelect;
type Municipality = typeof schema.municipalities.$inferSelect;
type Options = Record<string, string>;

const options = (values: readonly string[], labels: Options, selected?: string) =>
  values.map(
    (v) => html`<option value="${v}"${v === selected ? html` selected` : ""}>${labels[v] ?? v}</option>`,
  );
const select = (
  name: string,
  text: string,
  values: readonly string[],
  labels: Options,
  selected?: string,
  blank?: string,
) =>
  html`<label for="${name}">${text}</label><select id="${name}" name="${name}">${blank !== undefined ? html`<option value="">${blank}</option>` : ""}${options(values, labels, selected)}</select>`;
const checks = (
  name: string,
  legend: string,
  values: readonly string[],
  labels: Options,
  chosen: string[] = [],
) =>
  html`<fieldset><legend>${legend}</legend>${values.map(
    (v) =>
      html`<label class="check"><input type="checkbox" name="${name}" value="${v}"${chosen.includes(v) ? html` checked` : ""} /> ${labels[v] ?? v}</label>`,
  )}</fieldset>`;
const date = (d: Date | string | null) =>
  d === null ? "–" : typeof d === "string" ? d : d.toISOString().slice(0, 16).replace("T", " ");

export function caseListPage(
  c: StaffContext,
  filter: CaseFilter,
  { rows, more }: Awaited<ReturnType<typeof listCasesPage>>,
  regions: Region[],
  pending: Awaited<ReturnType<typeof pendingTransfers>>,
  counts: { individual: number; consultation: number },
) {
  const names = new Map(regions.map((r) => [r.id, r.nameSv]));
  const q = new URLSearchParams(c.req.query());
  const pageLink = (n: number) => {
    q.set("page", String(n));
    return `/staff/cases?${q}`;
  };
  const sort = filter.sort ?? "opened";
  const natural = (key: string) => (key === "opened" ? "desc" : "asc");
  const dir = filter.dir ?? natural(sort);
  const sortLink = (key: string) => {
    const to = new URLSearchParams(c.req.query());
    to.delete("page");
    to.set("sort", key);
    to.set("dir", key === sort ? (dir === "asc" ? "desc" : "asc") : natural(key));
    return `/staff/cases?${to}`;
  };
  const SORT_NAMES: Options = { opened: "Öppnat", deadline: "Närmaste tidsfrist", step: "Steg" };
  const sortHeader = (key: string) =>
    html`<th scope="col"${key === sort ? html` aria-sort="${dir === "asc" ? "ascending" : "descending"}"` : ""}><a href="${sortLink(key)}">${SORT_NAMES[key]}${key === sort ? (dir === "asc" ? " ▲" : " ▼") : ""}</a></th>`;
  return page(
    c,
    "Ärenden",
    html`${pendingTransfersBlock(c, pending, regions)}<p class="meta">${text(langOf(c)).openCounts(counts.individual, counts.consultation)}</p><p><a class="button" href="/staff/cases/new?kind=consultation">Ny konsultation</a> <a class="button" href="/staff/cases/new?kind=individual">Nytt enskilt ärende</a></p>
      <form method="get" action="/staff/cases" class="filters" role="search">
        <div><label for="q">Sök (ärendenummer, pseudonym, kommun, form)</label><input id="q" name="q" value="${filter.q ?? ""}" /></div>
        <div>${select("status", "Status", ["open", "closed", "all"], { ...labelsOf("status", "sv"), all: "Alla" }, filter.status)}</div>
        <div>${select("kind", "Typ", ["consultation", "individual", "all"], { ...labelsOf("kind", "sv"), all: "Alla" }, filter.kind)}</div>
        <div>${select("step", "Steg", ["1", "2", "3", "4", "5", "6"], labelsOf("step", "sv"), filter.step?.toString(), "Alla")}</div>
        <div>${select("form", "Form", FORMS, labelsOf("form", "sv"), filter.form, "Alla")}</div>
        <div>${select("ageGroup", "Ålder", ["child", "adult"], labelsOf("ageGroup", "sv"), filter.ageGroup, "Alla")}</div>
        <div>${select("deadline", "Tidsfrist", ["overdue", "due"], { overdue: "Försenad", due: "Försenad eller snart" }, filter.deadline, "Alla")}</div>
        <input type="hidden" name="sort" value="${sort}" /><input type="hidden" name="dir" value="${dir}" />
        <div><button>Visa</button></div>
      </form>
      <p class="sort-links">Sortera efter: ${["opened", "deadline", "step"].map(
        (key, i) =>
          html`${i ? " · " : ""}<a href="${sortLink(key)}"${key === sort ? html` aria-current="true"` : ""}>${SORT_NAMES[key]}${key === sort ? (dir === "asc" ? " (stigande)" : " (fallande)") : ""}</a>`,
      )}</p>
      ${scrollable(
        "Ärendelistan",
        html`<table class="case-list stack">
        <caption class="meta">${rows.length} ärenden på sidan ${filter.page}</caption>
        <thead><tr><th scope="col">Ärende</th><th scope="col">Typ</th><th scope="col">Beskrivning</th>${sortHeader("step")}${sortHeader("deadline")}${sortHeader("opened")}<th scope="col">Status</th></tr></thead>
        <tbody>${rows.map(
          (r) =>
            html`<tr><td data-label="Ärende"><a href="/staff/cases/${r.id}">${r.ref}</a></td><td data-label="Typ">${label("kind", r.kind, "sv")}</td><td data-label="Beskrivning">${r.title}${r.regionId !== c.get("principal")?.regionId ? html` <span class="badge">delat från ${names.get(r.regionId) ?? r.regionId}</span>` : ""}</td><td data-label="Steg">${r.step ? label("step", r.step, "sv") : "–"}</td><td data-label="Närmaste tidsfrist">${r.nearestDeadline ?? "–"}</td><td data-label="Öppnat">${r.openedOn}</td><td data-label="Status">${label("status", r.status, "sv")}</td></tr>`,
        )}</tbody>
      </table>`,
      )}
      <p>${filter.page > 1 ? html`<a href="${pageLink(filter.page - 1)}">Föregående sida</a> ` : ""}${more ? html`<a href="${pageLink(filter.page + 1)}">Nästa sida</a>` : ""}</p>`,
  );
}

/** The person's fields, for a new individual case and for a consultation that becomes one. */
const personFields = (v: (k: string) => string | undefined) => html`<fieldset><legend>Personen</legend>
      ${select("ageGroup", "Åldersgrupp", ["child", "adult"], labelsOf("ageGroup", "sv"), v("ageGroup"))}
      <label for="birthYear">Födelseår (om känt)</label><input id="birthYear" name="birthYear" inputmode="numeric" value="${v("birthYear") ?? ""}" />
      ${select("gender", "Kön", GENDERS, labelsOf("gender", "sv"), v("gender") ?? "unknown")}
      <label for="citizenship">Medborgarskap (landskod, t.ex. RO)</label><input id="citizenship" name="citizenship" value="${v("citizenship") ?? ""}" />
      <label for="languages">Språk (koder, t.ex. ro, en)</label><input id="languages" name="languages" value="${v("languages") ?? ""}" />
      <label for="name">Namn (krypteras)</label><input id="name" name="name" autocomplete="off" value="${v("name") ?? ""}" />
      <label for="contact">Kontaktuppgifter (krypteras)</label><input id="contact" name="contact" autocomplete="off" value="${v("contact") ?? ""}" />
      <label for="identityDocuments">Identitetshandlingar (krypteras)</label><input id="identityDocuments" name="identityDocuments" autocomplete="off" value="${v("identityDocuments") ?? ""}" />
  </fieldset>`;

/** The consultation's own record: the contact, who took it, and what was asked and advised. */
function consultationFacts(c: StaffContext, k: CaseDetail) {
  const t = text(langOf(c));
  return html`<dt>${t.contact}</dt><dd>${k.contactAt ? swedishTime(k.contactAt) : "–"}${k.contactMinutes ? t.minutes(k.contactMinutes) : ""}${k.takenByName ? t.takenBy(k.takenByName) : ""}</dd>
    <dt>Kanal</dt><dd>${label("channel", k.consultationChannel, "sv")}</dd><dt>Ämne</dt><dd>${label("topic", k.consultationTopic, "sv")}</dd><dt>Hänvisad till</dt><dd>${label("referredTo", k.referredTo, "sv")}</dd><dt>Råd</dt><dd>${k.advice ?? "–"}</dd>`;
}

/** An instant as Swedish date and time. */
function swedishTime(at: Date) {
  const { date: day, minutes } = swedishClock(at);
  return `${day} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function newCasePage(
  c: StaffContext,
  kind: string,
  munis: MunicipalityChoices,
  values: Record<string, unknown> = {},
  issues: { path: string; message: string }[] = [],
  duplicates: PossibleDuplicate[] = [],
) {
  const muniSelect = html`<label for="municipalityCode">Kommun</label><select id="municipalityCode" name="municipalityCode" required>${municipalityOptions(munis, langOf(c), values.municipalityCode)}</select>`;
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const chosenForms = list(values.forms) as string[];
  const tx = text(langOf(c));
  if (kind === "consultation") {
    return page(
      c,
      "Ny konsultation",
      html`${errorList(issues)}<form method="post" action="/staff/cases/consultations">${csrfField(c)}
        <p class="meta">En konsultation är rådgivning till en yrkesverksam. Ingen person registreras.</p>
        <fieldset><legend>${tx.contactLegend}</legend>
          <label for="contactOn">${tx.contactOn}</label><input id="contactOn" name="contactOn" type="date" value="${v("contactOn") ?? ""}" />
          <label for="contactTime">${tx.contactTime}</label><input id="contactTime" name="contactTime" type="time" value="${v("contactTime") ?? ""}" />
          <label for="contactMinutes">${tx.contactMinutes}</label><input id="contactMinutes" name="contactMinutes" inputmode="numeric" value="${v("contactMinutes") ?? ""}" />
          <p class="meta">${tx.contactNote}</p>
        </fieldset>
        ${select("channel", "Kanal", ["support-line", "coordinator"], labelsOf("channel", "sv"), v("channel"))}
        ${select("referringOrg", "Vem frågade (organisation)", REFERRING_ORGS, labelsOf("referringOrg", "sv"), v("referringOrg"))}
        ${muniSelect}
        ${select("topic", "Ämne", TOPICS, labelsOf("topic", "sv"), v("topic"))}
        ${checks("forms", "Former av exploatering", FORMS, labelsOf("form", "sv"), chosenForms)}
        ${select("referredTo", "Hänvisad vidare till", REFERRED_TO, labelsOf("referredTo", "sv"), v("referredTo"))}
        <label for="advice">Råd som gavs (krypteras, skriv inga namn i onödan)</label><textarea id="advice" name="advice">${v("advice") ?? ""}</textarea>
        <p><button>Registrera konsultationen</button></p></form>`,
      issues.length ? 400 : 200,
    );
  }
  return page(
    c,
    "Nytt enskilt ärende",
    html`${errorList(issues.filter((i) => i.path !== "duplicateChoice"))}<form method="post" action="/staff/cases/individual">${csrfField(c)}
      ${select("referringOrg", "Hänvisande organisation", REFERRING_ORGS, labelsOf("referringOrg", "sv"), v("referringOrg"))}
      ${muniSelect}
      ${checks("forms", "Former av exploatering", FORMS, labelsOf("form", "sv"), chosenForms)}
      ${select("category", "Bedömning", CATEGORIES, labelsOf("category", "sv"), v("category"))}
      ${select("step", "Nuvarande steg", ["1", "2", "3", "4", "5", "6"], labelsOf("step", "sv"), v("step") ?? "1")}
      ${personFields(v)}
      ${duplicates.length ? duplicatesFieldset(langOf(c), duplicates, v("duplicateChoice"), issues) : ""}
      <p><button>Öppna ärendet</button></p></form>`,
    issues.length ? 400 : 200,
  );
}

export function casePage(
  c: StaffContext,
  k: CaseDetail,
  allRegions: Region[],
  owners: Awaited<ReturnType<typeof taskOwners>>,
  manage: boolean,
  munis: Municipality[],
  records: CaseRecords,
) {
  const t = text(langOf(c));
  const lang = langOf(c);
  const me = c.get("principal")?.id;
  const open = k.status === "open";
  const p = k.person;
  const regionName = (id: string) => allRegions.find((r) => r.id === id)?.nameSv ?? id;
  const otherRegions = allRegions.filter((r) => r.id !== k.regionId);
  const regionLabels = Object.fromEntries(allRegions.map((r) => [r.id, r.nameSv]));
  const sections: [string, string][] = [
    ["facts", "Översikt"],
    ...(p ? ([["person", "Person"]] as [string, string][]) : []),
    ...(k.kind === "individual" ? ([["steps", "Steg"]] as [string, string][]) : []),
    ["referrals-h", "Hänvisningar"],
    ["tasks-h", "Uppgifter"],
    ["notes-h", "Anteckningar"],
    ["files-h", "Bilagor"],
    ["shares-h", "Delning"],
    ["groups-h", personText(lang).groupsNav],
    ...(manage ? ([["closing-h", open ? t.dangerNav : "Öppna igen"]] as [string, string][]) : []),
  ];
  const post = (action: string, inner: unknown) =>
    html`<form method="post" action="/staff/cases/${k.id}/${action}">${csrfField(c)}${inner}</form>`;
  return page(
    c,
    `${k.ref} – ${label("kind", k.kind, "sv")}`,
    html`<p class="meta">${k.title} · ${label("status", k.status, "sv")} · öppnat ${k.openedOn}${k.closedOn ? ` · avslutat ${k.closedOn} (${label("closeReason", k.closeReason, "sv")})` : ""}</p>
      <nav aria-label="Avsnitt i ärendet" class="jump"><ul>${sections.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}</ul></nav>
      ${k.pendingTransfer ? html`<p class="notice" role="status">${t.transferWaits(regionName(k.pendingTransfer.toRegionId), date(k.pendingTransfer.requestedAt))}</p>` : ""}
      ${open ? "" : html`<p class="notice" role="status">Ärendet är avslutat och tar inte emot ändringar förrän det öppnas igen${manage ? " (längst ned på sidan)" : " av den region som äger det"}.</p>`}
      <div class="grid">
        <section class="card" aria-labelledby="facts"><h2 id="facts">Översikt</h2><dl class="fields">
          <dt>Region</dt><dd>${regionName(k.regionId)}</dd>
          <dt>Kommun</dt><dd>${k.municipalityName ?? "–"}${k.municipalityCode ? ` (${k.municipalityCode})` : ""}</dd>
          <dt>Hänvisande</dt><dd>${label("referringOrg", k.referringOrg, "sv")}</dd>
          <dt>Former</dt><dd>${k.forms.map((f) => label("form", f, "sv")).join(", ")}</dd>
          ${k.kind === "individual" ? html`<dt>Bedömning</dt><dd>${label("category", k.category, "sv")}</dd><dt>Steg</dt><dd>${label("step", k.step, "sv")}</dd>` : consultationFacts(c, k)}
        </dl>
        ${k.kind === "consultation" && manage && open ? html`<p><a href="/staff/cases/${k.id}/convert">${t.convertLink}</a></p>` : ""}
        </section>
        ${k.convertedOn ? html`<section class="card" aria-labelledby="consultation-h"><h2 id="consultation-h">${t.convertedFrom(k.convertedOn)}</h2><dl class="fields">${consultationFacts(c, k)}</dl></section>` : ""}
        ${
          p
            ? html`<section class="card" aria-labelledby="person"><h2 id="person">Person ${p.pseudonym}</h2><dl class="fields">
                <dt>Ålder</dt><dd>${label("ageGroup", p.ageGroup, "sv")}${p.birthYear ? `, född ${p.birthYear}` : ""}</dd>
                <dt>Kön</dt><dd>${label("gender", p.gender, "sv")}</dd>
                <dt>Medborgarskap</dt><dd>${p.citizenship ?? "–"}</dd>
                <dt>Språk</dt><dd>${p.languages.join(", ") || "–"}</dd>
                <dt>Namn</dt><dd>${p.name ?? "–"}</dd>
                <dt>Kontakt</dt><dd>${p.contact ?? "–"}</dd>
                <dt>Id-handlingar</dt><dd>${p.identityDocuments ?? "–"}</dd>
                ${p.ageGroup === "child" ? html`<dt>${t.socialServices}</dt><dd>${p.socialServicesName ?? "–"}</dd><dt>${t.guardian}</dt><dd>${p.guardianAppointed === null ? t.notKnown : p.guardianAppointed ? t.yes : t.no}</dd>` : ""}
              </dl>
              ${otherCasesList(lang, records.others)}
              ${p.ageGroup === "child" && p.socialServicesCode === null && p.guardianAppointed === null ? html`<p class="notice" role="status">${t.childPrompt}</p>` : ""}
              ${
                p.ageGroup === "child" && open
                  ? post(
                      "child-care",
                      html`<label for="socialServicesCode">${t.socialServices}</label><select id="socialServicesCode" name="socialServicesCode"><option value="">${t.notKnown}</option>${munis.map((m) => html`<option value="${m.code}"${m.code === p.socialServicesCode ? html` selected` : ""}>${m.name}</option>`)}</select>
                      <label for="guardianAppointed">${t.guardian}</label><select id="guardianAppointed" name="guardianAppointed">${(["unknown", "yes", "no"] as const).map((g) => html`<option value="${g}"${(g === "unknown" ? p.guardianAppointed === null : (g === "yes") === p.guardianAppointed) ? html` selected` : ""}>${g === "unknown" ? t.notKnown : g === "yes" ? t.yes : t.no}</option>`)}</select>
                      <button>${t.saveChildCare}</button>`,
                    )
                  : ""
              }
              </section>`
            : ""
        }
      </div>
      ${
        k.kind === "individual"
          ? html`<section aria-labelledby="steps"><h2 id="steps">Steg i stödkedjan</h2>
              <ol>${k.steps.map((s) => html`<li>${label("step", s.step, "sv")} – ${date(s.changedAt)}${s.by ? ` av ${s.by}` : ""}</li>`)}</ol>
              ${k.status === "open" ? post("step", html`${select("step", "Byt steg", ["1", "2", "3", "4", "5", "6"], labelsOf("step", "sv"), String(k.step))} <button>Spara steg</button>`) : ""}
            </section>`
          : ""
      }
      <section aria-labelledby="referrals-h"><h2 id="referrals-h">Insatser och hänvisningar</h2>
        <p><a href="/staff/cases/${k.id}/referrals">Visa och lägg till hänvisningar (NSP, ÅMP, betänketid, andra)</a></p>
      </section>
      <section aria-labelledby="tasks-h"><h2 id="tasks-h">Uppgifter</h2>
        <ul>${k.tasks.map(
          (t) =>
            html`<li>${t.done ? html`<s>${t.title}</s>` : t.title} – senast ${t.dueOn}${t.owner ? html` <span class="meta">(ansvarig: ${t.owner})</span>` : ""}${t.done || !open ? "" : html` ${post(`tasks/${t.id}/done`, html`<button class="link">Klar</button>`)}`}</li>`,
        )}</ul>
        ${open ? post("tasks", html`<label for="title">Ny uppgift</label><input id="title" name="title" /> <label for="dueOn">Senast</label><input id="dueOn" name="dueOn" type="date" /> <label for="ownerId">Ansvarig</label><select id="ownerId" name="ownerId">${owners.map((o) => html`<option value="${o.id}"${o.id === me ? " selected" : ""}>${o.name}${o.regionId !== k.regionId ? ` (${regionName(o.regionId ?? "")})` : ""}</option>`)}</select> <button>Lägg till</button>`) : ""}
      </section>
      <section aria-labelledby="notes-h"><h2 id="notes-h">Anteckningar</h2>
        ${open ? post("notes", html`<label for="body">Ny anteckning (krypteras)</label><textarea id="body" name="body"></textarea><button>Spara anteckning</button>`) : ""}
        ${k.notes.map((n) => html`<div class="card"><p class="meta">${date(n.createdAt)}${n.by ? ` · ${n.by}` : ""}</p><p>${n.body}</p></div>`)}
      </section>
      <section aria-labelledby="files-h"><h2 id="files-h">Bilagor</h2>
        <ul>${k.attachments.map((f) => html`<li><a href="/staff/cases/${k.id}/attachments/${f.id}">${f.filename}</a> <span class="meta">(${Math.ceil(f.size / 1024)} kB, ${date(f.createdAt)})</span></li>`)}</ul>
        ${
          open
            ? html`<form method="post" action="/staff/cases/${k.id}/attachments" enctype="multipart/form-data">${csrfField(c)}
          <label for="file">Ny bilaga (krypteras, högst 10 MB)</label><input id="file" name="file" type="file" /> <button>Ladda upp</button>
        </form>`
            : ""
        }
      </section>
      <section aria-labelledby="shares-h"><h2 id="shares-h">Delning med annan region</h2>
        ${k.shares.length ? html`<ul>${k.shares.map((s) => html`<li>${regionName(s.regionId)}: ${label("shareMode", s.mode, "sv")} sedan ${date(s.createdAt)}</li>`)}</ul>` : html`<p>Ärendet är inte delat.</p>`}
        ${
          manage && open
            ? post(
                "shares",
                html`<input type="hidden" name="mode" value="joint" />${select(
                  "regionId",
                  "Handlägg gemensamt med region",
                  otherRegions.map((r) => r.id),
                  regionLabels,
                )} <button>Dela</button>`,
              )
            : manage
              ? ""
              : html`<p class="meta">Ärendet ägs av en annan region. Den regionen delar, lämnar över, avslutar och öppnar det igen.</p>`
        }
        <p><a href="/staff/cases/${k.id}/history">Vem har tittat på ärendet? (åtkomstlogg)</a></p>
      </section>
      ${groupsSection(lang, k.id, csrfField(c), records.groups, records.joinable, records.mayWrite)}
      ${
        k.reopenings.length
          ? html`<section aria-labelledby="reopened-h"><h2 id="reopened-h">Öppnat igen</h2><ul>${k.reopenings.map((r) => html`<li>${date(r.at)}${r.by ? ` av ${r.by}` : ""}: ${r.reason}</li>`)}</ul></section>`
          : ""
      }
      ${
        !manage
          ? ""
          : open
            ? html`<section aria-labelledby="closing-h" class="danger"><h2 id="closing-h">${t.dangerTitle}</h2>
        <p class="meta">${t.dangerLead}</p>
        <h3 id="close-h">${t.closeTitle}</h3>
        <form method="get" action="/staff/cases/${k.id}/close"><button class="danger">${t.closeAsk}</button></form>
        <h3 id="transfer-h">${t.transferTitle}</h3>
        ${
          k.pendingTransfer
            ? html`<p>${t.transferWaits(regionName(k.pendingTransfer.toRegionId), date(k.pendingTransfer.requestedAt))}</p>${post(`transfers/${k.pendingTransfer.id}/withdraw`, html`<button class="danger">${t.transferWithdraw}</button>`)}`
            : html`<form method="get" action="/staff/cases/${k.id}/transfer">${select(
                "transferRegionId",
                "Mottagande region",
                otherRegions.map((r) => r.id),
                regionLabels,
              )} <button class="danger">${t.transferAsk}</button></form>`
        }
        ${
          k.shares.length
            ? html`<h3 id="revoke-h">Återkalla en delning</h3><ul>${k.shares.map(
                (s) =>
                  html`<li>${regionName(s.regionId)} (${label("shareMode", s.mode, "sv")}) ${post(`shares/${s.id}/revoke`, html`<button class="danger">Återkalla</button>`)}</li>`,
              )}</ul>`
            : ""
        }
      </section>`
            : html`<section aria-labelledby="closing-h"><h2 id="closing-h">Öppna ärendet igen</h2>${post("reopen", html`<label for="reopen-reason">Varför öppnas ärendet igen? (krypteras)</label><textarea id="reopen-reason" name="reason" required></textarea> <button>Öppna igen</button>`)}</section>`
      }`,
  );
}

type Effect = Awaited<ReturnType<typeof closingPreview>>["effects"][number];

/** What closing does, one line per running referral or waiting transfer. */
function effectLine(lang: Lang, e: Effect, regionName: (id: string) => string) {
  const t = text(lang);
  switch (e.kind) {
    case "placement-ends":
      return t.effectPlacementEnds(e.shelterId ?? "–", e.end);
    case "placement-cancelled":
      return t.effectPlacementCancelled(e.shelterId ?? "–");
    case "referral-stays":
      return e.type === "reflection" ? t.effectReflectionStays(e.status) : t.effectAmpStays(e.status);
    case "transfer-withdrawn":
      return t.effectTransferWithdrawn(regionName(e.toRegionId));
  }
}

/**
 * The confirmation before closing: what happens to each running referral and a waiting transfer,
 * the reason, and the key of what was shown (closing with another key is refused, see closeCase).
 */
export function closeConfirmPage(
  c: StaffContext,
  preview: Awaited<ReturnType<typeof closingPreview>>,
  allRegions: Region[],
  { reason, changed = false }: { reason?: string; changed?: boolean } = {},
) {
  const lang = langOf(c);
  const t = text(lang);
  const regionName = (id: string) => allRegions.find((r) => r.id === id)?.nameSv ?? id;
  const k = preview;
  return page(
    c,
    t.closePageTitle(k.ref),
    html`${changed ? html`<p class="notice" role="alert">${t.closeChanged}</p>` : ""}
      ${
        preview.effects.length
          ? html`<p>${t.closeEffectsLead}</p><ul class="effects">${preview.effects.map((e) => html`<li>${effectLine(lang, e, regionName)}</li>`)}</ul>`
          : html`<p>${t.closeNoEffects}</p>`
      }
      <p class="meta">${t.closeReopenNote}</p>
      <form method="post" action="/staff/cases/${k.id}/close">${csrfField(c)}
        <input type="hidden" name="confirmed" value="${preview.key}" />
        ${select("reason", "Anledning", CLOSE_REASONS, labelsOf("closeReason", "sv"), reason ?? (k.kind === "consultation" ? "answered" : undefined))}
        <p><button class="danger">${t.closeConfirm}</button> <a href="/staff/cases/${k.id}">${t.cancel}</a></p>
      </form>`,
    changed ? 409 : 200,
  );
}

/** Turning a consultation into an individual case: the assessment, the step and the person. */
export function convertPage(
  c: StaffContext,
  k: { id: string; ref: string },
  values: Record<string, unknown> = {},
  issues: { path: string; message: string }[] = [],
) {
  const t = text(langOf(c));
  const v = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  return page(
    c,
    t.convertTitle(k.ref),
    html`${errorList(issues)}<p>${t.convertLead}</p>
      <form method="post" action="/staff/cases/${k.id}/convert">${csrfField(c)}
        ${select("category", "Bedömning", CATEGORIES, labelsOf("category", "sv"), v("category"))}
        ${select("step", "Nuvarande steg", ["1", "2", "3", "4", "5", "6"], labelsOf("step", "sv"), v("step") ?? "1")}
        ${personFields(v)}
        <p><button>${t.convertConfirm}</button> <a href="/staff/cases/${k.id}">${t.cancel}</a></p>
      </form>`,
    issues.length ? 400 : 200,
  );
}

/** The confirmation before asking another region to take a case over. */
export function transferConfirmPage(c: StaffContext, k: { id: string; ref: string }, region: Region) {
  const t = text(langOf(c));
  return page(
    c,
    t.transferPageTitle(k.ref),
    html`<p>${t.transferExplain(region.nameSv)}</p>
      <form method="post" action="/staff/cases/${k.id}/shares">${csrfField(c)}
        <input type="hidden" name="mode" value="transfer" /><input type="hidden" name="transferRegionId" value="${region.id}" />
        <p><button class="danger">${t.transferConfirm(region.nameSv)}</button> <a href="/staff/cases/${k.id}">${t.cancel}</a></p>
      </form>`,
  );
}

/** A transfer offered to the user's region: what the offer shows, and the answer. */
export function transferOfferPage(
  c: StaffContext,
  offer: Awaited<ReturnType<typeof transferOffer>>,
  allRegions: Region[],
) {
  const t = text(langOf(c));
  const from = allRegions.find((r) => r.id === offer.fromRegionId)?.nameSv ?? offer.fromRegionId;
  const action = (what: string) => `/staff/cases/${offer.caseId}/transfers/${offer.id}/${what}`;
  return page(
    c,
    t.offerTitle(offer.ref),
    html`<p>${t.offerLead(from, date(offer.requestedAt))}</p>
      <dl class="fields"><dt>${t.offerCase}</dt><dd>${offer.ref} – ${label("kind", offer.kind, "sv")}</dd>
        <dt>${t.offerSummary}</dt><dd>${offer.title}</dd>
        ${offer.step ? html`<dt>Steg</dt><dd>${label("step", offer.step, "sv")}</dd>` : ""}
        <dt>${t.offerOpened}</dt><dd>${offer.openedOn}</dd></dl>
      <p class="meta">${t.offerNote}</p>
      <div class="actions">
        <form method="post" action="${action("accept")}">${csrfField(c)}<button>${t.offerAccept}</button></form>
        <form method="post" action="${action("decline")}">${csrfField(c)}<button class="danger">${t.offerDecline}</button></form>
      </div>`,
  );
}

/** Transfers waiting on an answer, to and from the user's region, for the case list and start page. */
export function pendingTransfersBlock(
  c: StaffContext,
  pending: Awaited<ReturnType<typeof pendingTransfers>>,
  allRegions: Region[],
) {
  if (!pending.incoming.length && !pending.outgoing.length) return "";
  const t = text(langOf(c));
  const name = (id: string) => allRegions.find((r) => r.id === id)?.nameSv ?? id;
  return html`<section aria-labelledby="transfers-h" class="card"><h2 id="transfers-h">${t.pendingTitle}</h2>
    ${pending.incoming.length ? html`<h3>${t.pendingIncoming(pending.incoming.length)}</h3><ul>${pending.incoming.map((p) => html`<li><a href="/staff/cases/${p.caseId}/transfers/${p.id}">${p.ref}</a> ${p.title} <span class="badge">${t.pendingFrom(name(p.fromRegionId))}</span></li>`)}</ul>` : ""}
    ${pending.outgoing.length ? html`<h3>${t.pendingOutgoing(pending.outgoing.length)}</h3><ul>${pending.outgoing.map((p) => html`<li><a href="/staff/cases/${p.caseId}">${p.ref}</a> ${p.title} <span class="badge">${t.pendingTo(name(p.toRegionId))}</span></li>`)}</ul>` : ""}
  </section>`;
}

export function caseHistoryPage(c: StaffContext, rows: Awaited<ReturnType<typeof historyOf>>) {
  return page(
    c,
    "Åtkomstlogg för ärendet",
    html`<p class="meta">Varje läsning och ändring av ärendet, nyast först.</p>
      ${scrollable(
        "Åtkomstloggen",
        html`<table class="stack"><thead><tr><th scope="col">När</th><th scope="col">Vem</th><th scope="col">Roll</th><th scope="col">Vad</th><th scope="col">Utfall</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td data-label="När">${r.at.slice(0, 19).replace("T", " ")}</td><td data-label="Vem">${r.actorName ?? r.actorId ?? "–"}</td><td data-label="Roll">${label("role", r.actorRole, "sv")}</td><td data-label="Vad">${label("auditAction", r.action, "sv")}${r.detail ? ` ${JSON.stringify(r.detail)}` : ""}</td><td data-label="Utfall">${label("outcome", r.outcome, "sv")}</td></tr>`)}</tbody></table>`,
      )}`,
  );
}
