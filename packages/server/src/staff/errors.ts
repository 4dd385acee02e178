/**
 * The one mapping from errors to staff pages (ADR 0022). A service error, a refused route, an
 * unknown address and a fault all become a page in the staff layout, in the user's language,
 * with a way back; the API keeps its problem+json. A form's bad input (400) shows the page the
 * form was on again, with everything typed put back and each message next to its field, for
 * every form without code of its own: the page is rendered anew and the form filled in here.
 *
 * Messages come from codes, never from a service's or a schema's English text: zod's issue codes
 * with their limits, the domain rules' codes (`date-order`, …) and the services' error codes
 * (`referral-transition`, …). An uncoded message falls back to a plain sentence for its status.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getContext } from "hono/context-storage";
import { html } from "hono/html";
import { TOKEN_DAYS } from "../accounts/service.ts";
import { type Issue, ServiceError } from "../cases/errors.ts";
import { isUuid } from "../ids.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label } from "./labels.ts";
import { page, type StaffContext } from "./layout.ts";

type Status = 400 | 403 | 404 | 409 | 500;
type Params = Record<string, string | number>;

const TEXT = defineText({
  title400: { sv: "Formuläret innehåller fel", en: "The form has errors" },
  title403: { sv: "Inte tillåtet", en: "Not allowed" },
  title404: { sv: "Finns inte", en: "Not found" },
  title409: { sv: "Det gick inte att spara", en: "Could not be saved" },
  title500: { sv: "Något gick fel", en: "Something went wrong" },
  explain400: {
    sv: "Det du skickade kunde inte sparas. Inget har ändrats.",
    en: "What you sent could not be saved. Nothing has changed.",
  },
  explain403: {
    sv: "Din roll eller region ger inte tillgång till det här. Behöver du det i ditt arbete, fråga den som administrerar användarna.",
    en: "Your role or region does not give access to this. If your work needs it, ask the person who manages users.",
  },
  explain404: {
    sv: "Sidan finns inte, eller så är det ett ärende som du inte har tillgång till. Kontrollera adressen eller gå vidare härifrån.",
    en: "The page does not exist, or it is a case you do not have access to. Check the address or go on from here.",
  },
  explain409: {
    sv: "Läget har ändrats sedan sidan visades, så ändringen kan inte göras nu. Inget har ändrats. Gå tillbaka och se hur det ser ut nu.",
    en: "Things have changed since the page was shown, so the change cannot be made now. Nothing has changed. Go back and see how things stand now.",
  },
  explain500: {
    sv: (ref: string) =>
      `Ett fel uppstod hos oss. Det du gjorde kan ha blivit osparat. Försök igen om en stund. Om felet återkommer, kontakta den som administrerar systemet och ange referensen ${ref}.`,
    en: (ref: string) =>
      `An error occurred on our side. What you did may not have been saved. Try again in a while. If it happens again, contact the system's administrator and give the reference ${ref}.`,
  },
  csrf: {
    sv: "Formuläret har gått ut. Gå tillbaka, ladda om sidan och skicka det igen.",
    en: "The form has expired. Go back, reload the page and send it again.",
  },
  toStart: { sv: "Till översikten", en: "To the overview" },
  toCase: { sv: "Tillbaka till ärendet", en: "Back to the case" },
  back: { sv: "Tillbaka", en: "Back" },
  signIn: { sv: "Logga in", en: "Sign in" },
  waysBack: { sv: "Vägar vidare", en: "Where to go" },
  fix: { sv: "Rätta följande:", en: "Please correct the following:" },
  notSaved: {
    sv: "Det du skrev är inte sparat än. Rätta följande och skicka igen:",
    en: "What you typed is not saved yet. Correct the following and send it again:",
  },
  typed: { sv: "Det du skrev", en: "What you typed" },
  // Field problems, by zod issue code.
  required: { sv: "Fyll i det här fältet.", en: "Fill in this field." },
  tooLong: {
    sv: (max: string, typed: string) =>
      `Texten är för lång: högst ${max} tecken${typed ? `, du har skrivit ${typed}` : ""}. Korta den och skicka igen; allt du skrev finns kvar.`,
    en: (max: string, typed: string) =>
      `The text is too long: at most ${max} characters${typed ? `, you have typed ${typed}` : ""}. Shorten it and send it again; everything you typed is kept.`,
  },
  tooShort: {
    sv: (min: string) => `Minst ${min} tecken.`,
    en: (min: string) => `At least ${min} characters.`,
  },
  numberTooBig: { sv: (max: string) => `Högst ${max}.`, en: (max: string) => `At most ${max}.` },
  numberTooSmall: { sv: (min: string) => `Minst ${min}.`, en: (min: string) => `At least ${min}.` },
  chooseAtLeast: {
    sv: "Välj minst ett alternativ.",
    en: "Choose at least one option.",
  },
  chooseAtMost: { sv: (max: string) => `Välj högst ${max}.`, en: (max: string) => `Choose at most ${max}.` },
  number: { sv: "Skriv ett tal med siffror.", en: "Write a number in digits." },
  choose: { sv: "Välj ett av alternativen i listan.", en: "Choose one of the options in the list." },
  date: {
    sv: "Skriv ett datum som åååå-mm-dd, till exempel 2026-03-01.",
    en: "Write a date as yyyy-mm-dd, for example 2026-03-01.",
  },
  dateRange: { sv: "Skriv ett datum mellan 1900 och 2199.", en: "Write a date between 1900 and 2199." },
  format: {
    sv: "Kontrollera hur det är skrivet.",
    en: "Check how it is written.",
  },
  badText: {
    sv: "Texten innehåller tecken som inte kan sparas. Ta bort dem och skicka igen.",
    en: "The text contains characters that cannot be saved. Remove them and send it again.",
  },
  unknownFields: {
    sv: "Formuläret innehöll fält som inte hör hit. Ladda om sidan och försök igen.",
    en: "The form contained fields that do not belong here. Reload the page and try again.",
  },
  check: { sv: "Kontrollera det här fältet.", en: "Check this field." },
  // Field problems, by the domain rules' and services' codes.
  "date-invalid": {
    sv: "Skriv ett datum som åååå-mm-dd, till exempel 2026-03-01.",
    en: "Write a date as yyyy-mm-dd, for example 2026-03-01.",
  },
  "date-missing": {
    sv: "Ange datumet: den nya statusen behöver det.",
    en: "Give the date: the new status needs it.",
  },
  "date-order": {
    sv: "Datumet ligger före ett datum som ska komma först (till exempel inskickad före beslut, start före slut). Kontrollera ordningen.",
    en: "The date falls before a date that must come first (for example submitted before decided, start before end). Check the order.",
  },
  "date-future": { sv: "Datumet kan inte ligga i framtiden.", en: "The date cannot be in the future." },
  "birth-year-future": {
    sv: "Födelseåret kan inte ligga i framtiden.",
    en: "The year of birth cannot be in the future.",
  },
  "birth-year-early": {
    sv: "Ange ett födelseår inom de senaste 110 åren.",
    en: "Give a year of birth within the last 110 years.",
  },
  "date-past": {
    sv: "Datumet har redan passerat. Välj dagens datum eller ett senare.",
    en: "The date has already passed. Choose today or a later date.",
  },
  "reason-missing": {
    sv: "Skriv skälet till förlängningen.",
    en: "Write the reason for the extension.",
  },
  "amount-invalid": {
    sv: "Skriv beloppet i hela kronor, från 0 till 10 000 000.",
    en: "Write the amount in whole kronor, from 0 to 10,000,000.",
  },
  "applicant-not-allowed": {
    sv: "Den sökande kan inte ansöka om detta. Välj en annan sökande.",
    en: "This applicant cannot apply for this. Choose another applicant.",
  },
  "phase-invalid": {
    sv: "En fas kan sättas först när ansökan är beviljad.",
    en: "A phase can be set only once the application is approved.",
  },
  "kind-invalid": { sv: "Välj ett av alternativen i listan.", en: "Choose one of the options in the list." },
  "kind-too-early": {
    sv: "Återanpassningen kan följas upp först när återvändandet är i fasen efter hemkomst (ändra fasen ovan).",
    en: "Reintegration can be followed up only once the return is in the phase after arrival (change the phase above).",
  },
  "municipality-unknown": { sv: "Välj en kommun i listan.", en: "Choose a municipality in the list." },
  "region-unknown": { sv: "Välj en region i listan.", en: "Choose a region in the list." },
  "shelter-unknown": {
    sv: "Välj ett certifierat boende i listan.",
    en: "Choose a certified shelter in the list.",
  },
  "shelter-uncertified": {
    sv: (name: string) =>
      `${name} är inte certifierat inom NSP och kan inte ta emot en placering. Välj ett certifierat boende.`,
    en: (name: string) =>
      `${name} is not certified within NSP and cannot take a placement. Choose a certified shelter.`,
  },
  "shelter-expired": {
    sv: (name: string, until: string) =>
      `Certifieringen för ${name} har gått ut (den gällde till ${until}). Välj ett boende med giltig certifiering.`,
    en: (name: string, until: string) =>
      `The certification of ${name} has run out (it was valid until ${until}). Choose a shelter with a valid certification.`,
  },
  "shelter-expires-before-start": {
    sv: (name: string, until: string) =>
      `Certifieringen för ${name} gäller bara till ${until}, före inflyttningen. Välj ett boende som är certifierat då, eller ett tidigare datum.`,
    en: (name: string, until: string) =>
      `The certification of ${name} is valid only until ${until}, before the move-in. Choose a shelter certified then, or an earlier date.`,
  },
  // The shelter registry's certification checklist and the referral form's shelter (ADR 0027).
  "criterion-unknown": {
    sv: "Välj ett kriterium i listan.",
    en: "Choose a criterion in the list.",
  },
  "criterion-built-in": {
    sv: "NSP:s egna kriterier kan inte tas ur bruk. Välj ett kriterium som nationella teamet lagt till.",
    en: "NSP's own criteria cannot be retired. Choose a criterion added by the national team.",
  },
  "criterion-retired": {
    sv: (on: string) => `Kriteriet togs ur bruk redan ${on}. Välj ett annat kriterium.`,
    en: (on: string) => `The criterion was retired already on ${on}. Choose another criterion.`,
  },
  "date-before-added": {
    sv: (on: string) => `Kriteriet lades till ${on}. Välj den dagen eller en senare.`,
    en: (on: string) => `The criterion was added on ${on}. Choose that day or a later one.`,
  },
  "assessment-too-long": {
    sv: "En bedömning gäller högst tre år. Välj ett tidigare slutdatum.",
    en: "An assessment holds for at most three years. Choose an earlier end date.",
  },
  "certification-follows-checklist": {
    sv: "Boendets certifiering följer checklistan. Registrera en bedömning där i stället.",
    en: "The shelter's certification follows its checklist. Record an assessment there instead.",
  },
  "certification-withdrawn": {
    sv: "Certifieringen är redan återkallad. Nya bedömningar efter återkallelsen kan certifiera boendet igen.",
    en: "The certification is already withdrawn. New assessments after the withdrawal can certify the shelter again.",
  },
  "shelter-choice-reason": {
    sv: "Boendet passar inte personen (certifierat, ledig plats, grupp och form av exploatering). Välj varför det ändå väljs.",
    en: "The shelter does not fit the person (certified, a free place, group and form of exploitation). Choose why it is chosen anyway.",
  },
  "task-owner": {
    sv: "Välj en koordinator som arbetar med ärendet.",
    en: "Choose a coordinator who works on the case.",
  },
  "share-own-region": {
    sv: "Ärendet hör redan till den regionen. Välj en annan region.",
    en: "The case already belongs to that region. Choose another region.",
  },
  "file-size": {
    sv: "Filen är tom eller större än 10 MB. Välj en annan fil.",
    en: "The file is empty or larger than 10 MB. Choose another file.",
  },
  "file-missing": { sv: "Välj en fil att ladda upp.", en: "Choose a file to upload." },
  "username-taken": {
    sv: "Användarnamnet är upptaget. Välj ett annat.",
    en: "The username is taken. Choose another.",
  },
  "field-not-applicable": {
    sv: "Fältet hör inte till den här sortens hänvisning.",
    en: "This field does not belong to this kind of referral.",
  },
  // The account pages' field problems, by their schemas' and services' codes.
  "region-required": {
    sv: "Välj regionen som regionkoordinatorn arbetar i.",
    en: "Choose the region the regional coordinator works in.",
  },
  "role-required": { sv: "Välj en roll.", en: "Choose a role." },
  "purpose-short": {
    sv: "Beskriv ändamålet med minst 10 tecken.",
    en: "Describe the purpose in at least 10 characters.",
  },
  "max-500": { sv: "Högst 500 tecken.", en: "At most 500 characters." },
  "max-200": { sv: "Högst 200 tecken.", en: "At most 200 characters." },
  "max-100": { sv: "Högst 100 tecken.", en: "At most 100 characters." },
  "min-3": { sv: "Skriv minst 3 tecken.", en: "Write at least 3 characters." },
  "admin-token": {
    sv: "Administration görs inte med API-nycklar.",
    en: "Administration is not done with API keys.",
  },
  "days-number": { sv: "Ange ett antal dagar.", en: "Enter a number of days." },
  "days-whole": { sv: "Ange ett helt antal dagar.", en: "Enter a whole number of days." },
  "days-min": { sv: "Minst 1 dag.", en: "At least 1 day." },
  "days-max": { sv: `Högst ${TOKEN_DAYS.max} dagar.`, en: `At most ${TOKEN_DAYS.max} days.` },
  "username-chars": {
    sv: "Bara bokstäver a–z, siffror och . _ @ -.",
    en: "Only letters a–z, digits and . _ @ -.",
  },
  "name-required": { sv: "Skriv namnet.", en: "Write the name." },
  "reason-required": { sv: "Skriv varför begäran avslås.", en: "Write why the request is refused." },
  "password-short": {
    sv: "Lösenordet behöver minst 12 tecken.",
    en: "The password needs at least 12 characters.",
  },
  "password-long": {
    sv: "Lösenordet får ha högst 256 tecken.",
    en: "The password may have at most 256 characters.",
  },
  "password-mismatch": { sv: "Lösenorden är inte lika.", en: "The passwords are not the same." },
  "password-wrong": {
    sv: "Lösenordet stämmer inte, eller så har du försökt för många gånger. Vänta en stund och försök igen.",
    en: "The password is not right, or you have tried too many times. Wait a while and try again.",
  },
  "no-change": {
    sv: "Kontot har redan den rollen och regionen.",
    en: "The account already has that role and region.",
  },
  // The account pages' whole-request problems, by the services' codes.
  "own-account": {
    sv: "Du kan inte ändra, stänga av eller återställa ditt eget konto här. Be en annan administratör.",
    en: "You cannot change, deactivate or reset your own account here. Ask another administrator.",
  },
  "no-account": { sv: "Kontot finns inte.", en: "The account does not exist." },
  "change-pending": {
    sv: "En ändring av kontots roll eller region väntar redan på godkännande.",
    en: "A change of the account's role or region is already waiting for approval.",
  },
  "no-password": {
    sv: "Kontot har inget eget lösenord än (det är inte aktiverat, eller loggar in via organisationens inloggning). Tvåstegsinloggningen kan inte återställas.",
    en: "The account has no password of its own yet (it is not activated, or signs in through the organisation's sign-in). Two-step sign-in cannot be reset.",
  },
  disabled: {
    sv: "Kontot är avstängt. Aktivera det först.",
    en: "The account is deactivated. Reactivate it first.",
  },
  "request-own": {
    sv: "Du kan inte besluta om en begäran som du själv har gjort.",
    en: "You cannot decide a request you made yourself.",
  },
  "request-missing": { sv: "Begäran finns inte.", en: "The request does not exist." },
  "request-decided": { sv: "Begäran är redan beslutad.", en: "The request has already been decided." },
  // Whole-request errors, by the services' codes: what happened and what the person can do.
  "case-closed": {
    sv: "Ärendet är avslutat och tar inte emot ändringar. Den region som äger ärendet kan öppna det igen, med en anledning.",
    en: "The case is closed and takes no changes. The region that owns the case can reopen it, giving a reason.",
  },
  "case-open": { sv: "Ärendet är redan öppet.", en: "The case is already open." },
  "not-owner": {
    sv: "Bara den region som äger ärendet kan dela, överlämna, återkalla en delning, avsluta eller öppna det igen.",
    en: "Only the region that owns the case can share, transfer, revoke a share, close or reopen it.",
  },
  "referral-individual-only": {
    sv: "Bara enskilda ärenden har hänvisningar. En konsultation registrerar ingen person; öppna ett enskilt ärende för personen.",
    en: "Only individual cases have referrals. A consultation registers no person; open an individual case for the person.",
  },
  "consultation-no-step": {
    sv: "En konsultation har inga steg. Steg följs i enskilda ärenden.",
    en: "A consultation has no steps. Steps are followed in individual cases.",
  },
  "share-exists": {
    sv: "Ärendet är redan delat med den regionen.",
    en: "The case is already shared with that region.",
  },
  "transfer-exists": {
    sv: "Ärendet är redan på väg att lämnas över. Återkalla den överlämningen först om det ska till en annan region.",
    en: "The case is already being transferred. Revoke that transfer first if it should go to another region.",
  },
  "follow-up-amp-only": {
    sv: "Uppföljningar registreras bara på ÅMP-ansökningar.",
    en: "Follow-up entries are recorded only on ÅMP applications.",
  },
  "follow-up-closed": {
    sv: (status: string) =>
      `Ansökan har status ${status} och tar inte emot uppföljningar. Uppföljningar kan registreras när ansökan är inskickad eller beviljad; skriv annars en anteckning i ärendet.`,
    en: (status: string) =>
      `The application's status is ${status} and it takes no follow-up entries. They can be recorded once it is submitted or approved; otherwise write a note in the case.`,
  },
  // ÅMP (ADR 0028): IOM decides; claims against granted support; phases; the child routine.
  "amp-iom-decides": {
    sv: "IOM beslutar om ÅMP-ansökan, beviljar stödet och registrerar utbetalningar. Som koordinator förbereder och skickar du in ansökan, svarar på IOM:s frågor och kan återkalla den.",
    en: "IOM decides the ÅMP application, grants the support and records the claims paid. As the coordinator you prepare and submit the application, answer IOM's questions and can withdraw it.",
  },
  "answer-missing": {
    sv: "Skriv svaret på IOM:s fråga innan du skickar in ansökan igen.",
    en: "Write the answer to IOM's question before you submit the application again.",
  },
  "country-missing": {
    sv: "Ange landet personen återvänder till (under Ansökan) innan du skickar in.",
    en: "Give the country the person returns to (under Application) before you submit.",
  },
  "country-unknown": { sv: "Välj ett land i listan.", en: "Choose a country in the list." },
  "items-missing": {
    sv: "Bevilja minst ett stöd: skriv ett belopp i hela kronor vid det stöd som beviljas.",
    en: "Grant at least one support item: write an amount in whole kronor next to the support granted.",
  },
  "claim-over-balance": {
    sv: (remaining: string) =>
      `Beloppet är större än det som återstår av det beviljade stödet (${Number(remaining).toLocaleString("sv-SE")} kr). Skriv högst det beloppet.`,
    en: (remaining: string) =>
      `The amount is more than what remains of the granted support (${Number(remaining).toLocaleString("en-GB")} kr). Write at most that amount.`,
  },
  "claim-not-granted": {
    sv: "Det stödet är inte beviljat i den här ansökan. Välj ett beviljat stöd.",
    en: "That support is not granted in this application. Choose a granted support item.",
  },
  "claim-window": {
    sv: (approvedOn: string, closesOn: string) =>
      `Stöd kan bara betalas ut från beslutet (${approvedOn}) till två år efter det (${closesOn}). Datumet ligger utanför den tiden.`,
    en: (approvedOn: string, closesOn: string) =>
      `Support can be paid only from the approval (${approvedOn}) until two years after it (${closesOn}). The date is outside that period.`,
  },
  "claim-not-approved": {
    sv: "Stöd betalas bara ut mot en beviljad ansökan som inte är stängd eller återkallad.",
    en: "Support is paid only against an approved application that is not closed or withdrawn.",
  },
  "phase-order": {
    sv: "Faserna följer på varandra när ansökan är beviljad: före resan, resan, efter hemkomst, klar. Välj nästa fas i den ordningen.",
    en: "Once the application is approved the phases follow each other: before the journey, the journey, after arrival, completed. Choose the next phase in that order.",
  },
  "child-unconfirmed": {
    sv: "Ett barns återvändande kan inte gå vidare till resan förrän både koordinatorn och IOM har bekräftat barnets vårdnadshavare och den mottagande myndigheten.",
    en: "A child's return cannot move on to the journey until both the coordinator and IOM have confirmed the child's guardian and the receiving authority.",
  },
  "confirm-guardian": {
    sv: "Bekräfta barnets vårdnadshavare (kryssa i rutan).",
    en: "Confirm the child's guardian (tick the box).",
  },
  "confirm-authority": {
    sv: "Bekräfta den mottagande myndigheten (kryssa i rutan).",
    en: "Confirm the receiving authority (tick the box).",
  },
  "amp-child-fixed": {
    sv: "Personen i ärendet är barn (under 18 år), så återvändandet följer rutinen för barn. Markeringen kan inte tas bort.",
    en: "The person in the case is a child (under 18), so the return follows the routine for children. The flag cannot be removed.",
  },
  "amp-not-child": {
    sv: "Bekräftelsen gäller bara barns återvändande. Markera ansökan som ett barns återvändande först.",
    en: "The confirmation applies only to a child's return. Mark the application as a child's return first.",
  },
  "amp-child-late": {
    sv: "Resan har redan börjat; bekräftelsen hör till tiden före resan.",
    en: "The journey has already begun; the confirmation belongs to the time before it.",
  },
  "amp-ended": {
    sv: "Ansökan är avslutad och tar inte emot ändringar.",
    en: "The application has ended and takes no changes.",
  },
  "amp-not-returned": {
    sv: "Uppföljningskontakter registreras efter hemkomsten, när återvändandet är i fasen efter hemkomst.",
    en: "Follow-up contacts are recorded after the return, once it is in the phase after arrival.",
  },
  "amp-decided": {
    sv: "IOM har redan beslutat om ansökan; landet och barnmarkeringen kan inte ändras längre. Skriv ett meddelande till IOM om något har ändrats.",
    en: "IOM has already decided the application; the country and the child marking can no longer change. Write a message to IOM if something has changed.",
  },
  "amp-draft": {
    sv: "Skicka in ansökan till IOM innan ni skriver meddelanden.",
    en: "Submit the application to IOM before writing messages.",
  },
  "referral-transition": {
    sv: (from: string, to: string, allowed: string) =>
      allowed
        ? `Hänvisningen kan inte gå från ${from} till ${to}. Härifrån kan den gå till: ${allowed}.`
        : `Hänvisningen har status ${from}, som är slutlig, och kan inte ändras till ${to}. Registrera en ny hänvisning om det behövs.`,
    en: (from: string, to: string, allowed: string) =>
      allowed
        ? `The referral cannot go from ${from} to ${to}. From here it can go to: ${allowed}.`
        : `The referral's status ${from} is final; it cannot change to ${to}. Register a new referral if needed.`,
  },
});
type Text = ReturnType<typeof TEXT>;
type Word = Text[keyof Text];

/** Refine messages of the shared schemas, named by what they mean. */
const REFINED: Record<string, "required" | "badText" | "dateRange" | "chooseAtLeast"> = {
  "write something": "required",
  "name the task": "required",
  "say why the case is reopened": "required",
  "write what happened": "required",
  "contains characters that are not valid text": "badText",
  "a date between 1900 and 2199": "dateRange",
  "choose at least one form of exploitation": "chooseAtLeast",
};

const nf = (lang: Lang, n: string | number | undefined) =>
  n === undefined ? "" : Number(n).toLocaleString(lang === "sv" ? "sv-SE" : "en-GB");
const call = (w: Word, ...args: string[]) =>
  typeof w === "function" ? (w as (...a: string[]) => string)(...args) : w;
/** A coded value named in a message (a status, a phase), shown by its label, never its code. */
const named = (value: string | number | undefined) =>
  value === undefined || value === "none" || value === ""
    ? "–"
    : label("referralStatus", value, currentLang()) !== String(value)
      ? label("referralStatus", value, currentLang())
      : label("ampPhase", value, currentLang());

/** One field problem in the user's words; `typed` is what was sent, for "you have typed 20,000". */
export function issueText(issue: Issue, lang: Lang, typed?: string): string {
  const t = TEXT(lang);
  const p: Params = issue.params ?? {};
  // A schema's own message naming a code here ("region-required") says more than zod's code.
  const code = issue.message in t ? issue.message : issue.code;
  // Left empty, a field off the schema's form is simply missing.
  if (typed !== undefined && typed.trim() === "" && code && /^[a-z]+(_[a-z]+)+$/.test(code))
    return t.required;
  switch (code) {
    case "too_big":
      if (p.origin === "string")
        return call(t.tooLong, nf(lang, p.maximum), typed ? nf(lang, typed.length) : "");
      if (p.origin === "array" || p.origin === "set") return call(t.chooseAtMost, nf(lang, p.maximum));
      return call(t.numberTooBig, nf(lang, p.maximum));
    case "too_small":
      if (issue.message in REFINED) return t[REFINED[issue.message] as "chooseAtLeast"];
      if (p.origin === "string")
        return Number(p.minimum) <= 1 ? t.required : call(t.tooShort, nf(lang, p.minimum));
      if (p.origin === "array" || p.origin === "set") return t.chooseAtLeast;
      return call(t.numberTooSmall, nf(lang, p.minimum));
    case "invalid_type":
      if (/received undefined|received null/.test(issue.message) || typed === "") return t.required;
      return p.expected === "number" ? t.number : t.check;
    case "invalid_value":
    case "invalid_union":
    case "invalid_enum_value":
      return typed === "" ? t.required : t.choose;
    case "invalid_format":
      return p.format === "date" ? t.date : t.format;
    case "unrecognized_keys":
      return t.unknownFields;
    case "custom":
      return REFINED[issue.message] ? t[REFINED[issue.message] as "required"] : t.check;
    case undefined:
      return t.check;
    default: {
      const word = (t as Record<string, Word>)[code];
      if (word === undefined) return t.check;
      return call(word, ...Object.values(p).map(String));
    }
  }
}

/** What went wrong as a whole, in the user's words: by the error's code, else by its status. */
export function errorText(e: ServiceError, lang: Lang): string {
  const t = TEXT(lang) as Record<string, Word>;
  const word = e.code ? t[e.code] : undefined;
  if (word === undefined) return call(t[`explain${e.status}`] as Word);
  if (e.code === "referral-transition") {
    const allowed = (e.params.allowed ?? "").split(",").filter(Boolean).map(named).join(", ");
    return call(word, named(e.params.from), named(e.params.to), allowed);
  }
  return call(word, ...Object.values(e.params).map((v) => named(v)));
}

/** The language of the request being handled, for helpers that are not handed a context. */
export function currentLang(): Lang {
  try {
    return langOf(getContext());
  } catch {
    return "sv";
  }
}

/** A list of field problems at the top of a form that renders its own fields. */
export function issueList(issues: Issue[], lang = currentLang()) {
  if (!issues.length) return "";
  return html`<div class="error" role="alert"><p>${TEXT(lang).fix}</p><ul>${issues.map((i) => html`<li>${issueText(i, lang)}</li>`)}</ul></div>`;
}

/** The case an address is about, when it names one: the way back to it. */
const caseOf = (path: string) => {
  const id = /^\/staff\/cases\/([^/?#]+)/.exec(path)?.[1];
  return id && isUuid(id) ? id : null;
};

/**
 * A styled staff page for an error status: the layout, a plain explanation in the user's
 * language, and a way back to the overview and, where the address names a case, to the case.
 */
export async function statusPage(
  c: Context,
  status: Status,
  options: { message?: string; back?: string; issues?: Issue[]; typed?: string[] } = {},
): Promise<Response> {
  const sc = c as unknown as StaffContext;
  const lang = langOf(sc);
  const t = TEXT(lang);
  const signedIn = !!sc.get("principal");
  const caseId = status === 404 ? null : caseOf(c.req.path);
  const back =
    options.back && options.back !== "/staff" && !/^\/staff\/cases\/[^/]+$/.test(options.back)
      ? options.back
      : null;
  const links = [
    ...(caseId ? [html`<li><a href="/staff/cases/${caseId}">${t.toCase}</a></li>`] : []),
    ...(back && back !== `/staff/cases/${caseId}` ? [html`<li><a href="${back}">${t.back}</a></li>`] : []),
    signedIn
      ? html`<li><a href="/staff">${t.toStart}</a></li>`
      : html`<li><a href="/staff/login">${t.signIn}</a></li>`,
  ];
  const title = t[`title${status}`];
  const message = options.message ?? (status === 500 ? "" : t[`explain${status as 400}`]);
  const body = html`<p>${message}</p>${options.issues?.length ? issueList(options.issues, lang) : ""}
    ${
      options.typed?.length
        ? html`<h2>${t.typed}</h2>${options.typed.map((v) => html`<pre class="typed">${v}</pre>`)}`
        : ""
    }
    <nav aria-label="${t.waysBack}"><ul>${links}</ul></nav>`;
  const res = await page(sc, title, body, status === 500 ? 200 : status);
  return status === 500 ? new Response(res.body, { status, headers: res.headers }) : res;
}

/** The message of a 500 page: a reference to quote, nothing of the fault itself. */
export const faultMessage = (c: Context, requestId: string) =>
  call(TEXT(langOf(c as unknown as StaffContext)).explain500, requestId);
export const csrfMessage = (c: Context) => TEXT(langOf(c as unknown as StaffContext)).csrf;

// ---- A form sent back with what was typed and each message next to its field ----

type Body = Record<string, string | File | (string | File)[]>;
const values = (body: Body, name: string) =>
  [body[name]].flat().filter((v): v is string => typeof v === "string");

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
const attrsOf = (tag: string) => {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/\s([\w-]+)(?:="([^"]*)")?/g))
    out.set(m[1] as string, unescapeHtml(m[2] ?? ""));
  return out;
};
/** Sets (or with null removes) one attribute of an opening tag. */
const setAttr = (tag: string, name: string, value: string | null) => {
  const without = tag.replace(new RegExp(`\\s${name}(="[^"]*")?(?=[\\s/>])`), "");
  if (value === null) return without;
  return without.replace(
    /\s*\/?>$/,
    (end) => ` ${name}${value === "" ? "" : `="${escapeHtml(value)}"`}${end.trim() === "/>" ? " />" : ">"}`,
  );
};

/** Where in an issue's path the form's own field is: `person.birthYear` is the field `birthYear`. */
const ALIASES: Record<string, string> = {
  addItem: "itemKind",
  "addItem.kind": "itemKind",
  "addItem.amountSek": "itemAmount",
};
function fieldFor(path: string, names: Set<string>): string | null {
  // A list's item (`forms.0`) is the list's field.
  const bare = path.replace(/\.\d+(?=\.|$)/g, "");
  for (const candidate of [ALIASES[path], path, bare, bare.split(".").at(-1)])
    if (candidate && names.has(candidate)) return candidate;
  return null;
}

/**
 * Fills the form that posts to `action` on a rendered page with what was sent and puts each
 * problem next to its field (aria-invalid, aria-describedby) with a summary at the top of the
 * form linking to the fields. The page is our own server-rendered HTML: attributes always
 * double-quoted and escaped, so a tag never holds a raw `>`. Returns null when no form matches.
 */
export function refillForm(
  page: string,
  action: string,
  body: Body,
  issues: Issue[],
  lang: Lang,
): string | null {
  const forms = [...page.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].filter(
    (m) => attrsOf(m[0].slice(0, m[0].indexOf(">"))).get("action") === action,
  );
  // Several forms may post to one address (sharing and transfer): the one whose fixed values match.
  const form =
    forms.find((m) =>
      [...m[0].matchAll(/<input\b[^>]*>/g)].every((i) => {
        const a = attrsOf(i[0]);
        const name = a.get("name") ?? "";
        return (
          a.get("type") !== "hidden" ||
          name.startsWith("_") ||
          values(body, name).includes(a.get("value") ?? "")
        );
      }),
    ) ?? forms[0];
  if (!form || form.index === undefined) return null;
  let text = form[0];
  const typed = (name: string) => values(body, name);

  text = text.replace(/<textarea\b([^>]*)>[\s\S]*?<\/textarea>/g, (whole, attrs: string) => {
    const name = attrsOf(attrs).get("name");
    return name && name in body
      ? `<textarea${attrs}>${escapeHtml(typed(name).join("\n"))}</textarea>`
      : whole;
  });
  text = text.replace(/<select\b([^>]*)>([\s\S]*?)<\/select>/g, (whole, attrs: string, options: string) => {
    const name = attrsOf(attrs).get("name");
    if (!name || !(name in body)) return whole;
    const chosen = typed(name);
    const filled = options.replace(/<option\b[^>]*>/g, (tag) =>
      setAttr(tag, "selected", chosen.includes(attrsOf(tag).get("value") ?? "") ? "" : null),
    );
    return `<select${attrs}>${filled}</select>`;
  });
  text = text.replace(/<input\b[^>]*>/g, (tag) => {
    const a = attrsOf(tag);
    const name = a.get("name");
    const type = a.get("type") ?? "text";
    if (!name || ["hidden", "file", "password", "submit", "button"].includes(type)) return tag;
    if (type === "checkbox" || type === "radio")
      return setAttr(tag, "checked", typed(name).includes(a.get("value") ?? "on") ? "" : null);
    return name in body ? setAttr(tag, "value", typed(name)[0] ?? "") : tag;
  });

  // Each problem next to its field.
  const names = new Set(
    [...text.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => attrsOf(m[0]).get("name") ?? ""),
  );
  const byField = new Map<string, string[]>();
  const summary: { field: string | null; message: string }[] = [];
  for (const issue of issues) {
    const field = fieldFor(issue.path, names);
    const message = issueText(issue, lang, field ? typed(field)[0] : undefined);
    summary.push({ field, message });
    if (field) byField.set(field, [...(byField.get(field) ?? []), message]);
  }
  const ids = new Map<string, string>();
  for (const [field, messages] of byField) {
    const tagMatch = new RegExp(
      `<(?:input|select|textarea)\\b[^>]*\\sname="${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>`,
    ).exec(text);
    if (!tagMatch) continue;
    const tag = tagMatch[0];
    const a = attrsOf(tag);
    const id = a.get("id") ?? `field-${field}`;
    ids.set(field, id);
    const errorId = `${id}-error`;
    let marked = setAttr(setAttr(tag, "aria-invalid", "true"), "aria-describedby", errorId);
    if (!a.get("id")) marked = setAttr(marked, "id", id);
    const note = `<p class="field-error" id="${escapeHtml(errorId)}">${escapeHtml(messages.join(" "))}</p>`;
    const at = tagMatch.index;
    const choice = a.get("type") === "checkbox" || a.get("type") === "radio";
    const legendEnd = choice ? text.lastIndexOf("</legend>", at) : -1;
    if (choice && legendEnd >= 0) {
      const after = legendEnd + "</legend>".length;
      text = `${text.slice(0, after)}${note}${text.slice(after, at)}${marked}${text.slice(at + tag.length)}`;
    } else {
      // Before a wrapping label (a check box), else right before the field, below its own label.
      const labelStart = text.lastIndexOf("<label", at);
      const wrapped = labelStart >= 0 && !text.slice(labelStart, at).includes("</label>");
      const before = wrapped ? labelStart : at;
      text = `${text.slice(0, before)}${note}${text.slice(before, at)}${marked}${text.slice(at + tag.length)}`;
    }
  }
  const labelOf = (id: string) => {
    const m = new RegExp(`<label\\b[^>]*\\sfor="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(page);
    return m ? unescapeHtml((m[1] ?? "").replace(/<[^>]*>/g, "").trim()) : "";
  };
  const t = TEXT(lang);
  const items = summary.map(({ field, message }) => {
    const id = field ? ids.get(field) : undefined;
    const name = id ? labelOf(id) : "";
    const line = escapeHtml(name ? `${name}: ${message}` : message);
    return id ? `<li><a href="#${escapeHtml(id)}">${line}</a></li>` : `<li>${line}</li>`;
  });
  const open = text.indexOf(">") + 1;
  text = `${text.slice(0, open)}<div class="error" role="alert"><p>${escapeHtml(t.notSaved)}</p><ul>${items.join("")}</ul></div>${text.slice(open)}`;
  return page.slice(0, form.index) + text + page.slice(form.index + form[0].length);
}

// ---- Rendering the page a form came from ----

const RENDER = "staffRender";
type Render = (request: Request) => Promise<Response>;

/** Lets the error pages render the page a form was on, through the whole app (guard and all). */
export const formPages =
  (render: Render): MiddlewareHandler =>
  async (c, next) => {
    (c.set as (k: string, v: Render) => void)(RENDER, render);
    await next();
  };

/** The app itself, for a request made on the user's behalf inside this one (a kept form's replay). */
export const renderOf = (c: Context): Render | undefined =>
  (c.get as (k: string) => Render | undefined)(RENDER);

/** A staff page's own address (path and query), as a form carries it in `_page`. */
export const safePage = (value: unknown): string | null =>
  typeof value === "string" && /^\/staff(\/[\w\-/]*)?(\?[\w\-=&%.+]*)?$/.test(value) && value.length < 500
    ? value
    : null;

/**
 * A form's 400: the page the form was on (`_page`, which `csrfField` puts in every form), with
 * the form filled in from what was sent and the problems next to their fields. Null when that
 * page cannot be rendered again (then the error page lists the problems and what was typed).
 */
async function refilled(c: Context, e: ServiceError): Promise<Response | null> {
  if (c.req.method !== "POST") return null;
  const body = (await c.req.parseBody({ all: true })) as Body;
  const from = safePage(body._page);
  const render = renderOf(c);
  if (!from || !render) return null;
  const headers = new Headers({ "sec-fetch-site": "same-origin" });
  const cookie = c.req.header("cookie");
  if (cookie) headers.set("cookie", cookie);
  const res = await render(new Request(new URL(from, c.req.url), { headers }));
  if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/html")) return null;
  const filled = refillForm(
    await res.text(),
    c.req.path,
    body,
    e.issues,
    langOf(c as unknown as StaffContext),
  );
  return filled === null ? null : c.html(filled, 400);
}

/**
 * A service error as a staff page: a form's bad input back on its page, filled in; anything
 * else a styled page for its status. Other errors go on to the 500 handler.
 */
export async function fail(c: Context, e: unknown, back?: string): Promise<Response> {
  if (!(e instanceof ServiceError)) throw e;
  const lang = langOf(c as unknown as StaffContext);
  if (e.status === 400) {
    const again = await refilled(c, e);
    if (again) return again;
    const body = c.req.method === "POST" ? ((await c.req.parseBody({ all: true })) as Body) : {};
    const typed = Object.entries(body)
      .filter(([k]) => !k.startsWith("_"))
      .flatMap(([, v]) => [v].flat())
      .filter((v): v is string => typeof v === "string" && v.trim().length > 0);
    return statusPage(c, 400, { back, issues: e.issues, typed, message: errorText(e, lang) });
  }
  return statusPage(c, e.status, { back, message: errorText(e, lang) });
}
