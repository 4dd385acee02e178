/**
 * Tokens and accounts, four eyes (ADR 0010): the admin's pages to ask for partner-system tokens
 * and staff accounts and to manage accounts (role and region, deactivation, a TOTP reset), the
 * national team's page to approve or refuse what reads case data, and the enrolment link where an
 * account's holder sets their own password (or, after a TOTP reset, confirms it).
 */
import { type Db, ROLES, type Role, schema } from "@stodkedjan/db";
import { swedishClock } from "@stodkedjan/domain";
import { asc, eq } from "drizzle-orm";
import { html } from "hono/html";
import { needsApproval } from "../access/policy.ts";
import {
  type AccessRequestRow,
  accountRequestInput,
  decide,
  enrol,
  enrolmentAccount,
  enrolmentInput,
  type Issued,
  listRequests,
  type Outcome,
  refusalInput,
  requestAccount,
  requestToken,
  TOKEN_DAYS,
  tokenRequestInput,
} from "../accounts/service.ts";
import {
  accessChangeInput,
  changeAccess,
  confirmReset,
  getUser,
  languageInput,
  listUsers,
  resetTotp,
  setActive,
  setLanguage,
  UNUSED_DAYS,
  type UserRow,
} from "../accounts/users.ts";
import { audit } from "../audit/log.ts";
import { createSession } from "../auth/sessions.ts";
import { releaseAttempt, takeAttempt, throttleKey } from "../auth/throttle.ts";
import { type Issue, ServiceError } from "../cases/errors.ts";
import { isUuid } from "../ids.ts";
import { setSession } from "./auth-routes.ts";
import { errorText, issueText as fieldIssueText } from "./errors.ts";
import { formBody, opt, parse, str } from "./forms.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label, labelsOf } from "./labels.ts";
import { csrfField, page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

type Values = Record<string, string | undefined>;

/** An instant as Swedish date and time (Europe/Stockholm), and its Swedish calendar day. */
const when = (d: Date | null) => {
  if (!d) return "–";
  const { date, minutes } = swedishClock(d);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
};
const day = (d: Date) => swedishClock(d).date;

/** A field problem in the user's words: the one mapping's (staff/errors.ts). */
const issueText = (lang: Lang, issue: Issue) => fieldIssueText(issue, lang);

const TEXT = defineText({
  fix: { sv: "Rätta följande:", en: "Please correct the following:" },
  tokenIssued: {
    sv: (until: string) => `Ny API-nyckel, giltig till ${until}. Kopiera den nu, den visas bara en gång:`,
    en: (until: string) => `New API key, valid until ${until}. Copy it now, it is shown only once:`,
  },
  accountIssued: {
    sv: (until: string) =>
      `Ge den här engångslänken till personen själv på ett säkert sätt. Med den väljer personen sitt lösenord och aktiverar tvåstegsinloggning. Länken gäller till ${until} och visas bara nu:`,
    en: (until: string) =>
      `Give this one-time link to the person in a safe way. With it they choose their password and set up two-step sign-in. The link works until ${until} and is shown only now:`,
  },
  accountCreated: { sv: "Kontot är skapat:", en: "The account has been created:" },
  resetIssued: {
    sv: (until: string) =>
      `Tvåstegsinloggningen är återställd och kontots sessioner avslutade. Ge den här engångslänken till personen själv på ett säkert sätt. Med den och sitt eget lösenord aktiverar personen en ny autentiseringsapp. Länken gäller till ${until} och visas bara nu:`,
    en: (until: string) =>
      `Two-step sign-in has been reset and the account's sessions ended. Give this one-time link to the person in a safe way. With it and their own password they set up a new authenticator app. The link works until ${until} and is shown only now:`,
  },
  roleChanged: {
    sv: (user: string, role: string) => `Kontot ${user} har nu rollen ${role}.`,
    en: (user: string, role: string) => `The account ${user} now has the role ${role}.`,
  },
  pending: {
    sv: "Begäran är skickad. Någon i nationella teamet godkänner eller avslår den under Godkännanden. En nyckel eller inloggningslänk visas då för den som godkänner, inte här.",
    en: "The request has been sent. Someone in the national team approves or refuses it under Approvals. A key or sign-in link is then shown to the approver, not here.",
  },
  noRequests: { sv: "Inga begäranden.", en: "No requests." },
  waiting: { sv: "väntar på godkännande", en: "waiting for approval" },
  approvedAt: { sv: (at: string) => `godkänd ${at}`, en: (at: string) => `approved ${at}` },
  refusedAt: {
    sv: (at: string, why: string) => `avslagen ${at}: ${why}`,
    en: (at: string, why: string) => `refused ${at}: ${why}`,
  },
  name: { sv: "Namn", en: "Name" },
  role: { sv: "Roll", en: "Role" },
  region: { sv: "Region", en: "Region" },
  purpose: { sv: "Ändamål", en: "Purpose" },
  requestedBy: { sv: "Begärd av", en: "Requested by" },
  status: { sv: "Status", en: "Status" },
  kindToken: { sv: "API-nyckel", en: "API key" },
  kindAccount: { sv: "Konto", en: "Account" },
  kindRole: { sv: "Ändrad roll eller region", en: "Change of role or region" },
  chooseRole: { sv: "Välj roll", en: "Choose a role" },
  needsApproval: { sv: "kräver godkännande", en: "needs approval" },
  noRegion: { sv: "Ingen (bara för regionkoordinatorer)", en: "None (regional coordinators only)" },
  tokensTitle: { sv: "API-nycklar för partnersystem", en: "API keys for partner systems" },
  tokens: { sv: "API-nycklar", en: "API keys" },
  tokenName: { sv: "Namn (system och ägare)", en: "Name (system and owner)" },
  validDays: { sv: "Giltig i antal dagar", en: "Valid for (days)" },
  validUntil: { sv: "Giltig till", en: "Valid until" },
  lastUsed: { sv: "Senast använd", en: "Last used" },
  revoked: { sv: "återkallad", en: "revoked" },
  expired: { sv: "utgången", en: "expired" },
  revoke: { sv: "Återkalla", en: "Revoke" },
  requests: { sv: "Begäranden", en: "Requests" },
  tokenRequests: { sv: "Begäranden om API-nycklar", en: "Requests for API keys" },
  newToken: { sv: "Ny nyckel", en: "New key" },
  newTokenHint: {
    sv: "En nyckel för en roll som läser ärenden eller partnerdata (regionkoordinator, nationella teamet, skyddat boende, IOM) skapas först när någon i nationella teamet har godkänt begäran.",
    en: "A key for a role that reads cases or partner data (regional coordinator, national team, shelter staff, IOM) is created only when someone in the national team has approved the request.",
  },
  tokenPurposeHint: {
    sv: "Vad nyckeln används till och av vem. Skrivs in i åtkomstloggen.",
    en: "What the key is used for and by whom. Written into the audit log.",
  },
  maxDays: { sv: `Högst ${TOKEN_DAYS.max} dagar.`, en: `At most ${TOKEN_DAYS.max} days.` },
  createToken: { sv: "Skapa eller begär nyckel", en: "Create or request the key" },
  usersTitle: { sv: "Användare", en: "Users" },
  username: { sv: "Användarnamn", en: "Username" },
  usernameEmail: { sv: "Användarnamn (e-postadress)", en: "Username (e-mail address)" },
  why: { sv: "Varför kontot behövs", en: "Why the account is needed" },
  twoStep: { sv: "Tvåsteg", en: "Two-step" },
  enabled: { sv: "aktiverad", en: "set up" },
  notEnabled: { sv: "ej aktiverad", en: "not set up" },
  lastSignIn: { sv: "Senast inloggad", en: "Last sign-in" },
  never: { sv: "aldrig", en: "never" },
  deactivated: { sv: "avstängd", en: "deactivated" },
  awaiting: {
    sv: "väntar på att personen aktiverar kontot",
    en: "waiting for the person to activate the account",
  },
  active: { sv: "aktiv", en: "active" },
  demo: { sv: "(demo)", en: "(demo)" },
  unused: {
    sv: `oanvänt i ${UNUSED_DAYS} dagar`,
    en: `unused for ${UNUSED_DAYS} days`,
  },
  changeWaiting: { sv: "ändring väntar på godkännande", en: "change waiting for approval" },
  unusedCount: {
    sv: (n: number) =>
      `${n} konton har inte använts på ${UNUSED_DAYS} dagar. Stäng av dem som inte längre behövs.`,
    en: (n: number) =>
      `${n} accounts have not been used for ${UNUSED_DAYS} days. Deactivate those no longer needed.`,
  },
  accountRequests: { sv: "Begäranden om konton", en: "Requests for accounts" },
  newAccount: { sv: "Nytt konto", en: "New account" },
  newAccountHint: {
    sv: "Personen väljer själv sitt lösenord via en engångslänk och aktiverar tvåstegsinloggning. Ett konto med en roll som läser ärenden eller partnerdata skapas först när någon i nationella teamet har godkänt begäran; länken visas då för den som godkänner.",
    en: "The person chooses their own password through a one-time link and sets up two-step sign-in. An account with a role that reads cases or partner data is created only when someone in the national team has approved the request; the link is then shown to the approver.",
  },
  accountPurposeHint: {
    sv: "Till exempel ny regionkoordinator i Region Syd från 1 mars. Skrivs in i åtkomstloggen.",
    en: "For example a new regional coordinator in Region South from 1 March. Written into the audit log.",
  },
  createAccount: { sv: "Skapa eller begär konto", en: "Create or request the account" },
  manage: { sv: (name: string) => `Hantera ${name}`, en: (name: string) => `Manage ${name}` },
  userTitle: { sv: (name: string) => `Konto: ${name}`, en: (name: string) => `Account: ${name}` },
  created: { sv: "Skapat", en: "Created" },
  changeAccess: { sv: "Ändra roll och region", en: "Change role and region" },
  changeHint: {
    sv: "En ändring till en roll som läser ärenden eller partnerdata, eller till en annan region för en sådan roll, gäller först när någon i nationella teamet har godkänt den. Andra ändringar gäller direkt.",
    en: "A change to a role that reads cases or partner data, or to another region for such a role, takes effect only when someone in the national team has approved it. Other changes take effect at once.",
  },
  changeWhy: { sv: "Varför ändringen behövs", en: "Why the change is needed" },
  changeWhyHint: { sv: "Skrivs in i åtkomstloggen.", en: "Written into the audit log." },
  change: { sv: "Ändra eller begär ändring", en: "Change or request the change" },
  signOutAll: { sv: "Logga ut kontot på alla enheter", en: "Sign the account out on all devices" },
  access: { sv: "Inloggning och åtkomst", en: "Sign-in and access" },
  deactivateHint: {
    sv: "Ett avstängt konto kan inte logga in, och dess pågående sessioner avslutas direkt. Det kan aktiveras igen.",
    en: "A deactivated account cannot sign in, and its current sessions end at once. It can be reactivated.",
  },
  deactivate: { sv: "Stäng av kontot", en: "Deactivate the account" },
  reactivate: { sv: "Aktivera kontot igen", en: "Reactivate the account" },
  resetTitle: { sv: "Återställ tvåstegsinloggningen", en: "Reset two-step sign-in" },
  resetHint: {
    sv: "När personen har tappat sin autentiseringsapp: appens nyckel och reservkoderna tas bort, kontots sessioner avslutas och du får en engångslänk att ge till personen. Med länken och sitt eget lösenord aktiverar personen en ny app. Utan länken kan ingen logga in på kontot.",
    en: "When the person has lost their authenticator app: the app's key and the recovery codes are removed, the account's sessions end and you get a one-time link to give to the person. With the link and their own password they set up a new app. Without the link nobody can sign in to the account.",
  },
  reset: { sv: "Återställ tvåstegsinloggningen", en: "Reset two-step sign-in" },
  deactivatedNotice: {
    sv: "Kontot är avstängt och alla dess sessioner är avslutade.",
    en: "The account is deactivated and all its sessions have ended.",
  },
  reactivatedNotice: { sv: "Kontot är aktiverat igen.", en: "The account is active again." },
  backToUsers: { sv: "Till alla användare", en: "To all users" },
  approvalsTitle: { sv: "Godkännanden av API-nycklar och konton", en: "Approvals of API keys and accounts" },
  refusedNotice: { sv: "Begäran är avslagen.", en: "The request has been refused." },
  approvalsIntro: {
    sv: "En administratör begär API-nycklar, konton och ändrade roller som läser ärenden eller partnerdata. De gäller först när någon i nationella teamet, som inte själv har begärt dem, godkänner. En nyckel eller inloggningslänk visas en gång för den som godkänner, som lämnar över den till mottagaren.",
    en: "An administrator requests API keys, accounts and changes of role that read cases or partner data. They take effect only when someone in the national team who did not request them approves. A key or sign-in link is shown once to the approver, who hands it to its recipient.",
  },
  waitingDecision: { sv: "Väntar på beslut", en: "Waiting for a decision" },
  valid: { sv: "Giltig", en: "Valid" },
  days: { sv: (n: number) => `${n} dagar`, en: (n: number) => `${n} days` },
  ownRequestHint: {
    sv: "Du har själv begärt detta. Någon annan i nationella teamet beslutar.",
    en: "You requested this yourself. Someone else in the national team decides.",
  },
  approve: { sv: "Godkänn", en: "Approve" },
  refusalReason: { sv: "Skäl för avslag", en: "Reason for refusal" },
  refuse: { sv: "Avslå", en: "Refuse" },
  noneWaiting: { sv: "Inga begäranden väntar.", en: "No requests are waiting." },
  latestDecisions: { sv: "Senaste besluten", en: "Latest decisions" },
  activateTitle: { sv: "Aktivera ditt konto", en: "Activate your account" },
  resetConfirmTitle: { sv: "Ny autentiseringsapp", en: "A new authenticator app" },
  password: { sv: "Lösenord", en: "Password" },
  yourPassword: { sv: "Ditt nuvarande lösenord", en: "Your current password" },
  confirm: { sv: "Samma lösenord igen", en: "The same password again" },
  welcome: {
    sv: "Välj ett lösenord som bara du känner till (minst 12 tecken; en mening fungerar bra). Därefter aktiverar du tvåstegsinloggning med en autentiseringsapp.",
    en: "Choose a password that only you know (at least 12 characters; a sentence works well). Then you set up two-step sign-in with an authenticator app.",
  },
  welcomeReset: {
    sv: "Din tvåstegsinloggning har återställts. Skriv ditt lösenord; därefter aktiverar du en ny autentiseringsapp.",
    en: "Your two-step sign-in has been reset. Enter your password; then you set up a new authenticator app.",
  },
  hello: { sv: "Välkommen,", en: "Welcome," },
  savePassword: { sv: "Spara lösenordet och fortsätt", en: "Save the password and continue" },
  continue: { sv: "Fortsätt", en: "Continue" },
  meTitle: { sv: "Ditt konto", en: "Your account" },
  language: { sv: "Språk", en: "Language" },
  languageHint: {
    sv: "Språket för ärendehanteringens sidor. Innehåll som andra har skrivit visas som det skrevs.",
    en: "The language of the case coordination pages. What others have written is shown as written.",
  },
  saveLanguage: { sv: "Spara språket", en: "Save the language" },
  languageSaved: { sv: "Språket är sparat.", en: "The language has been saved." },
  signOutEverywhere: { sv: "Logga ut på alla enheter", en: "Sign out on all devices" },
  spentTitle: { sv: "Länken fungerar inte", en: "The link does not work" },
  spent: {
    sv: "Länken är redan använd, har gått ut eller är felaktig. Be administratören om en ny.",
    en: "The link has been used, has expired or is wrong. Ask the administrator for a new one.",
  },
});
type Text = ReturnType<typeof TEXT>;

/** Labelled fields with their own error under the label, the values typed kept, and a summary linking to them. */
function fieldKit(lang: Lang, issues: Issue[], values: Values, prefix = "") {
  const id = (f: string) => `${prefix}${f}`;
  const errorOf = (f: string) => {
    const issue = issues.find((i) => i.path === f);
    return issue ? issueText(lang, issue) : undefined;
  };
  const attrs = (f: string, hint?: string) => {
    const ids = [hint ? id(`${f}-hint`) : "", errorOf(f) ? id(`${f}-error`) : ""].filter(Boolean).join(" ");
    return html`${ids ? html` aria-describedby="${ids}"` : ""}${errorOf(f) ? html` aria-invalid="true"` : ""}`;
  };
  const head = (f: string, label: string, hint?: string) =>
    html`<label for="${id(f)}">${label}</label>${hint ? html`<p class="meta" id="${id(`${f}-hint`)}">${hint}</p>` : ""}${
      errorOf(f) ? html`<p class="field-error" id="${id(`${f}-error`)}">${errorOf(f)}</p>` : ""
    }`;
  return {
    text: (f: string, label: string, o: { hint?: string; type?: string; extra?: unknown } = {}) =>
      html`<div class="field">${head(f, label, o.hint)}<input id="${id(f)}" name="${f}" type="${o.type ?? "text"}" value="${o.type === "password" ? "" : (values[f] ?? "")}"${attrs(f, o.hint)}${o.extra ?? ""} /></div>`,
    textarea: (f: string, label: string, hint?: string) =>
      html`<div class="field">${head(f, label, hint)}<textarea id="${id(f)}" name="${f}" rows="3"${attrs(f, hint)}>${values[f] ?? ""}</textarea></div>`,
    select: (f: string, label: string, options: [string, string][], hint?: string) =>
      html`<div class="field">${head(f, label, hint)}<select id="${id(f)}" name="${f}"${attrs(f, hint)}>${options.map(
        ([v, l]) => html`<option value="${v}"${values[f] === v ? html` selected` : ""}>${l}</option>`,
      )}</select></div>`,
    summary: (labels: Record<string, string>) =>
      issues.length
        ? html`<div class="error" role="alert"><p>${TEXT(lang).fix}</p><ul>${issues.map((i) =>
            labels[i.path]
              ? html`<li><a href="#${id(i.path)}">${labels[i.path]}: ${issueText(lang, i)}</a></li>`
              : html`<li>${issueText(lang, i)}</li>`,
          )}</ul></div>`
        : "",
  };
}

/** A service error's field problems; one without any is a problem of the whole form, by its code. */
const issuesOf = (e: unknown): Issue[] => {
  if (!(e instanceof ServiceError)) throw e;
  return e.issues.length
    ? e.issues
    : [{ path: "", message: e.message, code: e.code ?? `explain${e.status}` }];
};

function issuedNotice(c: StaffContext, issued: Issued, reset = false) {
  const lang = langOf(c);
  const t = TEXT(lang);
  if (issued.kind === "token")
    return html`<div class="notice" role="status"><p>${t.tokenIssued(day(issued.expiresAt))}</p><p><code data-token>${issued.secret}</code></p></div>`;
  if (issued.kind === "role")
    return html`<div class="notice" role="status"><p>${t.roleChanged(issued.username, `${label("role", issued.role, lang)}${issued.regionId ? ` (${label("region", issued.regionId, lang)})` : ""}`)}</p></div>`;
  const link = new URL(issued.link, c.get("transport").publicUrl ?? c.req.url).href;
  const until = when(issued.expiresAt);
  return html`<div class="notice" role="status"><p>${reset ? t.resetIssued(until) : html`${t.accountCreated} <strong>${issued.username}</strong>. ${t.accountIssued(until)}`}</p><p><code data-enrolment-link>${link}</code></p></div>`;
}

const pendingNotice = (t: Text) => html`<div class="notice" role="status"><p>${t.pending}</p></div>`;

function requestsTable(lang: Lang, rows: AccessRequestRow[], caption: string) {
  const t = TEXT(lang);
  if (!rows.length) return html`<p>${t.noRequests}</p>`;
  const status = (r: AccessRequestRow) =>
    r.status === "pending"
      ? t.waiting
      : r.status === "approved"
        ? t.approvedAt(when(r.decidedAt))
        : t.refusedAt(when(r.decidedAt), r.refusalReason ?? "");
  return scrollable(
    caption,
    html`<table><thead><tr><th scope="col">${t.name}</th><th scope="col">${t.role}</th><th scope="col">${t.region}</th><th scope="col">${t.purpose}</th><th scope="col">${t.requestedBy}</th><th scope="col">${t.status}</th></tr></thead>
      <tbody>${rows.map(
        (r) =>
          html`<tr><td>${r.kind === "role" ? `${t.kindRole}: ` : ""}${r.name}${r.username ? html` (${r.username})` : ""}</td><td>${label("role", r.role, lang)}</td><td>${label("region", r.regionId, lang)}</td><td>${r.purpose}</td><td>${r.requestedByName}</td><td>${status(r)}</td></tr>`,
      )}</tbody></table>`,
  );
}

export function mountAccess(router: Router, db: Db) {
  const regionIds = () =>
    db
      .select({ id: schema.regions.id })
      .from(schema.regions)
      .orderBy(asc(schema.regions.id))
      .then((rows) => rows.map((r) => r.id));
  const ctxOf = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Sign in.");
    return { db, principal };
  };
  const roleOptions = (lang: Lang, roles: readonly Role[]): [string, string][] => {
    const t = TEXT(lang);
    return [
      ["", t.chooseRole],
      ...roles.map((r): [string, string] => [
        r,
        `${label("role", r, lang)}${needsApproval(r) ? ` – ${t.needsApproval}` : ""}`,
      ]),
    ];
  };
  const regionOptions = async (lang: Lang): Promise<[string, string][]> => {
    const names = labelsOf("region", lang);
    return [
      ["", TEXT(lang).noRegion],
      ...(await regionIds())
        .map((id): [string, string] => [id, names[id] ?? id])
        .sort((a, b) => a[1].localeCompare(b[1], lang)),
    ];
  };

  // --- API tokens (admin) ---
  const tokenLabels = (t: Text): Record<string, string> => ({
    name: t.tokenName,
    purpose: t.purpose,
    role: t.role,
    regionId: t.region,
    validDays: t.validDays,
  });

  const tokensPage = async (
    c: StaffContext,
    o: { issues?: Issue[]; values?: Values; outcome?: Outcome } = {},
  ) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    const labels = tokenLabels(t);
    const issues = o.issues ?? [];
    const now = new Date();
    const tokens = await db.select().from(schema.apiTokens).orderBy(asc(schema.apiTokens.createdAt));
    const f = fieldKit(lang, issues, { validDays: String(TOKEN_DAYS.default), ...o.values });
    return page(
      c,
      t.tokensTitle,
      html`${o.outcome ? ("issued" in o.outcome ? issuedNotice(c, o.outcome.issued) : pendingNotice(t)) : ""}
        ${f.summary(labels)}
        ${scrollable(
          t.tokens,
          html`<table><thead><tr><th scope="col">${t.name}</th><th scope="col">${t.purpose}</th><th scope="col">${t.role}</th><th scope="col">${t.region}</th><th scope="col">${t.validUntil}</th><th scope="col">${t.lastUsed}</th><th scope="col">${t.status}</th></tr></thead>
        <tbody>${tokens.map(
          (k) =>
            html`<tr><td>${k.name}</td><td>${k.purpose}</td><td>${label("role", k.role, lang)}</td><td>${label("region", k.regionId, lang)}</td><td>${day(k.expiresAt)}</td><td>${when(k.lastUsedAt)}</td><td>${
              k.revokedAt
                ? t.revoked
                : k.expiresAt <= now
                  ? t.expired
                  : html`<form method="post" action="/staff/admin/tokens/${k.id}/revoke" class="inline">${csrfField(c)}<button class="link">${t.revoke}</button></form>`
            }</td></tr>`,
        )}</tbody></table>`,
        )}
        <h2>${t.requests}</h2>
        ${requestsTable(lang, await listRequests(db, "token"), t.tokenRequests)}
        <h2>${t.newToken}</h2>
        <p class="meta">${t.newTokenHint}</p>
        <form method="post" action="/staff/admin/tokens" novalidate>${csrfField(c)}
          ${f.text("name", t.tokenName, { extra: html` autocomplete="off"` })}
          ${f.textarea("purpose", t.purpose, t.tokenPurposeHint)}
          ${f.select(
            "role",
            t.role,
            roleOptions(
              lang,
              ROLES.filter((r) => r !== "admin"),
            ),
          )}
          ${f.select("regionId", t.region, await regionOptions(lang))}
          ${f.text("validDays", t.validDays, { hint: t.maxDays, extra: html` inputmode="numeric" size="5"` })}
          <p><button>${t.createToken}</button></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };

  router.get("/staff/admin/tokens", "users.manage", (c) => tokensPage(c));

  router.post("/staff/admin/tokens", "users.manage", async (c) => {
    const body = await formBody(c);
    const values = {
      name: str(body.name),
      purpose: str(body.purpose),
      role: str(body.role),
      regionId: opt(body.regionId),
      validDays: opt(body.validDays),
    };
    try {
      const outcome = await requestToken(ctxOf(c), parse(tokenRequestInput, values));
      return tokensPage(c, { outcome });
    } catch (e) {
      return tokensPage(c, { issues: issuesOf(e), values });
    }
  });

  router.post("/staff/admin/tokens/:id/revoke", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    if (isUuid(id)) {
      const [k] = await db
        .update(schema.apiTokens)
        .set({ revokedAt: new Date() })
        .where(eq(schema.apiTokens.id, id))
        .returning();
      if (k)
        await audit(db, {
          actor: c.get("principal"),
          action: "update",
          objectType: "api_token",
          objectId: id,
          outcome: "ok",
          detail: { revoked: true, role: k.role, region: k.regionId ?? "", purpose: k.purpose },
        });
    }
    return c.redirect("/staff/admin/tokens", 303);
  });

  // --- Staff accounts (admin) ---
  const userLabels = (t: Text): Record<string, string> => ({
    username: t.usernameEmail,
    displayName: t.name,
    role: t.role,
    regionId: t.region,
    purpose: t.why,
  });
  const userStatus = (t: Text, u: UserRow) =>
    html`${u.disabled ? t.deactivated : u.enrolmentHash ? t.awaiting : t.active}${u.demo ? ` ${t.demo}` : ""}${
      u.unused && !u.disabled ? html` <span class="badge due">${t.unused}</span>` : ""
    }${u.pendingChange ? html` <span class="badge">${t.changeWaiting}</span>` : ""}`;

  const usersPage = async (
    c: StaffContext,
    o: { issues?: Issue[]; values?: Values; outcome?: Outcome } = {},
  ) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    const labels = userLabels(t);
    const issues = o.issues ?? [];
    const users = await listUsers(ctxOf(c));
    const unused = users.filter((u) => u.unused && !u.disabled).length;
    const f = fieldKit(lang, issues, o.values ?? {});
    return page(
      c,
      t.usersTitle,
      html`${o.outcome ? ("issued" in o.outcome ? issuedNotice(c, o.outcome.issued) : pendingNotice(t)) : ""}
        ${f.summary(labels)}
        ${unused ? html`<p class="notice" data-unused>${t.unusedCount(unused)}</p>` : ""}
        ${scrollable(
          t.usersTitle,
          html`<table><thead><tr><th scope="col">${t.username}</th><th scope="col">${t.name}</th><th scope="col">${t.role}</th><th scope="col">${t.region}</th><th scope="col">${t.twoStep}</th><th scope="col">${t.lastSignIn}</th><th scope="col">${t.status}</th></tr></thead>
        <tbody>${users.map(
          (u) =>
            html`<tr data-user="${u.username}"><td><a href="/staff/admin/users/${u.id}" aria-label="${t.manage(u.username)}">${u.username}</a></td><td>${u.displayName}</td><td>${label("role", u.role, lang)}</td><td>${label("region", u.regionId, lang)}</td><td>${u.totpEnabled ? t.enabled : t.notEnabled}</td><td>${u.lastSignInAt ? when(u.lastSignInAt) : t.never}</td><td>${userStatus(t, u)}</td></tr>`,
        )}</tbody></table>`,
        )}
        <h2>${t.requests}</h2>
        ${requestsTable(lang, [...(await listRequests(db, "account")), ...(await listRequests(db, "role"))], t.accountRequests)}
        <h2>${t.newAccount}</h2>
        <p class="meta">${t.newAccountHint}</p>
        <form method="post" action="/staff/admin/users" novalidate>${csrfField(c)}
          ${f.text("username", t.usernameEmail, { extra: html` autocomplete="off"` })}
          ${f.text("displayName", t.name, { extra: html` autocomplete="off"` })}
          ${f.select("role", t.role, roleOptions(lang, ROLES))}
          ${f.select("regionId", t.region, await regionOptions(lang))}
          ${f.textarea("purpose", t.why, t.accountPurposeHint)}
          <p><button>${t.createAccount}</button></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };

  router.get("/staff/admin/users", "users.manage", (c) => usersPage(c));

  router.post("/staff/admin/users", "users.manage", async (c) => {
    const body = await formBody(c);
    const values = {
      username: str(body.username),
      displayName: str(body.displayName),
      role: str(body.role),
      regionId: opt(body.regionId),
      purpose: str(body.purpose),
    };
    try {
      const outcome = await requestAccount(ctxOf(c), parse(accountRequestInput, values));
      return usersPage(c, { outcome });
    } catch (e) {
      return usersPage(c, { issues: issuesOf(e), values });
    }
  });

  /** One account: what it is, its role and region to change, and its sign-in to end, stop or reset. */
  const userPage = async (
    c: StaffContext,
    id: string,
    o: { issues?: Issue[]; values?: Values; notice?: unknown; problem?: string } = {},
    status: 200 | 400 | 403 | 404 | 409 = 200,
  ) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    const u = await getUser(ctxOf(c), id);
    const issues = o.issues ?? [];
    const f = fieldKit(lang, issues, o.values ?? { role: u.role, regionId: u.regionId ?? "" });
    const post = (action: string, button: string, cls = "secondary") =>
      html`<form method="post" action="/staff/admin/users/${u.id}/${action}">${csrfField(c)}<p><button class="${cls}">${button}</button></p></form>`;
    return page(
      c,
      t.userTitle(u.displayName),
      html`${o.notice ?? ""}${o.problem ? html`<div class="error" role="alert"><p>${o.problem}</p></div>` : ""}
        ${f.summary({ role: t.role, regionId: t.region, purpose: t.changeWhy })}
        <dl class="fields">
          <dt>${t.username}</dt><dd>${u.username}</dd>
          <dt>${t.role}</dt><dd>${label("role", u.role, lang)}</dd>
          <dt>${t.region}</dt><dd>${label("region", u.regionId, lang)}</dd>
          <dt>${t.status}</dt><dd>${userStatus(t, u)}</dd>
          <dt>${t.twoStep}</dt><dd>${u.totpEnabled ? t.enabled : t.notEnabled}</dd>
          <dt>${t.lastSignIn}</dt><dd>${u.lastSignInAt ? when(u.lastSignInAt) : t.never}</dd>
          <dt>${t.created}</dt><dd>${day(u.createdAt)}</dd>
        </dl>
        <section aria-labelledby="change-h"><h2 id="change-h">${t.changeAccess}</h2>
          <p class="meta">${t.changeHint}</p>
          <form method="post" action="/staff/admin/users/${u.id}/access" novalidate>${csrfField(c)}
            ${f.select("role", t.role, roleOptions(lang, ROLES))}
            ${f.select("regionId", t.region, await regionOptions(lang))}
            ${f.textarea("purpose", t.changeWhy, t.changeWhyHint)}
            <p><button>${t.change}</button></p>
          </form>
        </section>
        <section class="danger" aria-labelledby="access-h"><h2 id="access-h">${t.access}</h2>
          ${post("sign-out", t.signOutAll)}
          <p class="meta">${t.deactivateHint}</p>
          ${u.disabled ? post("reactivate", t.reactivate, "") : post("deactivate", t.deactivate, "danger")}
          <h3>${t.resetTitle}</h3>
          <p class="meta">${t.resetHint}</p>
          ${post("reset-totp", t.reset, "danger")}
        </section>
        <p><a href="/staff/admin/users">${t.backToUsers}</a></p>`,
      status,
    );
  };

  /** A service error on an account's page: its words from the one mapping, with the page as it is now. */
  const userProblem = async (c: StaffContext, id: string, e: unknown) => {
    if (!(e instanceof ServiceError)) throw e;
    const lang = langOf(c);
    if (e.status === 404)
      return page(
        c,
        errorText(e, lang),
        html`<p><a href="/staff/admin/users">${TEXT(lang).backToUsers}</a></p>`,
        404,
      );
    return userPage(c, id, { problem: errorText(e, lang) }, e.status === 400 ? 409 : e.status);
  };

  router.get("/staff/admin/users/:id", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    try {
      return await userPage(c, id);
    } catch (e) {
      return userProblem(c, id, e);
    }
  });

  router.post("/staff/admin/users/:id/access", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    const body = await formBody(c);
    const values = { role: str(body.role), regionId: opt(body.regionId), purpose: str(body.purpose) };
    try {
      const outcome = await changeAccess(ctxOf(c), id, parse(accessChangeInput, values));
      const notice = "issued" in outcome ? issuedNotice(c, outcome.issued) : pendingNotice(TEXT(langOf(c)));
      return await userPage(c, id, { notice });
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400 && e.issues.length)
        return userPage(c, id, { issues: e.issues, values }, 400);
      return userProblem(c, id, e);
    }
  });

  for (const [action, active] of [
    ["deactivate", false],
    ["reactivate", true],
  ] as const)
    router.post(`/staff/admin/users/:id/${action}`, "users.manage", async (c) => {
      const id = c.req.param("id") as string;
      try {
        await setActive(ctxOf(c), id, active);
        const t = TEXT(langOf(c));
        const notice = html`<p class="notice" role="status">${active ? t.reactivatedNotice : t.deactivatedNotice}</p>`;
        return await userPage(c, id, { notice });
      } catch (e) {
        return userProblem(c, id, e);
      }
    });

  router.post("/staff/admin/users/:id/reset-totp", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const issued = await resetTotp(ctxOf(c), id);
      return await userPage(c, id, { notice: issuedNotice(c, issued, true) });
    } catch (e) {
      return userProblem(c, id, e);
    }
  });

  // --- The user's own account: the pages' language ---
  const mePage = (c: StaffContext, saved = false) => {
    const p = c.get("principal");
    const lang = langOf(c);
    const t = TEXT(lang);
    const names = { sv: "Svenska", en: "English" } as const;
    return page(
      c,
      t.meTitle,
      html`${saved ? html`<p class="notice" role="status">${t.languageSaved}</p>` : ""}
        <dl class="fields">
          <dt>${t.name}</dt><dd>${p?.name ?? ""}</dd>
          <dt>${t.role}</dt><dd>${label("role", p?.role, lang)}</dd>
          ${p?.regionId ? html`<dt>${t.region}</dt><dd>${label("region", p.regionId, lang)}</dd>` : ""}
        </dl>
        <form method="post" action="/staff/me/language">${csrfField(c)}
          <fieldset><legend>${t.language}</legend><p class="meta">${t.languageHint}</p>
            ${(["sv", "en"] as const).map(
              (l) =>
                html`<label class="check"><input type="radio" name="language" value="${l}"${l === lang ? html` checked` : ""} /> <span lang="${l}">${names[l]}</span></label>`,
            )}
          </fieldset>
          <p><button>${t.saveLanguage}</button></p>
        </form>
        <form method="post" action="/staff/logout-everywhere">${csrfField(c)}<button class="secondary">${t.signOutEverywhere}</button></form>`,
    );
  };

  router.get("/staff/me", "signed-in", (c) => mePage(c, c.req.query("saved") !== undefined));

  router.post("/staff/me/language", "signed-in", async (c) => {
    const body = await formBody(c);
    try {
      const { language } = parse(languageInput, { language: str(body.language) });
      await setLanguage(ctxOf(c), language);
      return c.redirect("/staff/me?saved", 303);
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400) return c.redirect("/staff/me", 303);
      throw e;
    }
  });

  // --- Approvals (national team) ---
  const approvalsPage = async (
    c: StaffContext,
    o: {
      issued?: Issued;
      refused?: boolean;
      refusal?: { id: string; issues: Issue[]; reason?: string };
    } = {},
    status: 200 | 400 | 403 | 404 | 409 = 200,
  ) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    const me = c.get("principal")?.id;
    const all = await listRequests(db);
    const pending = all.filter((r) => r.status === "pending");
    const decided = all.filter((r) => r.status !== "pending").slice(0, 50);
    const generalIssues = o.refusal && !o.refusal.issues.some((i) => i.path) ? o.refusal.issues : [];
    const kindName = (r: AccessRequestRow) =>
      r.kind === "token" ? t.kindToken : r.kind === "role" ? t.kindRole : t.kindAccount;
    return page(
      c,
      t.approvalsTitle,
      html`${o.issued ? issuedNotice(c, o.issued) : ""}${o.refused ? html`<div class="notice" role="status"><p>${t.refusedNotice}</p></div>` : ""}
        ${generalIssues.length ? html`<div class="error" role="alert"><p>${generalIssues.map((i) => i.message).join(" ")}</p></div>` : ""}
        <p>${t.approvalsIntro}</p>
        <h2>${t.waitingDecision}</h2>
        ${
          pending.length
            ? pending.map((r) => {
                const refusing = o.refusal?.id === r.id ? o.refusal : undefined;
                const f = fieldKit(
                  lang,
                  (refusing?.issues ?? []).filter((i) => i.path),
                  { reason: refusing?.reason },
                  `r-${r.id}-`,
                );
                const own = r.requestedBy === me;
                return html`<section class="card" aria-labelledby="req-${r.id}">
                  <h3 id="req-${r.id}">${kindName(r)}: ${r.name}${r.username ? html` (${r.username})` : ""}</h3>
                  <dl class="fields">
                    <dt>${t.role}</dt><dd>${label("role", r.role, lang)}</dd>
                    <dt>${t.region}</dt><dd>${label("region", r.regionId, lang)}</dd>
                    <dt>${t.purpose}</dt><dd>${r.purpose}</dd>
                    ${r.kind === "token" ? html`<dt>${t.valid}</dt><dd>${t.days(r.validDays ?? TOKEN_DAYS.default)}</dd>` : ""}
                    <dt>${t.requestedBy}</dt><dd>${r.requestedByName}, ${when(r.requestedAt)}</dd>
                  </dl>
                  ${
                    own
                      ? html`<p class="meta">${t.ownRequestHint}</p>`
                      : html`<form method="post" action="/staff/approvals/${r.id}/approve">${csrfField(c)}<p><button>${t.approve}</button></p></form>
                  <form method="post" action="/staff/approvals/${r.id}/refuse" novalidate>${csrfField(c)}
                    ${f.text("reason", t.refusalReason)}
                    <p><button class="secondary">${t.refuse}</button></p>
                  </form>`
                  }
                </section>`;
              })
            : html`<p>${t.noneWaiting}</p>`
        }
        <h2>${t.latestDecisions}</h2>
        ${requestsTable(lang, decided, t.latestDecisions)}`,
      status,
    );
  };

  const statusOf = (e: unknown) => (e instanceof ServiceError ? e.status : 500);
  /** Why a decision was refused (own request, no such request, already decided): the one mapping. */
  const decisionProblem = (lang: Lang, e: unknown) => (e instanceof ServiceError ? errorText(e, lang) : "");

  router.get("/staff/approvals", "access.approve", (c) => approvalsPage(c));

  router.post("/staff/approvals/:id/approve", "access.approve", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const issued = await decide(ctxOf(c), id, { approve: true });
      return approvalsPage(c, issued ? { issued } : {});
    } catch (e) {
      const status = statusOf(e);
      if (status === 500) throw e;
      return approvalsPage(
        c,
        { refusal: { id, issues: [{ path: "", message: decisionProblem(langOf(c), e) }] } },
        status as 403,
      );
    }
  });

  router.post("/staff/approvals/:id/refuse", "access.approve", async (c) => {
    const id = c.req.param("id") as string;
    const body = await formBody(c);
    const reason = str(body.reason);
    try {
      const { reason: why } = parse(refusalInput, { reason });
      await decide(ctxOf(c), id, { approve: false, reason: why });
      return approvalsPage(c, { refused: true });
    } catch (e) {
      const status = statusOf(e);
      if (status === 500) throw e;
      const issues = status === 400 ? issuesOf(e) : [{ path: "", message: decisionProblem(langOf(c), e) }];
      return approvalsPage(c, { refusal: { id, issues, reason } }, status as 400);
    }
  });

  // --- The enrolment link (a new account's holder, or one whose TOTP was reset) ---
  const activatePage = (
    c: StaffContext,
    secret: string,
    user: { username: string; passwordHash: string | null },
    issues: Issue[] = [],
  ) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    const f = fieldKit(lang, issues, {});
    const reset = Boolean(user.passwordHash);
    return page(
      c,
      reset ? t.resetConfirmTitle : t.activateTitle,
      html`${f.summary({ password: reset ? t.yourPassword : t.password, confirm: t.confirm })}
        <p>${t.hello} <strong>${user.username}</strong>. ${reset ? t.welcomeReset : t.welcome}</p>
        <form method="post" action="/staff/activate/${secret}" novalidate>${csrfField(c)}
          <input type="hidden" name="username" value="${user.username}" autocomplete="username" />
          ${
            reset
              ? f.text("password", t.yourPassword, {
                  type: "password",
                  extra: html` autocomplete="current-password"`,
                })
              : html`${f.text("password", t.password, { type: "password", extra: html` autocomplete="new-password"` })}
          ${f.text("confirm", t.confirm, { type: "password", extra: html` autocomplete="new-password"` })}`
          }
          <p><button>${reset ? t.continue : t.savePassword}</button></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };
  const spent = (c: StaffContext) => {
    const t = TEXT(langOf(c));
    return page(c, t.spentTitle, html`<p>${t.spent}</p>`, 404);
  };
  /** Signed in up to the second factor, which the holder enrols next. */
  const toEnrolment = async (c: StaffContext, userId: string) => {
    const session = await createSession(db, userId, false);
    setSession(c, session.id);
    return c.redirect("/staff/enrol", 303);
  };

  router.get("/staff/activate/:secret", "public", async (c) => {
    const secret = c.req.param("secret") as string;
    const user = await enrolmentAccount(db, secret);
    return user ? activatePage(c, secret, user) : spent(c);
  });

  router.post("/staff/activate/:secret", "public", async (c) => {
    const secret = c.req.param("secret") as string;
    const user = await enrolmentAccount(db, secret);
    if (!user) return spent(c);
    const body = await formBody(c);
    if (user.passwordHash) {
      // A TOTP reset: the holder's own password, throttled like a sign-in, so that the link's
      // bearer (an admin) cannot guess it here.
      const keys = [
        throttleKey("account", user.username),
        throttleKey("address", c.get("transport").address),
      ];
      if (!(await takeAttempt(db, keys)))
        return activatePage(c, secret, user, [{ path: "password", message: "password-wrong" }]);
      const confirmed = await confirmReset(db, secret, str(body.password) ?? "");
      if (!confirmed) {
        await audit(db, {
          actor: { id: user.id, role: user.role },
          action: "login.failed",
          objectType: "user",
          objectId: user.username,
          outcome: "denied",
          detail: { reason: "reset-password" },
        });
        return activatePage(c, secret, user, [{ path: "password", message: "password-wrong" }]);
      }
      await releaseAttempt(db, keys);
      return toEnrolment(c, confirmed.id);
    }
    try {
      const { password } = parse(enrolmentInput, {
        password: str(body.password) ?? "",
        confirm: str(body.confirm) ?? "",
      });
      const enrolled = await enrol(db, secret, password);
      if (!enrolled) return spent(c);
      return toEnrolment(c, enrolled.id);
    } catch (e) {
      return activatePage(c, secret, user, issuesOf(e));
    }
  });
}
