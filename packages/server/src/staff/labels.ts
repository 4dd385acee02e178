/** Swedish labels for the coded values the staff pages show. */
import type { ServiceError } from "../cases/errors.ts";
import { FORM_TITLES } from "../cases/service.ts";

/** The pages' own words for service errors that have a code; others show the service's message. */
const MESSAGES: Record<string, string> = {
  "case-closed":
    "Ärendet är avslutat och tar inte emot ändringar. Den region som äger ärendet kan öppna det igen, med en anledning.",
  "case-open": "Ärendet är redan öppet.",
  "not-owner":
    "Bara den region som äger ärendet kan dela, överlämna, återkalla en delning, avsluta eller öppna det igen.",
};
export const messageOf = (e: ServiceError): string => (e.code && MESSAGES[e.code]) || e.message;

export const LABELS = {
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
    exited: "Utslussad",
    planned: "Planerad",
    ongoing: "Pågår",
    completed: "Avslutad",
    prepared: "Förberedd",
    submitted: "Inskickad",
    approved: "Beviljad",
    refused: "Avslagen",
    withdrawn: "Återkallad",
    draft: "Utkast",
    granted: "Beviljad",
    rejected: "Avslagen",
    sent: "Skickad",
    accepted: "Accepterad",
  },
  deadline: {
    "nsp-day-80": "NSP: dag 80 av 90 – planera fortsättning eller utslussning",
    "nsp-flat-rate-ends": "NSP: schablonersättningen (90 dagar) tar slut",
    "amp-decision-pending": "ÅMP: inget beslut från IOM efter 30 dagar",
    "amp-claims-close": "ÅMP: fönstret för att begära beviljat stöd stänger (2 år efter beslut)",
    "reflection-decision-pending": "Betänketid: inget beslut efter 14 dagar",
    "reflection-ends": "Betänketiden (30 dagar) slutar",
    "witness-permit-ends": "Tillståndet för bevisperson slutar",
    "referral-unanswered": "Hänvisningen är obesvarad efter 14 dagar",
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
  step: {
    1: "1 Identifiering",
    2: "2 Akut skydd",
    3: "3 Inledande stöd",
    4: "4 Långsiktigt stöd",
    5: "5 Straffrättsligt förfarande",
    6: "6 Tryggt återvändande",
  } as Record<number, string>,
} as const;

export function label<K extends keyof typeof LABELS>(
  kind: K,
  value: string | number | null | undefined,
): string {
  if (value === null || value === undefined) return "–";
  return (LABELS[kind] as Record<string | number, string>)[value] ?? String(value);
}
