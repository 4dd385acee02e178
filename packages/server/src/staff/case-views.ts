/** The case pages' rendering: the list, the new-case forms, the case page and its access history. */
import type { schema } from "@stodkedjan/db";
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
import type { CaseDetail, taskOwners } from "../cases/service.ts";
import { list } from "./forms.ts";
import { LABELS, label } from "./labels.ts";
import { csrfField, errorList, page, type StaffContext, scrollable } from "./layout.ts";

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
    html`<p><a class="button" href="/staff/cases/new?kind=consultation">Ny konsultation</a> <a class="button" href="/staff/cases/new?kind=individual">Nytt enskilt ärende</a></p>
      <form method="get" action="/staff/cases" class="filters" role="search">
        <div><label for="q">Sök (ärendenummer, pseudonym, kommun, form)</label><input id="q" name="q" value="${filter.q ?? ""}" /></div>
        <div>${select("status", "Status", ["open", "closed", "all"], { ...LABELS.status, all: "Alla" }, filter.status)}</div>
        <div>${select("kind", "Typ", ["consultation", "individual", "all"], { ...LABELS.kind, all: "Alla" }, filter.kind)}</div>
        <div>${select("step", "Steg", ["1", "2", "3", "4", "5", "6"], LABELS.step as Options, filter.step?.toString(), "Alla")}</div>
        <div>${select("form", "Form", FORMS, LABELS.form, filter.form, "Alla")}</div>
        <div>${select("ageGroup", "Ålder", ["child", "adult"], LABELS.ageGroup, filter.ageGroup, "Alla")}</div>
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
            html`<tr><td data-label="Ärende"><a href="/staff/cases/${r.id}">${r.ref}</a></td><td data-label="Typ">${label("kind", r.kind)}</td><td data-label="Beskrivning">${r.title}${r.regionId !== c.get("principal")?.regionId ? html` <span class="badge">delat från ${names.get(r.regionId) ?? r.regionId}</span>` : ""}</td><td data-label="Steg">${r.step ? label("step", r.step) : "–"}</td><td data-label="Närmaste tidsfrist">${r.nearestDeadline ?? "–"}</td><td data-label="Öppnat">${r.openedOn}</td><td data-label="Status">${label("status", r.status)}</td></tr>`,
        )}</tbody>
      </table>`,
      )}
      <p>${filter.page > 1 ? html`<a href="${pageLink(filter.page - 1)}">Föregående sida</a> ` : ""}${more ? html`<a href="${pageLink(filter.page + 1)}">Nästa sida</a>` : ""}</p>`,
  );
}

export function newCasePage(
  c: StaffContext,
  kind: string,
  munis: Municipality[],
  values: Record<string, unknown> = {},
  issues: { path: string; message: string }[] = [],
) {
  const muniSelect = html`<label for="municipalityCode">Kommun</label><select id="municipalityCode" name="municipalityCode">${munis.map(
    (m) =>
      html`<option value="${m.code}"${m.code === values.municipalityCode ? html` selected` : ""}>${m.name}</option>`,
  )}</select>`;
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const chosenForms = list(values.forms) as string[];
  if (kind === "consultation") {
    return page(
      c,
      "Ny konsultation",
      html`${errorList(issues)}<form method="post" action="/staff/cases/consultations">${csrfField(c)}
        <p class="meta">En konsultation är rådgivning till en yrkesverksam. Ingen person registreras.</p>
        ${select("channel", "Kanal", ["support-line", "coordinator"], LABELS.channel, v("channel"))}
        ${select("referringOrg", "Vem frågade (organisation)", REFERRING_ORGS, LABELS.referringOrg, v("referringOrg"))}
        ${muniSelect}
        ${select("topic", "Ämne", TOPICS, LABELS.topic, v("topic"))}
        ${checks("forms", "Former av exploatering", FORMS, LABELS.form, chosenForms)}
        ${select("referredTo", "Hänvisad vidare till", REFERRED_TO, LABELS.referredTo, v("referredTo"))}
        <label for="advice">Råd som gavs (krypteras, skriv inga namn i onödan)</label><textarea id="advice" name="advice">${v("advice") ?? ""}</textarea>
        <p><button>Registrera konsultationen</button></p></form>`,
      issues.length ? 400 : 200,
    );
  }
  return page(
    c,
    "Nytt enskilt ärende",
    html`${errorList(issues)}<form method="post" action="/staff/cases/individual">${csrfField(c)}
      ${select("referringOrg", "Hänvisande organisation", REFERRING_ORGS, LABELS.referringOrg, v("referringOrg"))}
      ${muniSelect}
      ${checks("forms", "Former av exploatering", FORMS, LABELS.form, chosenForms)}
      ${select("category", "Bedömning", CATEGORIES, LABELS.category, v("category"))}
      ${select("step", "Nuvarande steg", ["1", "2", "3", "4", "5", "6"], LABELS.step as Options, v("step") ?? "1")}
      <fieldset><legend>Personen</legend>
        ${select("ageGroup", "Åldersgrupp", ["child", "adult"], LABELS.ageGroup, v("ageGroup"))}
        <label for="birthYear">Födelseår (om känt)</label><input id="birthYear" name="birthYear" inputmode="numeric" value="${v("birthYear") ?? ""}" />
        ${select("gender", "Kön", GENDERS, LABELS.gender, v("gender") ?? "unknown")}
        <label for="citizenship">Medborgarskap (landskod, t.ex. RO)</label><input id="citizenship" name="citizenship" value="${v("citizenship") ?? ""}" />
        <label for="languages">Språk (koder, t.ex. ro, en)</label><input id="languages" name="languages" value="${v("languages") ?? ""}" />
        <label for="name">Namn (krypteras)</label><input id="name" name="name" autocomplete="off" value="${v("name") ?? ""}" />
        <label for="contact">Kontaktuppgifter (krypteras)</label><input id="contact" name="contact" autocomplete="off" value="${v("contact") ?? ""}" />
        <label for="identityDocuments">Identitetshandlingar (krypteras)</label><input id="identityDocuments" name="identityDocuments" autocomplete="off" value="${v("identityDocuments") ?? ""}" />
      </fieldset>
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
) {
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
    ...(manage
      ? ([["closing-h", open ? "Avsluta och lämna över" : "Öppna igen"]] as [string, string][])
      : []),
  ];
  const post = (action: string, inner: unknown) =>
    html`<form method="post" action="/staff/cases/${k.id}/${action}">${csrfField(c)}${inner}</form>`;
  return page(
    c,
    `${k.ref} – ${label("kind", k.kind)}`,
    html`<p class="meta">${k.title} · ${label("status", k.status)} · öppnat ${k.openedOn}${k.closedOn ? ` · avslutat ${k.closedOn} (${label("closeReason", k.closeReason)})` : ""}</p>
      <nav aria-label="Avsnitt i ärendet" class="jump"><ul>${sections.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}</ul></nav>
      ${open ? "" : html`<p class="notice" role="status">Ärendet är avslutat och tar inte emot ändringar förrän det öppnas igen${manage ? " (längst ned på sidan)" : " av den region som äger det"}.</p>`}
      <div class="grid">
        <section class="card" aria-labelledby="facts"><h2 id="facts">Översikt</h2><dl class="fields">
          <dt>Region</dt><dd>${regionName(k.regionId)}</dd>
          <dt>Kommun</dt><dd>${k.municipalityName ?? "–"}${k.municipalityCode ? ` (${k.municipalityCode})` : ""}</dd>
          <dt>Hänvisande</dt><dd>${label("referringOrg", k.referringOrg)}</dd>
          <dt>Former</dt><dd>${k.forms.map((f) => label("form", f)).join(", ")}</dd>
          ${k.kind === "individual" ? html`<dt>Bedömning</dt><dd>${label("category", k.category)}</dd><dt>Steg</dt><dd>${label("step", k.step)}</dd>` : html`<dt>Kanal</dt><dd>${label("channel", k.consultationChannel)}</dd><dt>Ämne</dt><dd>${label("topic", k.consultationTopic)}</dd><dt>Hänvisad till</dt><dd>${label("referredTo", k.referredTo)}</dd><dt>Råd</dt><dd>${k.advice ?? "–"}</dd>`}
        </dl></section>
        ${
          p
            ? html`<section class="card" aria-labelledby="person"><h2 id="person">Person ${p.pseudonym}</h2><dl class="fields">
                <dt>Ålder</dt><dd>${label("ageGroup", p.ageGroup)}${p.birthYear ? `, född ${p.birthYear}` : ""}</dd>
                <dt>Kön</dt><dd>${label("gender", p.gender)}</dd>
                <dt>Medborgarskap</dt><dd>${p.citizenship ?? "–"}</dd>
                <dt>Språk</dt><dd>${p.languages.join(", ") || "–"}</dd>
                <dt>Namn</dt><dd>${p.name ?? "–"}</dd>
                <dt>Kontakt</dt><dd>${p.contact ?? "–"}</dd>
                <dt>Id-handlingar</dt><dd>${p.identityDocuments ?? "–"}</dd>
              </dl></section>`
            : ""
        }
      </div>
      ${
        k.kind === "individual"
          ? html`<section aria-labelledby="steps"><h2 id="steps">Steg i stödkedjan</h2>
              <ol>${k.steps.map((s) => html`<li>${label("step", s.step)} – ${date(s.changedAt)}${s.by ? ` av ${s.by}` : ""}</li>`)}</ol>
              ${k.status === "open" ? post("step", html`${select("step", "Byt steg", ["1", "2", "3", "4", "5", "6"], LABELS.step as Options, String(k.step))} <button>Spara steg</button>`) : ""}
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
        ${k.shares.length ? html`<ul>${k.shares.map((s) => html`<li>${regionName(s.regionId)}: ${label("shareMode", s.mode)} sedan ${date(s.createdAt)}</li>`)}</ul>` : html`<p>Ärendet är inte delat.</p>`}
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
      ${
        k.reopenings.length
          ? html`<section aria-labelledby="reopened-h"><h2 id="reopened-h">Öppnat igen</h2><ul>${k.reopenings.map((r) => html`<li>${date(r.at)}${r.by ? ` av ${r.by}` : ""}: ${r.reason}</li>`)}</ul></section>`
          : ""
      }
      ${
        !manage
          ? ""
          : open
            ? html`<section aria-labelledby="closing-h" class="danger"><h2 id="closing-h">Åtgärder som inte går att ångra</h2>
        <p class="meta">Att avsluta, lämna över eller återkalla en delning ändrar vem som ser ärendet och vad som händer med det.</p>
        <h3 id="close-h">Avsluta ärendet</h3>${post("close", html`${select("reason", "Anledning", CLOSE_REASONS, LABELS.closeReason)} <button class="danger">Avsluta ärendet</button>`)}
        <h3 id="transfer-h">Lämna över till en annan region</h3>
        ${post(
          "shares",
          html`<input type="hidden" name="mode" value="transfer" />${select(
            "transferRegionId",
            "Mottagande region",
            otherRegions.map((r) => r.id),
            regionLabels,
          )} <button class="danger">Lämna över ärendet</button>`,
        )}
        ${
          k.shares.length
            ? html`<h3 id="revoke-h">Återkalla en delning</h3><ul>${k.shares.map(
                (s) =>
                  html`<li>${regionName(s.regionId)} (${label("shareMode", s.mode)}) ${post(`shares/${s.id}/revoke`, html`<button class="danger">Återkalla</button>`)}</li>`,
              )}</ul>`
            : ""
        }
      </section>`
            : html`<section aria-labelledby="closing-h"><h2 id="closing-h">Öppna ärendet igen</h2>${post("reopen", html`<label for="reopen-reason">Varför öppnas ärendet igen? (krypteras)</label><textarea id="reopen-reason" name="reason" required></textarea> <button>Öppna igen</button>`)}</section>`
      }`,
  );
}

export function caseHistoryPage(c: StaffContext, rows: Awaited<ReturnType<typeof historyOf>>) {
  return page(
    c,
    "Åtkomstlogg för ärendet",
    html`<p class="meta">Varje läsning och ändring av ärendet, nyast först.</p>
      ${scrollable(
        "Åtkomstloggen",
        html`<table class="stack"><thead><tr><th scope="col">När</th><th scope="col">Vem</th><th scope="col">Roll</th><th scope="col">Vad</th><th scope="col">Utfall</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td data-label="När">${r.at.slice(0, 19).replace("T", " ")}</td><td data-label="Vem">${r.actorName ?? r.actorId ?? "–"}</td><td data-label="Roll">${label("role", r.actorRole)}</td><td data-label="Vad">${label("auditAction", r.action)}${r.detail ? ` ${JSON.stringify(r.detail)}` : ""}</td><td data-label="Utfall">${label("outcome", r.outcome)}</td></tr>`)}</tbody></table>`,
      )}`,
  );
}
