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
import { caseTitle, label, labelsOf } from "./labels.ts";
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
  pendingOpen: { sv: "Se överlämningen", en: "See the transfer" },
  casesTitle: { sv: "Ärenden", en: "Cases" },
  newConsultation: { sv: "Ny konsultation", en: "New consultation" },
  newIndividual: { sv: "Nytt enskilt ärende", en: "New individual case" },
  search: {
    sv: "Sök (ärendenummer, pseudonym, kommun, form)",
    en: "Search (case number, pseudonym, municipality, form)",
  },
  status: { sv: "Status", en: "Status" },
  all: { sv: "Alla", en: "All" },
  type: { sv: "Typ", en: "Type" },
  step: { sv: "Steg", en: "Step" },
  form: { sv: "Form", en: "Form" },
  age: { sv: "Ålder", en: "Age" },
  deadline: { sv: "Tidsfrist", en: "Deadline" },
  overdue: { sv: "Försenad", en: "Overdue" },
  due: { sv: "Försenad eller snart", en: "Overdue or due soon" },
  show: { sv: "Visa", en: "Show" },
  sortBy: { sv: "Sortera efter:", en: "Sort by:" },
  ascending: { sv: " (stigande)", en: " (ascending)" },
  descending: { sv: " (fallande)", en: " (descending)" },
  sortOpened: { sv: "Öppnat", en: "Opened" },
  sortDeadline: { sv: "Närmaste tidsfrist", en: "Nearest deadline" },
  caseList: { sv: "Ärendelistan", en: "The case list" },
  onPage: {
    sv: (n: number, page: number) => `${n} ärenden på sidan ${page}`,
    en: (n: number, page: number) => `${n} cases on page ${page}`,
  },
  caseCol: { sv: "Ärende", en: "Case" },
  description: { sv: "Beskrivning", en: "Description" },
  sharedFrom: { sv: (r: string) => `delat från ${r}`, en: (r: string) => `shared from ${r}` },
  previous: { sv: "Föregående sida", en: "Previous page" },
  next: { sv: "Nästa sida", en: "Next page" },
  personLegend: { sv: "Personen", en: "The person" },
  ageGroup: { sv: "Åldersgrupp", en: "Age group" },
  birthYear: { sv: "Födelseår (om känt)", en: "Year of birth (if known)" },
  gender: { sv: "Kön", en: "Gender" },
  citizenshipField: {
    sv: "Medborgarskap (landskod, t.ex. RO)",
    en: "Citizenship (country code, e.g. RO)",
  },
  languagesField: { sv: "Språk (koder, t.ex. ro, en)", en: "Languages (codes, e.g. ro, en)" },
  nameField: { sv: "Namn (krypteras)", en: "Name (encrypted)" },
  contactField: { sv: "Kontaktuppgifter (krypteras)", en: "Contact details (encrypted)" },
  documentsField: { sv: "Identitetshandlingar (krypteras)", en: "Identity documents (encrypted)" },
  channel: { sv: "Kanal", en: "Channel" },
  topic: { sv: "Ämne", en: "Topic" },
  referredTo: { sv: "Hänvisad till", en: "Referred to" },
  advice: { sv: "Råd", en: "Advice" },
  consultationLead: {
    sv: "En konsultation är rådgivning till en yrkesverksam. Ingen person registreras.",
    en: "A consultation is advice to a professional. No person is registered.",
  },
  municipality: { sv: "Kommun", en: "Municipality" },
  whoAsked: { sv: "Vem frågade (organisation)", en: "Who asked (organisation)" },
  forms: { sv: "Former av exploatering", en: "Forms of exploitation" },
  referredOn: { sv: "Hänvisad vidare till", en: "Referred on to" },
  adviceField: {
    sv: "Råd som gavs (krypteras, skriv inga namn i onödan)",
    en: "Advice given (encrypted; write no names unless needed)",
  },
  registerConsultation: { sv: "Registrera konsultationen", en: "Register the consultation" },
  referringOrg: { sv: "Hänvisande organisation", en: "Referring organisation" },
  category: { sv: "Bedömning", en: "Assessment" },
  currentStep: { sv: "Nuvarande steg", en: "Current step" },
  openCase: { sv: "Öppna ärendet", en: "Open the case" },
  navOverview: { sv: "Översikt", en: "Overview" },
  navPerson: { sv: "Person", en: "Person" },
  navSteps: { sv: "Steg", en: "Steps" },
  navReferrals: { sv: "Hänvisningar", en: "Referrals" },
  navTasks: { sv: "Uppgifter", en: "Tasks" },
  navNotes: { sv: "Anteckningar", en: "Notes" },
  navFiles: { sv: "Bilagor", en: "Attachments" },
  navShares: { sv: "Delning", en: "Sharing" },
  navReopen: { sv: "Öppna igen", en: "Reopen" },
  sectionsNav: { sv: "Avsnitt i ärendet", en: "Sections of the case" },
  openedOn: { sv: (d: string) => `öppnat ${d}`, en: (d: string) => `opened ${d}` },
  closedOn: {
    sv: (d: string, why: string) => `avslutat ${d} (${why})`,
    en: (d: string, why: string) => `closed ${d} (${why})`,
  },
  closedNotice: {
    sv: (manage: boolean) =>
      `Ärendet är avslutat och tar inte emot ändringar förrän det öppnas igen${manage ? " (längst ned på sidan)" : " av den region som äger det"}.`,
    en: (manage: boolean) =>
      `The case is closed and takes no changes until it is reopened${manage ? " (at the bottom of the page)" : " by the region that owns it"}.`,
  },
  region: { sv: "Region", en: "Region" },
  referredBy: { sv: "Hänvisande", en: "Referred by" },
  formsShort: { sv: "Former", en: "Forms" },
  personTitle: { sv: (p: string) => `Person ${p}`, en: (p: string) => `Person ${p}` },
  born: { sv: (y: number) => `, född ${y}`, en: (y: number) => `, born ${y}` },
  citizenship: { sv: "Medborgarskap", en: "Citizenship" },
  languages: { sv: "Språk", en: "Languages" },
  name: { sv: "Namn", en: "Name" },
  documents: { sv: "Id-handlingar", en: "Identity documents" },
  stepsTitle: { sv: "Steg i stödkedjan", en: "Steps of the support process" },
  by: { sv: (who: string) => ` av ${who}`, en: (who: string) => ` by ${who}` },
  changeStep: { sv: "Byt steg", en: "Change step" },
  saveStep: { sv: "Spara steg", en: "Save step" },
  referralsTitle: { sv: "Insatser och hänvisningar", en: "Support and referrals" },
  referralsLink: {
    sv: "Visa och lägg till hänvisningar (NSP, ÅMP, betänketid, andra)",
    en: "Show and add referrals (NSP, ÅMP, betänketid, others)",
  },
  tasksTitle: { sv: "Uppgifter", en: "Tasks" },
  dueBy: { sv: (d: string) => ` – senast ${d}`, en: (d: string) => ` – due ${d}` },
  responsible: { sv: (who: string) => `(ansvarig: ${who})`, en: (who: string) => `(responsible: ${who})` },
  done: { sv: "Klar", en: "Done" },
  newTask: { sv: "Ny uppgift", en: "New task" },
  dueField: { sv: "Senast", en: "Due" },
  owner: { sv: "Ansvarig", en: "Responsible" },
  add: { sv: "Lägg till", en: "Add" },
  notesTitle: { sv: "Anteckningar", en: "Notes" },
  newNote: { sv: "Ny anteckning (krypteras)", en: "New note (encrypted)" },
  saveNote: { sv: "Spara anteckning", en: "Save note" },
  filesTitle: { sv: "Bilagor", en: "Attachments" },
  newFile: { sv: "Ny bilaga (krypteras, högst 10 MB)", en: "New attachment (encrypted, at most 10 MB)" },
  upload: { sv: "Ladda upp", en: "Upload" },
  sharesTitle: { sv: "Delning med annan region", en: "Sharing with another region" },
  since: { sv: (d: string) => `sedan ${d}`, en: (d: string) => `since ${d}` },
  notShared: { sv: "Ärendet är inte delat.", en: "The case is not shared." },
  shareWith: { sv: "Handlägg gemensamt med region", en: "Work the case jointly with region" },
  share: { sv: "Dela", en: "Share" },
  ownedElsewhere: {
    sv: "Ärendet ägs av en annan region. Den regionen delar, lämnar över, avslutar och öppnar det igen.",
    en: "Another region owns the case. That region shares, transfers, closes and reopens it.",
  },
  historyLink: {
    sv: "Vem har tittat på ärendet? (åtkomstlogg)",
    en: "Who has looked at the case? (access log)",
  },
  reopenedTitle: { sv: "Öppnat igen", en: "Reopened" },
  receivingRegion: { sv: "Mottagande region", en: "Receiving region" },
  revokeTitle: { sv: "Återkalla en delning", en: "Revoke a share" },
  revoke: { sv: "Återkalla", en: "Revoke" },
  reopenTitle: { sv: "Öppna ärendet igen", en: "Reopen the case" },
  reopenReason: {
    sv: "Varför öppnas ärendet igen? (krypteras)",
    en: "Why is the case reopened? (encrypted)",
  },
  reopen: { sv: "Öppna igen", en: "Reopen" },
  reason: { sv: "Anledning", en: "Reason" },
  historyTitle: { sv: "Åtkomstlogg för ärendet", en: "The case's access log" },
  historyLead: {
    sv: "Varje läsning och ändring av ärendet, nyast först (svensk tid).",
    en: "Every read and change of the case, newest first (Swedish time).",
  },
  historyTable: { sv: "Åtkomstloggen", en: "The access log" },
  when: { sv: "När", en: "When" },
  who: { sv: "Vem", en: "Who" },
  role: { sv: "Roll", en: "Role" },
  what: { sv: "Vad", en: "What" },
  outcome: { sv: "Utfall", en: "Outcome" },
});

/** The deadlines view's mark on a deadline that outlives its closed case (ADR 0021). */
export const closedCaseBadge = (lang: Lang) => text(lang).closedCase;

type Region = typeof schema.regions.$inferSelect;
type Municipality = typeof schema.municipalities.$inferSelect;
type Options = Record<string, string>;

const STEP_VALUES = ["1", "2", "3", "4", "5", "6"];
/** Every region's name in the language, by id. */
const regionLabels = (regions: Region[], lang: Lang): Options =>
  Object.fromEntries(regions.map((r) => [r.id, label("region", r.id, lang)]));

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

/** An instant as Swedish date and time (Europe/Stockholm), never the UTC clock. */
function swedishTime(at: Date | string) {
  const { date: day, minutes } = swedishClock(typeof at === "string" ? new Date(at) : at);
  return `${day} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
const date = (d: Date | string | null) =>
  d === null ? "–" : typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : swedishTime(d);

export function caseListPage(
  c: StaffContext,
  filter: CaseFilter,
  { rows, more }: Awaited<ReturnType<typeof listCasesPage>>,
  pending: Awaited<ReturnType<typeof pendingTransfers>>,
  counts: { individual: number; consultation: number },
) {
  const lang = langOf(c);
  const t = text(lang);
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
  const SORT_NAMES: Options = { opened: t.sortOpened, deadline: t.sortDeadline, step: t.step };
  const sortHeader = (key: string) =>
    html`<th scope="col"${key === sort ? html` aria-sort="${dir === "asc" ? "ascending" : "descending"}"` : ""}><a href="${sortLink(key)}">${SORT_NAMES[key]}${key === sort ? (dir === "asc" ? " ▲" : " ▼") : ""}</a></th>`;
  return page(
    c,
    t.casesTitle,
    html`${pendingTransfersBlock(c, pending)}<p class="meta">${t.openCounts(counts.individual, counts.consultation)}</p><p><a class="button" href="/staff/cases/new?kind=consultation">${t.newConsultation}</a> <a class="button" href="/staff/cases/new?kind=individual">${t.newIndividual}</a></p>
      <form method="get" action="/staff/cases" class="filters" role="search">
        <div><label for="q">${t.search}</label><input id="q" name="q" value="${filter.q ?? ""}" /></div>
        <div>${select("status", t.status, ["open", "closed", "all"], { ...labelsOf("status", lang), all: t.all }, filter.status)}</div>
        <div>${select("kind", t.type, ["consultation", "individual", "all"], { ...labelsOf("kind", lang), all: t.all }, filter.kind)}</div>
        <div>${select("step", t.step, STEP_VALUES, labelsOf("step", lang), filter.step?.toString(), t.all)}</div>
        <div>${select("form", t.form, FORMS, labelsOf("form", lang), filter.form, t.all)}</div>
        <div>${select("ageGroup", t.age, ["child", "adult"], labelsOf("ageGroup", lang), filter.ageGroup, t.all)}</div>
        <div>${select("deadline", t.deadline, ["overdue", "due"], { overdue: t.overdue, due: t.due }, filter.deadline, t.all)}</div>
        <input type="hidden" name="sort" value="${sort}" /><input type="hidden" name="dir" value="${dir}" />
        <div><button>${t.show}</button></div>
      </form>
      <p class="sort-links">${t.sortBy} ${["opened", "deadline", "step"].map(
        (key, i) =>
          html`${i ? " · " : ""}<a href="${sortLink(key)}"${key === sort ? html` aria-current="true"` : ""}>${SORT_NAMES[key]}${key === sort ? (dir === "asc" ? t.ascending : t.descending) : ""}</a>`,
      )}</p>
      ${scrollable(
        t.caseList,
        html`<table class="case-list stack">
        <caption class="meta">${t.onPage(rows.length, filter.page)}</caption>
        <thead><tr><th scope="col">${t.caseCol}</th><th scope="col">${t.type}</th><th scope="col">${t.description}</th>${sortHeader("step")}${sortHeader("deadline")}${sortHeader("opened")}<th scope="col">${t.status}</th></tr></thead>
        <tbody>${rows.map(
          (r) =>
            html`<tr><td data-label="${t.caseCol}"><a href="/staff/cases/${r.id}">${r.ref}</a></td><td data-label="${t.type}">${label("kind", r.kind, lang)}</td><td data-label="${t.description}">${caseTitle(r.title, lang)}${r.regionId !== c.get("principal")?.regionId ? html` <span class="badge">${t.sharedFrom(label("region", r.regionId, lang))}</span>` : ""}</td><td data-label="${t.step}">${r.step ? label("step", r.step, lang) : "–"}</td><td data-label="${t.sortDeadline}">${r.nearestDeadline ?? "–"}</td><td data-label="${t.sortOpened}">${r.openedOn}</td><td data-label="${t.status}">${label("status", r.status, lang)}</td></tr>`,
        )}</tbody>
      </table>`,
      )}
      <p>${filter.page > 1 ? html`<a href="${pageLink(filter.page - 1)}">${t.previous}</a> ` : ""}${more ? html`<a href="${pageLink(filter.page + 1)}">${t.next}</a>` : ""}</p>`,
  );
}

/** The person's fields, for a new individual case and for a consultation that becomes one. */
const personFields = (lang: Lang, v: (k: string) => string | undefined) => {
  const t = text(lang);
  return html`<fieldset><legend>${t.personLegend}</legend>
      ${select("ageGroup", t.ageGroup, ["child", "adult"], labelsOf("ageGroup", lang), v("ageGroup"))}
      <label for="birthYear">${t.birthYear}</label><input id="birthYear" name="birthYear" inputmode="numeric" value="${v("birthYear") ?? ""}" />
      ${select("gender", t.gender, GENDERS, labelsOf("gender", lang), v("gender") ?? "unknown")}
      <label for="citizenship">${t.citizenshipField}</label><input id="citizenship" name="citizenship" value="${v("citizenship") ?? ""}" />
      <label for="languages">${t.languagesField}</label><input id="languages" name="languages" value="${v("languages") ?? ""}" />
      <label for="name">${t.nameField}</label><input id="name" name="name" autocomplete="off" value="${v("name") ?? ""}" />
      <label for="contact">${t.contactField}</label><input id="contact" name="contact" autocomplete="off" value="${v("contact") ?? ""}" />
      <label for="identityDocuments">${t.documentsField}</label><input id="identityDocuments" name="identityDocuments" autocomplete="off" value="${v("identityDocuments") ?? ""}" />
  </fieldset>`;
};

/** The consultation's own record: the contact, who took it, and what was asked and advised. */
function consultationFacts(lang: Lang, k: CaseDetail) {
  const t = text(lang);
  return html`<dt>${t.contact}</dt><dd>${k.contactAt ? swedishTime(k.contactAt) : "–"}${k.contactMinutes ? t.minutes(k.contactMinutes) : ""}${k.takenByName ? t.takenBy(k.takenByName) : ""}</dd>
    <dt>${t.channel}</dt><dd>${label("channel", k.consultationChannel, lang)}</dd><dt>${t.topic}</dt><dd>${label("topic", k.consultationTopic, lang)}</dd><dt>${t.referredTo}</dt><dd>${label("referredTo", k.referredTo, lang)}</dd><dt>${t.advice}</dt><dd>${k.advice ?? "–"}</dd>`;
}

export function newCasePage(
  c: StaffContext,
  kind: string,
  munis: MunicipalityChoices,
  values: Record<string, unknown> = {},
  issues: { path: string; message: string }[] = [],
  duplicates: PossibleDuplicate[] = [],
) {
  const lang = langOf(c);
  const t = text(lang);
  const muniSelect = html`<label for="municipalityCode">${t.municipality}</label><select id="municipalityCode" name="municipalityCode" required>${municipalityOptions(munis, lang, values.municipalityCode)}</select>`;
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const chosenForms = list(values.forms) as string[];
  if (kind === "consultation") {
    return page(
      c,
      t.newConsultation,
      html`${errorList(issues)}<form method="post" action="/staff/cases/consultations">${csrfField(c)}
        <p class="meta">${t.consultationLead}</p>
        <fieldset><legend>${t.contactLegend}</legend>
          <label for="contactOn">${t.contactOn}</label><input id="contactOn" name="contactOn" type="date" value="${v("contactOn") ?? ""}" />
          <label for="contactTime">${t.contactTime}</label><input id="contactTime" name="contactTime" type="time" value="${v("contactTime") ?? ""}" />
          <label for="contactMinutes">${t.contactMinutes}</label><input id="contactMinutes" name="contactMinutes" inputmode="numeric" value="${v("contactMinutes") ?? ""}" />
          <p class="meta">${t.contactNote}</p>
        </fieldset>
        ${select("channel", t.channel, ["support-line", "coordinator"], labelsOf("channel", lang), v("channel"))}
        ${select("referringOrg", t.whoAsked, REFERRING_ORGS, labelsOf("referringOrg", lang), v("referringOrg"))}
        ${muniSelect}
        ${select("topic", t.topic, TOPICS, labelsOf("topic", lang), v("topic"))}
        ${checks("forms", t.forms, FORMS, labelsOf("form", lang), chosenForms)}
        ${select("referredTo", t.referredOn, REFERRED_TO, labelsOf("referredTo", lang), v("referredTo"))}
        <label for="advice">${t.adviceField}</label><textarea id="advice" name="advice">${v("advice") ?? ""}</textarea>
        <p><button>${t.registerConsultation}</button></p></form>`,
      issues.length ? 400 : 200,
    );
  }
  return page(
    c,
    t.newIndividual,
    html`${errorList(issues.filter((i) => i.path !== "duplicateChoice"))}<form method="post" action="/staff/cases/individual">${csrfField(c)}
      ${select("referringOrg", t.referringOrg, REFERRING_ORGS, labelsOf("referringOrg", lang), v("referringOrg"))}
      ${muniSelect}
      ${checks("forms", t.forms, FORMS, labelsOf("form", lang), chosenForms)}
      ${select("category", t.category, CATEGORIES, labelsOf("category", lang), v("category"))}
      ${select("step", t.currentStep, STEP_VALUES, labelsOf("step", lang), v("step") ?? "1")}
      ${personFields(lang, v)}
      ${duplicates.length ? duplicatesFieldset(lang, duplicates, v("duplicateChoice"), issues) : ""}
      <p><button>${t.openCase}</button></p></form>`,
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
  const lang = langOf(c);
  const t = text(lang);
  const me = c.get("principal")?.id;
  const open = k.status === "open";
  const p = k.person;
  const regionName = (id: string) => label("region", id, lang);
  const otherRegions = allRegions.filter((r) => r.id !== k.regionId);
  const regions = regionLabels(allRegions, lang);
  const sections: [string, string][] = [
    ["facts", t.navOverview],
    ...(p ? ([["person", t.navPerson]] as [string, string][]) : []),
    ...(k.kind === "individual" ? ([["steps", t.navSteps]] as [string, string][]) : []),
    ["referrals-h", t.navReferrals],
    ["tasks-h", t.navTasks],
    ["notes-h", t.navNotes],
    ["files-h", t.navFiles],
    ["shares-h", t.navShares],
    ["groups-h", personText(lang).groupsNav],
    ...(manage ? ([["closing-h", open ? t.dangerNav : t.navReopen]] as [string, string][]) : []),
  ];
  const post = (action: string, inner: unknown) =>
    html`<form method="post" action="/staff/cases/${k.id}/${action}">${csrfField(c)}${inner}</form>`;
  return page(
    c,
    `${k.ref} – ${label("kind", k.kind, lang)}`,
    html`<p class="meta">${caseTitle(k.title, lang)} · ${label("status", k.status, lang)} · ${t.openedOn(k.openedOn)}${k.closedOn ? ` · ${t.closedOn(k.closedOn, label("closeReason", k.closeReason, lang))}` : ""}</p>
      <nav aria-label="${t.sectionsNav}" class="jump"><ul>${sections.map(([id, name]) => html`<li><a href="#${id}">${name}</a></li>`)}</ul></nav>
      ${k.pendingTransfer ? html`<p class="notice" role="status">${t.transferWaits(regionName(k.pendingTransfer.toRegionId), date(k.pendingTransfer.requestedAt))}</p>` : ""}
      ${open ? "" : html`<p class="notice" role="status">${t.closedNotice(manage)}</p>`}
      <div class="grid">
        <section class="card" aria-labelledby="facts"><h2 id="facts">${t.navOverview}</h2><dl class="fields">
          <dt>${t.region}</dt><dd>${regionName(k.regionId)}</dd>
          <dt>${t.municipality}</dt><dd>${k.municipalityName ?? "–"}${k.municipalityCode ? ` (${k.municipalityCode})` : ""}</dd>
          <dt>${t.referredBy}</dt><dd>${label("referringOrg", k.referringOrg, lang)}</dd>
          <dt>${t.formsShort}</dt><dd>${k.forms.map((f) => label("form", f, lang)).join(", ")}</dd>
          ${k.kind === "individual" ? html`<dt>${t.category}</dt><dd>${label("category", k.category, lang)}</dd><dt>${t.step}</dt><dd>${label("step", k.step, lang)}</dd>` : consultationFacts(lang, k)}
        </dl>
        ${k.kind === "consultation" && manage && open ? html`<p><a href="/staff/cases/${k.id}/convert">${t.convertLink}</a></p>` : ""}
        </section>
        ${k.convertedOn ? html`<section class="card" aria-labelledby="consultation-h"><h2 id="consultation-h">${t.convertedFrom(k.convertedOn)}</h2><dl class="fields">${consultationFacts(lang, k)}</dl></section>` : ""}
        ${
          p
            ? html`<section class="card" aria-labelledby="person"><h2 id="person">${t.personTitle(p.pseudonym)}</h2><dl class="fields">
                <dt>${t.age}</dt><dd>${label("ageGroup", p.ageGroup, lang)}${p.birthYear ? t.born(p.birthYear) : ""}</dd>
                <dt>${t.gender}</dt><dd>${label("gender", p.gender, lang)}</dd>
                <dt>${t.citizenship}</dt><dd>${p.citizenship ?? "–"}</dd>
                <dt>${t.languages}</dt><dd>${p.languages.join(", ") || "–"}</dd>
                <dt>${t.name}</dt><dd>${p.name ?? "–"}</dd>
                <dt>${t.contact}</dt><dd>${p.contact ?? "–"}</dd>
                <dt>${t.documents}</dt><dd>${p.identityDocuments ?? "–"}</dd>
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
          ? html`<section aria-labelledby="steps"><h2 id="steps">${t.stepsTitle}</h2>
              <ol>${k.steps.map((s) => html`<li>${label("step", s.step, lang)} – ${date(s.changedAt)}${s.by ? t.by(s.by) : ""}</li>`)}</ol>
              ${k.status === "open" ? post("step", html`${select("step", t.changeStep, STEP_VALUES, labelsOf("step", lang), String(k.step))} <button>${t.saveStep}</button>`) : ""}
            </section>`
          : ""
      }
      <section aria-labelledby="referrals-h"><h2 id="referrals-h">${t.referralsTitle}</h2>
        <p><a href="/staff/cases/${k.id}/referrals">${t.referralsLink}</a></p>
      </section>
      <section aria-labelledby="tasks-h"><h2 id="tasks-h">${t.tasksTitle}</h2>
        <ul>${k.tasks.map(
          (task) =>
            html`<li>${task.done ? html`<s>${task.title}</s>` : task.title}${t.dueBy(task.dueOn)}${task.owner ? html` <span class="meta">${t.responsible(task.owner)}</span>` : ""}${task.done || !open ? "" : html` ${post(`tasks/${task.id}/done`, html`<button class="link">${t.done}</button>`)}`}</li>`,
        )}</ul>
        ${open ? post("tasks", html`<label for="title">${t.newTask}</label><input id="title" name="title" /> <label for="dueOn">${t.dueField}</label><input id="dueOn" name="dueOn" type="date" /> <label for="ownerId">${t.owner}</label><select id="ownerId" name="ownerId">${owners.map((o) => html`<option value="${o.id}"${o.id === me ? " selected" : ""}>${o.name}${o.regionId !== k.regionId ? ` (${regionName(o.regionId ?? "")})` : ""}</option>`)}</select> <button>${t.add}</button>`) : ""}
      </section>
      <section aria-labelledby="notes-h"><h2 id="notes-h">${t.notesTitle}</h2>
        ${open ? post("notes", html`<label for="body">${t.newNote}</label><textarea id="body" name="body"></textarea><button>${t.saveNote}</button>`) : ""}
        ${k.notes.map((n) => html`<div class="card"><p class="meta">${date(n.createdAt)}${n.by ? ` · ${n.by}` : ""}</p><p>${n.body}</p></div>`)}
      </section>
      <section aria-labelledby="files-h"><h2 id="files-h">${t.filesTitle}</h2>
        <ul>${k.attachments.map((f) => html`<li><a href="/staff/cases/${k.id}/attachments/${f.id}">${f.filename}</a> <span class="meta">(${Math.ceil(f.size / 1024)} kB, ${date(f.createdAt)})</span></li>`)}</ul>
        ${
          open
            ? html`<form method="post" action="/staff/cases/${k.id}/attachments" enctype="multipart/form-data">${csrfField(c)}
          <label for="file">${t.newFile}</label><input id="file" name="file" type="file" /> <button>${t.upload}</button>
        </form>`
            : ""
        }
      </section>
      <section aria-labelledby="shares-h"><h2 id="shares-h">${t.sharesTitle}</h2>
        ${k.shares.length ? html`<ul>${k.shares.map((s) => html`<li>${regionName(s.regionId)}: ${label("shareMode", s.mode, lang)} ${t.since(date(s.createdAt))}</li>`)}</ul>` : html`<p>${t.notShared}</p>`}
        ${
          manage && open
            ? post(
                "shares",
                html`<input type="hidden" name="mode" value="joint" />${select(
                  "regionId",
                  t.shareWith,
                  otherRegions.map((r) => r.id),
                  regions,
                )} <button>${t.share}</button>`,
              )
            : manage
              ? ""
              : html`<p class="meta">${t.ownedElsewhere}</p>`
        }
        <p><a href="/staff/cases/${k.id}/history">${t.historyLink}</a></p>
      </section>
      ${groupsSection(lang, k.id, csrfField(c), records.groups, records.joinable, records.mayWrite)}
      ${
        k.reopenings.length
          ? html`<section aria-labelledby="reopened-h"><h2 id="reopened-h">${t.reopenedTitle}</h2><ul>${k.reopenings.map((r) => html`<li>${date(r.at)}${r.by ? t.by(r.by) : ""}: ${r.reason}</li>`)}</ul></section>`
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
                t.receivingRegion,
                otherRegions.map((r) => r.id),
                regions,
              )} <button class="danger">${t.transferAsk}</button></form>`
        }
        ${
          k.shares.length
            ? html`<h3 id="revoke-h">${t.revokeTitle}</h3><ul>${k.shares.map(
                (s) =>
                  html`<li>${regionName(s.regionId)} (${label("shareMode", s.mode, lang)}) ${post(`shares/${s.id}/revoke`, html`<button class="danger">${t.revoke}</button>`)}</li>`,
              )}</ul>`
            : ""
        }
      </section>`
            : html`<section aria-labelledby="closing-h"><h2 id="closing-h">${t.reopenTitle}</h2>${post("reopen", html`<label for="reopen-reason">${t.reopenReason}</label><textarea id="reopen-reason" name="reason" required></textarea> <button>${t.reopen}</button>`)}</section>`
      }`,
  );
}

type Preview = Awaited<ReturnType<typeof closingPreview>>;
type Effect = Preview["effects"][number];

/** What closing does, one line per running referral or waiting transfer. */
function effectLine(lang: Lang, e: Effect, shelterName: (id: string | null) => string) {
  const t = text(lang);
  switch (e.kind) {
    case "placement-ends":
      return t.effectPlacementEnds(shelterName(e.shelterId), e.end);
    case "placement-cancelled":
      return t.effectPlacementCancelled(shelterName(e.shelterId));
    case "referral-stays": {
      const status = label("referralStatus", e.status, lang);
      return e.type === "reflection" ? t.effectReflectionStays(status) : t.effectAmpStays(status);
    }
    case "transfer-withdrawn":
      return t.effectTransferWithdrawn(label("region", e.toRegionId, lang));
  }
}

/**
 * The confirmation before closing: what happens to each running referral and a waiting transfer,
 * the reason, and the key of what was shown (closing with another key is refused, see closeCase).
 */
export function closeConfirmPage(
  c: StaffContext,
  preview: Preview,
  { reason, changed = false }: { reason?: string; changed?: boolean } = {},
) {
  const lang = langOf(c);
  const t = text(lang);
  const shelterName = (id: string | null) => (id === null ? "–" : (preview.shelters[id] ?? "–"));
  const k = preview;
  return page(
    c,
    t.closePageTitle(k.ref),
    html`${changed ? html`<p class="notice" role="alert">${t.closeChanged}</p>` : ""}
      ${
        preview.effects.length
          ? html`<p>${t.closeEffectsLead}</p><ul class="effects">${preview.effects.map((e) => html`<li>${effectLine(lang, e, shelterName)}</li>`)}</ul>`
          : html`<p>${t.closeNoEffects}</p>`
      }
      <p class="meta">${t.closeReopenNote}</p>
      <form method="post" action="/staff/cases/${k.id}/close">${csrfField(c)}
        <input type="hidden" name="confirmed" value="${preview.key}" />
        ${select("reason", t.reason, CLOSE_REASONS, labelsOf("closeReason", lang), reason ?? (k.kind === "consultation" ? "answered" : undefined))}
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
  const lang = langOf(c);
  const t = text(lang);
  const v = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  return page(
    c,
    t.convertTitle(k.ref),
    html`${errorList(issues)}<p>${t.convertLead}</p>
      <form method="post" action="/staff/cases/${k.id}/convert">${csrfField(c)}
        ${select("category", t.category, CATEGORIES, labelsOf("category", lang), v("category"))}
        ${select("step", t.currentStep, STEP_VALUES, labelsOf("step", lang), v("step") ?? "1")}
        ${personFields(lang, v)}
        <p><button>${t.convertConfirm}</button> <a href="/staff/cases/${k.id}">${t.cancel}</a></p>
      </form>`,
    issues.length ? 400 : 200,
  );
}

/** The confirmation before asking another region to take a case over. */
export function transferConfirmPage(c: StaffContext, k: { id: string; ref: string }, region: Region) {
  const lang = langOf(c);
  const t = text(lang);
  const name = label("region", region.id, lang);
  return page(
    c,
    t.transferPageTitle(k.ref),
    html`<p>${t.transferExplain(name)}</p>
      <form method="post" action="/staff/cases/${k.id}/shares">${csrfField(c)}
        <input type="hidden" name="mode" value="transfer" /><input type="hidden" name="transferRegionId" value="${region.id}" />
        <p><button class="danger">${t.transferConfirm(name)}</button> <a href="/staff/cases/${k.id}">${t.cancel}</a></p>
      </form>`,
  );
}

/** The answer to a transfer offered to the user's region: accept, or decline set apart. */
const offerAnswers = (c: StaffContext, caseId: string, transferId: string, ref?: string) => {
  const t = text(langOf(c));
  const action = (what: string) => `/staff/cases/${caseId}/transfers/${transferId}/${what}`;
  const which = ref ? html`<span class="visually-hidden"> ${ref}</span>` : "";
  return html`<div class="actions">
      <form method="post" action="${action("accept")}">${csrfField(c)}<button>${t.offerAccept}${which}</button></form>
      <form method="post" action="${action("decline")}">${csrfField(c)}<button class="danger">${t.offerDecline}${which}</button></form>
    </div>`;
};

/** A transfer offered to the user's region: what the offer shows, and the answer. */
export function transferOfferPage(c: StaffContext, offer: Awaited<ReturnType<typeof transferOffer>>) {
  const lang = langOf(c);
  const t = text(lang);
  return page(
    c,
    t.offerTitle(offer.ref),
    html`<p>${t.offerLead(label("region", offer.fromRegionId, lang), date(offer.requestedAt))}</p>
      <dl class="fields"><dt>${t.offerCase}</dt><dd>${offer.ref} – ${label("kind", offer.kind, lang)}</dd>
        <dt>${t.offerSummary}</dt><dd>${caseTitle(offer.title, lang)}</dd>
        ${offer.step ? html`<dt>${t.step}</dt><dd>${label("step", offer.step, lang)}</dd>` : ""}
        <dt>${t.offerOpened}</dt><dd>${offer.openedOn}</dd></dl>
      <p class="meta">${t.offerNote}</p>
      ${offerAnswers(c, offer.caseId, offer.id)}`,
  );
}

/**
 * Transfers waiting on an answer, to and from the user's region, for the case list and the start
 * page: the receiving region answers from here, the sender sees what it waits for.
 */
export function pendingTransfersBlock(
  c: StaffContext,
  pending: Awaited<ReturnType<typeof pendingTransfers>>,
) {
  if (!pending.incoming.length && !pending.outgoing.length) return "";
  const lang = langOf(c);
  const t = text(lang);
  const name = (id: string) => label("region", id, lang);
  return html`<section aria-labelledby="transfers-h" class="card"><h2 id="transfers-h">${t.pendingTitle}</h2>
    ${pending.incoming.length ? html`<h3>${t.pendingIncoming(pending.incoming.length)}</h3><ul class="entries">${pending.incoming.map((p) => html`<li><a href="/staff/cases/${p.caseId}/transfers/${p.id}">${p.ref}</a> ${caseTitle(p.title, lang)} <span class="badge">${t.pendingFrom(name(p.fromRegionId))}</span> <span class="meta">${date(p.requestedAt)}</span>${offerAnswers(c, p.caseId, p.id, p.ref)}</li>`)}</ul>` : ""}
    ${pending.outgoing.length ? html`<h3>${t.pendingOutgoing(pending.outgoing.length)}</h3><ul>${pending.outgoing.map((p) => html`<li><a href="/staff/cases/${p.caseId}">${p.ref}</a> ${caseTitle(p.title, lang)} <span class="badge">${t.pendingTo(name(p.toRegionId))}</span> <span class="meta">${date(p.requestedAt)}</span></li>`)}</ul>` : ""}
  </section>`;
}

export function caseHistoryPage(c: StaffContext, rows: Awaited<ReturnType<typeof historyOf>>) {
  const lang = langOf(c);
  const t = text(lang);
  return page(
    c,
    t.historyTitle,
    html`<p class="meta">${t.historyLead}</p>
      ${scrollable(
        t.historyTable,
        html`<table class="stack"><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.role}</th><th scope="col">${t.what}</th><th scope="col">${t.outcome}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td data-label="${t.when}">${date(r.at)}</td><td data-label="${t.who}">${r.actorName ?? r.actorId ?? "–"}</td><td data-label="${t.role}">${label("role", r.actorRole, lang)}</td><td data-label="${t.what}">${label("auditAction", r.action, lang)}${r.detail ? ` ${JSON.stringify(r.detail)}` : ""}</td><td data-label="${t.outcome}">${label("outcome", r.outcome, lang)}</td></tr>`)}</tbody></table>`,
      )}`,
  );
}
