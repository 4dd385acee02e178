/**
 * Tokens and accounts, four eyes (ADR 0010): the admin's pages to ask for partner-system tokens
 * and staff accounts, the national team's page to approve or refuse what reads case data, and
 * the enrolment link where a new account's holder sets their own password.
 */
import { type Db, ROLES, schema } from "@stodkedjan/db";
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
import { audit } from "../audit/log.ts";
import { createSession } from "../auth/sessions.ts";
import { ServiceError } from "../cases/errors.ts";
import { isUuid } from "../ids.ts";
import { setSession } from "./auth-routes.ts";
import { formBody, opt, parse, str } from "./forms.ts";
import { label } from "./labels.ts";
import { csrfField, page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

type Issue = { path: string; message: string };
type Values = Record<string, string | undefined>;

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "–");
const day = (d: Date) => d.toISOString().slice(0, 10);
const roleName = (role: string) => label("role", role);

/** Labelled fields with their own error under the label, the values typed kept, and a summary linking to them. */
function fieldKit(issues: Issue[], values: Values, prefix = "") {
  const id = (f: string) => `${prefix}${f}`;
  const errorOf = (f: string) => issues.find((i) => i.path === f)?.message;
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
        ? html`<div class="error" role="alert"><p>Rätta följande:</p><ul>${issues.map((i) =>
            labels[i.path]
              ? html`<li><a href="#${id(i.path)}">${labels[i.path]}: ${i.message}</a></li>`
              : html`<li>${i.message}</li>`,
          )}</ul></div>`
        : "",
  };
}

const issuesOf = (e: unknown): Issue[] => {
  if (!(e instanceof ServiceError)) throw e;
  return e.issues.length ? e.issues : [{ path: "", message: e.message }];
};

function issuedNotice(c: StaffContext, issued: Issued) {
  if (issued.kind === "token")
    return html`<div class="notice" role="status"><p>Ny API-nyckel, giltig till ${day(issued.expiresAt)}. Kopiera den nu, den visas bara en gång:</p><p><code data-token>${issued.secret}</code></p></div>`;
  const link = new URL(issued.link, c.get("transport").publicUrl ?? c.req.url).href;
  return html`<div class="notice" role="status"><p>Kontot <strong>${issued.username}</strong> är skapat. Ge den här engångslänken till personen själv på ett säkert sätt. Med den väljer personen sitt lösenord och aktiverar tvåstegsinloggning. Länken gäller till ${when(issued.expiresAt)} (UTC) och visas bara nu:</p><p><code data-enrolment-link>${link}</code></p></div>`;
}

const pendingNotice = html`<div class="notice" role="status"><p>Begäran är skickad. Någon i nationella teamet godkänner eller avslår den under Godkännanden. Nyckeln eller inloggningslänken visas då för den som godkänner, inte här.</p></div>`;

function requestsTable(rows: AccessRequestRow[], caption: string) {
  if (!rows.length) return html`<p>Inga begäranden.</p>`;
  const status = (r: AccessRequestRow) =>
    r.status === "pending"
      ? "väntar på godkännande"
      : r.status === "approved"
        ? `godkänd ${when(r.decidedAt)}`
        : `avslagen ${when(r.decidedAt)}: ${r.refusalReason ?? ""}`;
  return scrollable(
    caption,
    html`<table><thead><tr><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Region</th><th scope="col">Ändamål</th><th scope="col">Begärd av</th><th scope="col">Status</th></tr></thead>
      <tbody>${rows.map(
        (r) =>
          html`<tr><td>${r.name}${r.username ? html` (${r.username})` : ""}</td><td>${roleName(r.role)}</td><td>${r.regionId ?? "–"}</td><td>${r.purpose}</td><td>${r.requestedByName}</td><td>${status(r)}</td></tr>`,
      )}</tbody></table>`,
  );
}

export function mountAccess(router: Router, db: Db) {
  const regions = () => db.select().from(schema.regions).orderBy(asc(schema.regions.id));
  const ctxOf = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Sign in.");
    return { db, principal };
  };
  const roleOptions = (roles: readonly string[]): [string, string][] => [
    ["", "Välj roll"],
    ...roles.map((r): [string, string] => [
      r,
      `${roleName(r)}${needsApproval(r as never) ? " – kräver godkännande" : ""}`,
    ]),
  ];
  const regionOptions = async (): Promise<[string, string][]> => [
    ["", "Ingen (bara för regionkoordinatorer)"],
    ...(await regions()).map((r): [string, string] => [r.id, r.nameSv]),
  ];

  // --- API tokens (admin) ---
  const TOKEN_LABELS: Record<string, string> = {
    name: "Namn (system och ägare)",
    purpose: "Ändamål",
    role: "Roll",
    regionId: "Region",
    validDays: "Giltig i antal dagar",
  };

  const tokensPage = async (
    c: StaffContext,
    o: { issues?: Issue[]; values?: Values; outcome?: Outcome } = {},
  ) => {
    const issues = o.issues ?? [];
    const now = new Date();
    const tokens = await db.select().from(schema.apiTokens).orderBy(asc(schema.apiTokens.createdAt));
    const f = fieldKit(issues, { validDays: String(TOKEN_DAYS.default), ...o.values });
    return page(
      c,
      "API-nycklar för partnersystem",
      html`${o.outcome ? ("issued" in o.outcome ? issuedNotice(c, o.outcome.issued) : pendingNotice) : ""}
        ${f.summary(TOKEN_LABELS)}
        ${scrollable(
          "API-nycklar",
          html`<table><thead><tr><th scope="col">Namn</th><th scope="col">Ändamål</th><th scope="col">Roll</th><th scope="col">Region</th><th scope="col">Giltig till</th><th scope="col">Senast använd</th><th scope="col">Status</th></tr></thead>
        <tbody>${tokens.map(
          (t) =>
            html`<tr><td>${t.name}</td><td>${t.purpose}</td><td>${roleName(t.role)}</td><td>${t.regionId ?? "–"}</td><td>${day(t.expiresAt)}</td><td>${when(t.lastUsedAt)}</td><td>${
              t.revokedAt
                ? "återkallad"
                : t.expiresAt <= now
                  ? "utgången"
                  : html`<form method="post" action="/staff/admin/tokens/${t.id}/revoke" class="inline">${csrfField(c)}<button class="link">Återkalla</button></form>`
            }</td></tr>`,
        )}</tbody></table>`,
        )}
        <h2>Begäranden</h2>
        ${requestsTable(await listRequests(db, "token"), "Begäranden om API-nycklar")}
        <h2>Ny nyckel</h2>
        <p class="meta">En nyckel för en roll som läser ärenden eller partnerdata (regionkoordinator, nationella teamet, skyddat boende, IOM) skapas först när någon i nationella teamet har godkänt begäran.</p>
        <form method="post" action="/staff/admin/tokens" novalidate>${csrfField(c)}
          ${f.text("name", TOKEN_LABELS.name as string, { extra: html` autocomplete="off"` })}
          ${f.textarea("purpose", TOKEN_LABELS.purpose as string, "Vad nyckeln används till och av vem. Skrivs in i åtkomstloggen.")}
          ${f.select("role", TOKEN_LABELS.role as string, roleOptions(ROLES.filter((r) => r !== "admin")))}
          ${f.select("regionId", TOKEN_LABELS.regionId as string, await regionOptions())}
          ${f.text("validDays", TOKEN_LABELS.validDays as string, { hint: `Högst ${TOKEN_DAYS.max} dagar.`, extra: html` inputmode="numeric" size="5"` })}
          <p><button>Skapa eller begär nyckel</button></p>
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
      const [t] = await db
        .update(schema.apiTokens)
        .set({ revokedAt: new Date() })
        .where(eq(schema.apiTokens.id, id))
        .returning();
      if (t)
        await audit(db, {
          actor: c.get("principal"),
          action: "update",
          objectType: "api_token",
          objectId: id,
          outcome: "ok",
          detail: { revoked: true, role: t.role, region: t.regionId ?? "", purpose: t.purpose },
        });
    }
    return c.redirect("/staff/admin/tokens", 303);
  });

  // --- Staff accounts (admin) ---
  const USER_LABELS: Record<string, string> = {
    username: "Användarnamn (e-postadress)",
    displayName: "Namn",
    role: "Roll",
    regionId: "Region",
    purpose: "Varför kontot behövs",
  };

  const usersPage = async (
    c: StaffContext,
    o: { issues?: Issue[]; values?: Values; outcome?: Outcome } = {},
  ) => {
    const issues = o.issues ?? [];
    const users = await db.select().from(schema.users).orderBy(asc(schema.users.username));
    const f = fieldKit(issues, o.values ?? {});
    return page(
      c,
      "Användare",
      html`${o.outcome ? ("issued" in o.outcome ? issuedNotice(c, o.outcome.issued) : pendingNotice) : ""}
        ${f.summary(USER_LABELS)}
        ${scrollable(
          "Användare",
          html`<table><thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Region</th><th scope="col">Tvåsteg</th><th scope="col">Status</th></tr></thead>
        <tbody>${users.map((u) => html`<tr><td>${u.username}</td><td>${u.displayName}</td><td>${roleName(u.role)}</td><td>${u.regionId ?? "–"}</td><td>${u.totpEnabled ? "aktiverad" : "ej aktiverad"}</td><td>${u.disabled ? "avstängd" : u.enrolmentHash ? "väntar på att personen aktiverar kontot" : "aktiv"}${u.demo ? " (demo)" : ""}</td></tr>`)}</tbody></table>`,
        )}
        <h2>Begäranden</h2>
        ${requestsTable(await listRequests(db, "account"), "Begäranden om konton")}
        <h2>Nytt konto</h2>
        <p class="meta">Personen väljer själv sitt lösenord via en engångslänk och aktiverar tvåstegsinloggning. Ett konto med en roll som läser ärenden eller partnerdata skapas först när någon i nationella teamet har godkänt begäran; länken visas då för den som godkänner.</p>
        <form method="post" action="/staff/admin/users" novalidate>${csrfField(c)}
          ${f.text("username", USER_LABELS.username as string, { extra: html` autocomplete="off"` })}
          ${f.text("displayName", USER_LABELS.displayName as string, { extra: html` autocomplete="off"` })}
          ${f.select("role", USER_LABELS.role as string, roleOptions(ROLES))}
          ${f.select("regionId", USER_LABELS.regionId as string, await regionOptions())}
          ${f.textarea("purpose", USER_LABELS.purpose as string, "Till exempel ny regionkoordinator i Region Syd från 1 mars. Skrivs in i åtkomstloggen.")}
          <p><button>Skapa eller begär konto</button></p>
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
    const me = c.get("principal")?.id;
    const all = await listRequests(db);
    const pending = all.filter((r) => r.status === "pending");
    const decided = all.filter((r) => r.status !== "pending").slice(0, 50);
    const generalIssues = o.refusal && !o.refusal.issues.some((i) => i.path) ? o.refusal.issues : [];
    return page(
      c,
      "Godkännanden av API-nycklar och konton",
      html`${o.issued ? issuedNotice(c, o.issued) : ""}${o.refused ? html`<div class="notice" role="status"><p>Begäran är avslagen.</p></div>` : ""}
        ${generalIssues.length ? html`<div class="error" role="alert"><p>${generalIssues.map((i) => i.message).join(" ")}</p></div>` : ""}
        <p>En administratör begär API-nycklar och konton med roller som läser ärenden eller partnerdata. De skapas först när någon i nationella teamet, som inte själv har begärt dem, godkänner. Nyckeln eller inloggningslänken visas en gång för den som godkänner, som lämnar över den till mottagaren.</p>
        <h2>Väntar på beslut</h2>
        ${
          pending.length
            ? pending.map((r) => {
                const refusing = o.refusal?.id === r.id ? o.refusal : undefined;
                const f = fieldKit(
                  (refusing?.issues ?? []).filter((i) => i.path),
                  { reason: refusing?.reason },
                  `r-${r.id}-`,
                );
                const own = r.requestedBy === me;
                return html`<section class="card" aria-labelledby="req-${r.id}">
                  <h3 id="req-${r.id}">${r.kind === "token" ? "API-nyckel" : "Konto"}: ${r.name}${r.username ? html` (${r.username})` : ""}</h3>
                  <dl class="fields">
                    <dt>Roll</dt><dd>${roleName(r.role)}</dd>
                    <dt>Region</dt><dd>${r.regionId ?? "–"}</dd>
                    <dt>Ändamål</dt><dd>${r.purpose}</dd>
                    ${r.kind === "token" ? html`<dt>Giltig</dt><dd>${r.validDays ?? TOKEN_DAYS.default} dagar</dd>` : ""}
                    <dt>Begärd av</dt><dd>${r.requestedByName}, ${when(r.requestedAt)}</dd>
                  </dl>
                  ${
                    own
                      ? html`<p class="meta">Du har själv begärt detta. Någon annan i nationella teamet beslutar.</p>`
                      : html`<form method="post" action="/staff/approvals/${r.id}/approve">${csrfField(c)}<p><button>Godkänn</button></p></form>
                  <form method="post" action="/staff/approvals/${r.id}/refuse" novalidate>${csrfField(c)}
                    ${f.text("reason", "Skäl för avslag")}
                    <p><button class="secondary">Avslå</button></p>
                  </form>`
                  }
                </section>`;
              })
            : html`<p>Inga begäranden väntar.</p>`
        }
        <h2>Senaste besluten</h2>
        ${requestsTable(decided, "Senaste besluten")}`,
      status,
    );
  };

  const statusOf = (e: unknown) => (e instanceof ServiceError ? e.status : 500);
  const MESSAGES: Record<number, string> = {
    403: "Du kan inte besluta om en begäran som du själv har gjort.",
    404: "Begäran finns inte.",
    409: "Begäran är redan beslutad.",
  };

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
        { refusal: { id, issues: [{ path: "", message: MESSAGES[status] ?? "" }] } },
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
      const issues = status === 400 ? issuesOf(e) : [{ path: "", message: MESSAGES[status] ?? "" }];
      return approvalsPage(c, { refusal: { id, issues, reason } }, status as 400);
    }
  });

  // --- The enrolment link (the new account's holder) ---
  const ENROL_LABELS: Record<string, string> = { password: "Lösenord", confirm: "Samma lösenord igen" };
  const activatePage = (c: StaffContext, secret: string, username: string, issues: Issue[] = []) => {
    const f = fieldKit(issues, {});
    return page(
      c,
      "Aktivera ditt konto",
      html`${f.summary(ENROL_LABELS)}
        <p>Välkommen, <strong>${username}</strong>. Välj ett lösenord som bara du känner till (minst 12 tecken; en mening fungerar bra). Därefter aktiverar du tvåstegsinloggning med en autentiseringsapp.</p>
        <form method="post" action="/staff/activate/${secret}" novalidate>${csrfField(c)}
          <input type="hidden" name="username" value="${username}" autocomplete="username" />
          ${f.text("password", ENROL_LABELS.password as string, { type: "password", extra: html` autocomplete="new-password"` })}
          ${f.text("confirm", ENROL_LABELS.confirm as string, { type: "password", extra: html` autocomplete="new-password"` })}
          <p><button>Spara lösenordet och fortsätt</button></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };
  const spent = (c: StaffContext) =>
    page(
      c,
      "Länken fungerar inte",
      html`<p>Länken är redan använd, har gått ut eller är felaktig. Be administratören om en ny.</p>`,
      404,
    );

  router.get("/staff/activate/:secret", "public", async (c) => {
    const secret = c.req.param("secret") as string;
    const user = await enrolmentAccount(db, secret);
    return user ? activatePage(c, secret, user.username) : spent(c);
  });

  router.post("/staff/activate/:secret", "public", async (c) => {
    const secret = c.req.param("secret") as string;
    const user = await enrolmentAccount(db, secret);
    if (!user) return spent(c);
    const body = await formBody(c);
    try {
      const { password } = parse(enrolmentInput, {
        password: str(body.password) ?? "",
        confirm: str(body.confirm) ?? "",
      });
      const enrolled = await enrol(db, secret, password);
      if (!enrolled) return spent(c);
      // Signed in up to the second factor, which the holder enrols next.
      const session = await createSession(db, enrolled.id, false);
      setSession(c, session.id);
      return c.redirect("/staff/enrol", 303);
    } catch (e) {
      return activatePage(c, secret, user.username, issuesOf(e));
    }
  });
}
