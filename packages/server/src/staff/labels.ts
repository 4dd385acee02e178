/**
 * The one place for the words of coded values on the staff pages, in Swedish and English: a
 * page never shows an internal id ("syd", "coordinator", "nsp-placement"), only its label in the
 * user's language. The English table has the Swedish one's shape, so a value without English is
 * a type error.
 */
import { loadRegions } from "@stodkedjan/content";
import { FORM_TITLES } from "../cases/service.ts";
import type { Lang } from "./i18n.ts";

const REGIONS = loadRegions();

const SV = {
  referringOrg: {
    "social-services": "Socialtjänsten",
    "health-care": "Hälso- och sjukvården",
    police: "Polisen",
    school: "Skolan",
    migrationsverket: "Migrationsverket",
    "civil-society": "Civilsamhället",
    employer: "Arbetsgivare",
    other: "Annan",
  },
  form: FORM_TITLES,
  category: {
    trafficking: "Människohandel",
    "human-exploitation": "Människoexploatering",
    prostitution: "Prostitution",
    "child-sexual-exploitation": "Sexuell exploatering av barn",
  },
  topic: {
    identification: "Identifiering",
    protection: "Skydd",
    housing: "Boende",
    residence: "Uppehållstillstånd/betänketid",
    return: "Återvändande",
    children: "Barn",
    labour: "Arbetsliv",
    other: "Annat",
  },
  referredTo: {
    none: "Ingen",
    "regional-coordinator": "Regionkoordinator",
    police: "Polisen",
    "social-services": "Socialtjänsten",
    nsp: "NSP (Plattformen)",
    nmt: "NMT",
    migrationsverket: "Migrationsverket",
    "health-care": "Hälso- och sjukvården",
    other: "Annan",
  },
  channel: { "support-line": "Stödtelefonen", coordinator: "Direkt till regionkoordinator" },
  gender: { woman: "Kvinna", man: "Man", "non-binary": "Icke-binär/annat", unknown: "Okänt" },
  accepts: { women: "Kvinnor", men: "Män", children: "Barn", families: "Familjer" },
  ageGroup: { child: "Barn (under 18)", adult: "Vuxen" },
  closeReason: {
    "support-completed": "Stödet avslutat",
    "returned-home": "Återvänt",
    moved: "Flyttat till annan region",
    "declined-support": "Tackat nej till stöd",
    "no-contact": "Ingen kontakt",
    answered: "Besvarad (konsultation)",
    other: "Annat",
  },
  status: { open: "Öppet", closed: "Avslutat" },
  kind: { consultation: "Konsultation", individual: "Enskilt ärende" },
  shareMode: { joint: "Gemensam handläggning", transfer: "Överlämning" },
  referralType: {
    "nsp-placement": "NSP: placering i skyddat boende",
    "nsp-support": "NSP: stöd utan boende",
    amp: "ÅMP: återvändandeprogrammet (IOM)",
    reflection: "Betänketid",
    "witness-permit": "Tillfälligt uppehållstillstånd för bevisperson",
    other: "Annan hänvisning",
  },
  referralStatus: {
    requested: "Begärd",
    placed: "Placerad",
    declined: "Nekad",
    cancelled: "Avbruten",
    extended: "Förlängd",
    "extension-requested": "Förlängning begärd",
    exited: "Utslussad",
    planned: "Planerad",
    ongoing: "Pågår",
    completed: "Avslutad",
    prepared: "Förberedd",
    submitted: "Inskickad",
    approved: "Beviljad",
    refused: "Avslagen",
    withdrawn: "Återkallad",
    "info-requested": "Komplettering begärd",
    closed: "Stängd",
    draft: "Utkast",
    granted: "Beviljad",
    rejected: "Avslagen",
    sent: "Skickad",
    accepted: "Accepterad",
  },
  deadline: {
    "nsp-day-80": "NSP: dag 80 av 90 – planera fortsättning eller utslussning",
    "nsp-flat-rate-ends": "NSP: schablonersättningen (90 dagar) tar slut",
    "nsp-extension-pending": "NSP: boendet begär förlängning – besluta",
    "nsp-arrival-unconfirmed": "NSP: ankomsten är inte bekräftad av boendet",
    "amp-decision-pending": "ÅMP: inget beslut från IOM efter 30 dagar",
    "amp-answer-pending": "ÅMP: IOM har begärt komplettering – svara inom 14 dagar",
    "amp-claims-close": "ÅMP: fönstret för att begära beviljat stöd stänger (2 år efter beslut)",
    "reflection-decision-pending": "Betänketid: inget beslut efter 14 dagar",
    "reflection-ends": "Betänketiden (30 dagar) slutar",
    "witness-permit-ends": "Tillståndet för bevisperson slutar",
    "referral-unanswered": "Hänvisningen är obesvarad (NSP efter 2 dagar, andra efter 14)",
  },
  deadlineState: { overdue: "Försenad", due: "Snart", upcoming: "Kommande" },
  otherKind: {
    kast: "KAST",
    mika: "MIKA",
    "health-care": "Hälso- och sjukvård",
    "legal-counsel": "Juridiskt ombud",
    "police-report": "Polisanmälan",
    other: "Annat",
  },
  nspSupportKind: {
    rehabilitation: "Rehabilitering",
    reintegration: "Återanpassning",
    "exit-support": "Utslussning",
    "one-off": "Enstaka insats",
  },
  applicant: {
    "social-welfare-board": "Socialnämnden",
    "preliminary-investigation-leader": "Förundersökningsledare",
  },
  ampPhase: {
    "pre-departure": "Före resan",
    travel: "Resan",
    reintegration: "Efter hemkomst",
    completed: "Klar",
  },
  ampFollowUpKind: {
    "person-contact": "Kontakt med personen",
    "iom-contact": "Kontakt med IOM",
    "reintegration-check": "Uppföljning av återanpassningen",
    other: "Annat",
  },
  ampMessageKind: {
    message: "Meddelande",
    "info-request": "IOM begär komplettering",
    answer: "Koordinatorns svar",
    refusal: "Skäl för avslag",
    closing: "Skäl för stängning",
  },
  ampSide: { coordinator: "Regionkoordinatorn", iom: "IOM" },
  ampItem: {
    travel: "Resa",
    escort: "Ledsagare",
    financial: "Ekonomiskt stöd",
    housing: "Boende",
    "health-care": "Vård",
    education: "Utbildning",
    work: "Arbete",
    legal: "Juridiskt stöd",
    psychosocial: "Psykosocialt stöd",
    other: "Annat",
  },
  role: {
    coordinator: "Regionkoordinator",
    national: "Nationella teamet",
    shelter: "Skyddat boende",
    iom: "IOM",
    researcher: "Forskare",
    editor: "Redaktör",
    admin: "Administratör",
  },
  auditAction: {
    read: "Läste",
    list: "Listade eller sökte",
    create: "Skapade",
    update: "Ändrade",
    export: "Laddade ned",
    share: "Delade",
    unshare: "Återkallade delning",
    "access.denied": "Nekades åtkomst",
  },
  outcome: { ok: "Lyckades", denied: "Nekad", error: "Fel" },
  step: {
    1: "1 Identifiering",
    2: "2 Akut skydd",
    3: "3 Inledande stöd",
    4: "4 Långsiktigt stöd",
    5: "5 Straffrättsligt förfarande",
    6: "6 Tryggt återvändande",
  } as Record<number, string>,
  region: Object.fromEntries(REGIONS.map((r) => [r.id, r.sv.name])),
};
type Table = { [K in keyof typeof SV]: Record<keyof (typeof SV)[K], string> };

const EN: Table = {
  referringOrg: {
    "social-services": "Social services",
    "health-care": "Health care",
    police: "Police",
    school: "School",
    migrationsverket: "Migrationsverket (Swedish Migration Agency)",
    "civil-society": "Civil society",
    employer: "Employer",
    other: "Other",
  },
  form: {
    sexual: "Sexual exploitation",
    labour: "Labour exploitation",
    begging: "Begging",
    crime: "Forced criminality",
    "forced-marriage": "Forced marriage",
    "war-service": "War service",
    "organ-trade": "Organ trade",
    "illegal-adoption": "Illegal adoption",
    other: "Other exploitation",
  },
  category: {
    trafficking: "Trafficking in human beings",
    "human-exploitation": "Human exploitation",
    prostitution: "Prostitution",
    "child-sexual-exploitation": "Sexual exploitation of children",
  },
  topic: {
    identification: "Identification",
    protection: "Protection",
    housing: "Housing",
    residence: "Residence permit/reflection period",
    return: "Return",
    children: "Children",
    labour: "Working life",
    other: "Other",
  },
  referredTo: {
    none: "None",
    "regional-coordinator": "Regional coordinator (regionkoordinator)",
    police: "Police",
    "social-services": "Social services",
    nsp: "NSP (Plattformen)",
    nmt: "NMT",
    migrationsverket: "Migrationsverket",
    "health-care": "Health care",
    other: "Other",
  },
  channel: { "support-line": "The support line", coordinator: "Directly to a regional coordinator" },
  gender: { woman: "Woman", man: "Man", "non-binary": "Non-binary/other", unknown: "Unknown" },
  accepts: { women: "Women", men: "Men", children: "Children", families: "Families" },
  ageGroup: { child: "Child (under 18)", adult: "Adult" },
  closeReason: {
    "support-completed": "Support completed",
    "returned-home": "Returned home",
    moved: "Moved to another region",
    "declined-support": "Declined support",
    "no-contact": "No contact",
    answered: "Answered (consultation)",
    other: "Other",
  },
  status: { open: "Open", closed: "Closed" },
  kind: { consultation: "Consultation", individual: "Individual case" },
  shareMode: { joint: "Joint handling", transfer: "Transfer" },
  referralType: {
    "nsp-placement": "NSP: placement in a shelter",
    "nsp-support": "NSP: support without housing",
    amp: "ÅMP: the voluntary return programme (IOM)",
    reflection: "Reflection period (betänketid)",
    "witness-permit": "Temporary residence permit for a person needed in the investigation",
    other: "Other referral",
  },
  referralStatus: {
    requested: "Requested",
    placed: "Placed",
    declined: "Declined",
    cancelled: "Cancelled",
    extended: "Extended",
    exited: "Exited",
    planned: "Planned",
    ongoing: "Ongoing",
    completed: "Completed",
    prepared: "Prepared",
    submitted: "Submitted",
    approved: "Approved",
    refused: "Refused",
    withdrawn: "Withdrawn",
    "info-requested": "More information requested",
    closed: "Closed",
    draft: "Draft",
    granted: "Granted",
    rejected: "Rejected",
    sent: "Sent",
    accepted: "Accepted",
    "extension-requested": "Extension requested",
  },
  deadline: {
    "nsp-day-80": "NSP: day 80 of 90 – plan what follows or the exit",
    "nsp-flat-rate-ends": "NSP: the flat-rate payment (90 days) ends",
    "amp-decision-pending": "ÅMP: no decision from IOM after 30 days",
    "amp-answer-pending": "ÅMP: IOM has asked for more information – answer within 14 days",
    "amp-claims-close": "ÅMP: the window to claim granted support closes (2 years after approval)",
    "reflection-decision-pending": "Reflection period: no decision after 14 days",
    "reflection-ends": "The reflection period (30 days) ends",
    "witness-permit-ends": "The permit for the person needed in the investigation ends",
    "nsp-extension-pending": "NSP: the shelter asks for an extension – decide",
    "nsp-arrival-unconfirmed": "NSP: the shelter has not confirmed the arrival",
    "referral-unanswered": "The referral is unanswered (NSP after 2 days, others after 14)",
  },
  deadlineState: { overdue: "Overdue", due: "Soon", upcoming: "Upcoming" },
  otherKind: {
    kast: "KAST",
    mika: "MIKA",
    "health-care": "Health care",
    "legal-counsel": "Legal counsel",
    "police-report": "Police report",
    other: "Other",
  },
  nspSupportKind: {
    rehabilitation: "Rehabilitation",
    reintegration: "Reintegration",
    "exit-support": "Exit support",
    "one-off": "One-off intervention",
  },
  applicant: {
    "social-welfare-board": "Social welfare board (socialnämnd)",
    "preliminary-investigation-leader": "Preliminary investigation leader",
  },
  ampPhase: {
    "pre-departure": "Before departure",
    travel: "The journey",
    reintegration: "After return",
    completed: "Completed",
  },
  ampFollowUpKind: {
    "person-contact": "Contact with the person",
    "iom-contact": "Contact with IOM",
    "reintegration-check": "Reintegration follow-up",
    other: "Other",
  },
  ampMessageKind: {
    message: "Message",
    "info-request": "IOM asks for more information",
    answer: "The coordinator's answer",
    refusal: "Reason for refusal",
    closing: "Reason for closing",
  },
  ampSide: { coordinator: "Regional coordinator", iom: "IOM" },
  ampItem: {
    travel: "Travel",
    escort: "Escort",
    financial: "Financial support",
    housing: "Housing",
    "health-care": "Health care",
    education: "Education",
    work: "Work",
    legal: "Legal support",
    psychosocial: "Psychosocial support",
    other: "Other",
  },
  role: {
    coordinator: "Regional coordinator",
    national: "National team",
    shelter: "Shelter",
    iom: "IOM",
    researcher: "Researcher",
    editor: "Editor",
    admin: "Administrator",
  },
  auditAction: {
    read: "Read",
    list: "Listed or searched",
    create: "Created",
    update: "Changed",
    export: "Downloaded",
    share: "Shared",
    unshare: "Revoked a share",
    "access.denied": "Was denied access",
  },
  outcome: { ok: "Succeeded", denied: "Denied", error: "Error" },
  step: {
    1: "1 Identification",
    2: "2 Acute protection",
    3: "3 Initial support",
    4: "4 Long-term support",
    5: "5 Criminal proceedings",
    6: "6 Safe return",
  },
  region: Object.fromEntries(REGIONS.map((r) => [r.id, r.en.name])),
};

const TABLES: Record<Lang, Table> = { sv: SV, en: EN };
export type LabelKind = keyof Table;

/** Every value of a kind with its label in the language, e.g. for a select's options. */
export function labelsOf<K extends LabelKind>(kind: K, lang: Lang): Record<string, string> {
  return TABLES[lang][kind] as Record<string, string>;
}

/** A coded value's label in the language; "–" for none. */
export function label(kind: LabelKind, value: string | number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return "–";
  return (TABLES[lang][kind] as Record<string | number, string>)[value] ?? String(value);
}

/** Every kind of coded value with a label (the test that no page shows an internal id reads it). */
export const LABEL_KINDS = Object.keys(SV) as LabelKind[];

/** The pieces of a case's stored coded title (cases/create.ts builds it in Swedish, for search). */
const TITLE_EN: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(SV.form).map(([code, sv]) => [sv, EN.form[code as keyof typeof EN.form]]),
  ),
  barn: "Child",
  vuxen: "Adult",
};

/**
 * A case's coded title in the language: forms, age group and municipality (a place name stays as
 * it is). The title is stored in Swedish because staff search runs on it.
 */
export function caseTitle(title: string, lang: Lang): string {
  if (lang === "sv") return title;
  const consultation = title.startsWith("Konsultation: ");
  const pieces = (consultation ? title.slice("Konsultation: ".length) : title).split(", ");
  return `${consultation ? "Consultation: " : ""}${pieces.map((piece) => TITLE_EN[piece] ?? piece).join(", ")}`;
}
