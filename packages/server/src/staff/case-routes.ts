/** The coordinator's case pages: list with search and filters, new cases, the case page and its forms. */
import { type Db, schema } from "@stodkedjan/db";
import { asc } from "drizzle-orm";
import { html } from "hono/html";
import { mayShow, scopeOf } from "../access/policy.ts";
import { ServiceError } from "../cases/errors.ts";
import { listCasesPage } from "../cases/finding.ts";
import {
  CATEGORIES,
  CLOSE_REASONS,
  caseFilter,
  closeInput,
  consultationInput,
  FORMS,
  GENDERS,
  type IndividualInput,
  individualInput,
  noteInput,
  REFERRED_TO,
  REFERRING_ORGS,
  reopenInput,
  shareInput,
  stepInput,
  TOPICS,
  taskInput,
} from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import * as persons from "../persons/service.ts";
import { duplicatesFieldset, groupsSection, otherCasesList, personText } from "../persons/views.ts";
import { fail } from "./errors.ts";
import { formBody, list, num, opt, parse, str } from "./forms.ts";
import { langOf } from "./i18n.ts";
import { label, labelsOf } from "./labels.ts";
import { csrfField, errorList, page, type StaffContext, scrollable } from "./layout.ts";
import { municipalityChoices, municipalityOptions } from "./municipalities.ts";
import type { Router } from "./router.ts";

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

export function mountCases(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };
  const regions = async () => db.select().from(schema.regions).orderBy(asc(schema.regions.id));

  router.get("/staff/cases", "case.list", async (c) => {
    try {
      // A select left at "Alla" sends an empty value: no filter, not an invalid one.
      const query = Object.entries(c.req.query()).filter(([, v]) => v !== "");
      const filter = parse(caseFilter, Object.fromEntries(query));
      const { rows, more } = await listCasesPage(ctx(c), filter);
      const names = new Map((await regions()).map((r) => [r.id, r.nameSv]));
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
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });

  const newCaseForm = async (
    c: StaffContext,
    kind: string,
    values: Record<string, unknown> = {},
    issues: { path: string; message: string }[] = [],
    duplicates: persons.PossibleDuplicate[] = [],
  ) => {
    // The region's own municipalities first: offer what fits.
    const lang = langOf(c);
    const munis = await municipalityChoices(db, c.get("principal")?.regionId ?? null, lang);
    const muniSelect = html`<label for="municipalityCode">Kommun</label><select id="municipalityCode" name="municipalityCode" required>${municipalityOptions(munis, lang, values.municipalityCode)}</select>`;
    const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
    const chosenForms = list(values.forms) as string[];
    if (kind === "consultation") {
      return page(
        c,
        "Ny konsultation",
        html`${errorList(issues)}<form method="post" action="/staff/cases/consultations">${csrfField(c)}
          <p class="meta">En konsultation är rådgivning till en yrkesverksam. Ingen person registreras.</p>
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
        <fieldset><legend>Personen</legend>
          ${select("ageGroup", "Åldersgrupp", ["child", "adult"], labelsOf("ageGroup", "sv"), v("ageGroup"))}
          <label for="birthYear">Födelseår (om känt)</label><input id="birthYear" name="birthYear" inputmode="numeric" value="${v("birthYear") ?? ""}" />
          ${select("gender", "Kön", GENDERS, labelsOf("gender", "sv"), v("gender") ?? "unknown")}
          <label for="citizenship">Medborgarskap (landskod, t.ex. RO)</label><input id="citizenship" name="citizenship" value="${v("citizenship") ?? ""}" />
          <label for="languages">Språk (koder, t.ex. ro, en)</label><input id="languages" name="languages" value="${v("languages") ?? ""}" />
          <label for="name">Namn (krypteras)</label><input id="name" name="name" autocomplete="off" value="${v("name") ?? ""}" />
          <label for="contact">Kontaktuppgifter (krypteras)</label><input id="contact" name="contact" autocomplete="off" value="${v("contact") ?? ""}" />
          <label for="identityDocuments">Identitetshandlingar (krypteras)</label><input id="identityDocuments" name="identityDocuments" autocomplete="off" value="${v("identityDocuments") ?? ""}" />
        </fieldset>
        ${duplicates.length ? duplicatesFieldset(langOf(c), duplicates, v("duplicateChoice"), issues) : ""}
        <p><button>Öppna ärendet</button></p></form>`,
      issues.length ? 400 : 200,
    );
  };

  router.get("/staff/cases/new", "case.create", (c) =>
    newCaseForm(c, c.req.query("kind") === "individual" ? "individual" : "consultation"),
  );

  router.post("/staff/cases/consultations", "case.create", async (c) => {
    const body = await formBody(c);
    try {
      const input = parse(consultationInput, {
        channel: str(body.channel),
        referringOrg: str(body.referringOrg),
        municipalityCode: str(body.municipalityCode),
        topic: str(body.topic),
        forms: list(body.forms),
        referredTo: str(body.referredTo),
        advice: opt(body.advice),
      });
      const { id } = await cases.createConsultation(ctx(c), input);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });

  router.post("/staff/cases/individual", "case.create", async (c) => {
    const body = await formBody(c);
    let person: IndividualInput["person"] | undefined;
    try {
      const input = parse(individualInput, {
        referringOrg: str(body.referringOrg),
        municipalityCode: str(body.municipalityCode),
        forms: list(body.forms),
        category: str(body.category),
        step: num(body.step),
        person: {
          ageGroup: str(body.ageGroup),
          birthYear: num(body.birthYear),
          gender: str(body.gender),
          citizenship: opt(body.citizenship)?.toUpperCase(),
          languages: (opt(body.languages) ?? "")
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((l) => l.toLowerCase()),
          name: opt(body.name),
          contact: opt(body.contact),
          identityDocuments: opt(body.identityDocuments),
        },
      });
      person = input.person;
      // Possible duplicates first (persons/): the form comes back with them and a choice to make.
      const choice = str(body.duplicateChoice);
      if (!choice && input.person.name) {
        const found = await persons.findPossibleDuplicates(ctx(c), input.person);
        if (found.length) return newCaseForm(c, "individual", body, [], found);
      }
      const linkTo = choice && choice !== "new" ? choice : undefined;
      const { id } = await cases.createIndividualCase(ctx(c), input, linkTo);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400) {
        const again =
          person && e.issues.some((i) => i.path === "duplicateChoice")
            ? await persons.findPossibleDuplicates(ctx(c), person)
            : [];
        return newCaseForm(c, "individual", body, e.issues, again);
      }
      return fail(c, e, "/staff/cases");
    }
  });

  router.get("/staff/cases/:id", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const k = await cases.getCase(ctx(c), id);
      const allRegions = await regions();
      const open = k.status === "open";
      const owners = open ? await cases.taskOwners(ctx(c), id) : [];
      const me = c.get("principal")?.id;
      // Sharing, revoking, closing and reopening are the owning region's; a joint partner works the case.
      const manage = mayShow(c.get("principal"), "case.manage", scopeOf(k.regionId, k.shares));
      const p = k.person;
      // The person's other cases and the case's groups (persons/), each only as far as the user may read.
      const lang = langOf(c);
      const others = p ? await persons.otherCasesOf(ctx(c), k.id, p.id) : [];
      const { groups, joinable } = await persons.groupsOfCase(ctx(c), k.id);
      const mayWrite = mayShow(c.get("principal"), "case.write", scopeOf(k.regionId, k.shares));
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
        ...(manage
          ? ([["closing-h", open ? "Avsluta och lämna över" : "Öppna igen"]] as [string, string][])
          : []),
      ];
      const post = (action: string, inner: unknown) =>
        html`<form method="post" action="/staff/cases/${k.id}/${action}">${csrfField(c)}${inner}</form>`;
      return page(
        c,
        `${k.ref} – ${label("kind", k.kind, "sv")}`,
        html`<p class="meta">${k.title} · ${label("status", k.status, "sv")} · öppnat ${k.openedOn}${k.closedOn ? ` · avslutat ${k.closedOn} (${label("closeReason", k.closeReason, "sv")})` : ""}</p>
          <nav aria-label="Avsnitt i ärendet" class="jump"><ul>${sections.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}</ul></nav>
          ${open ? "" : html`<p class="notice" role="status">Ärendet är avslutat och tar inte emot ändringar förrän det öppnas igen${manage ? " (längst ned på sidan)" : " av den region som äger det"}.</p>`}
          <div class="grid">
            <section class="card" aria-labelledby="facts"><h2 id="facts">Översikt</h2><dl class="fields">
              <dt>Region</dt><dd>${regionName(k.regionId)}</dd>
              <dt>Kommun</dt><dd>${k.municipalityName ?? "–"}${k.municipalityCode ? ` (${k.municipalityCode})` : ""}</dd>
              <dt>Hänvisande</dt><dd>${label("referringOrg", k.referringOrg, "sv")}</dd>
              <dt>Former</dt><dd>${k.forms.map((f) => label("form", f, "sv")).join(", ")}</dd>
              ${k.kind === "individual" ? html`<dt>Bedömning</dt><dd>${label("category", k.category, "sv")}</dd><dt>Steg</dt><dd>${label("step", k.step, "sv")}</dd>` : html`<dt>Kanal</dt><dd>${label("channel", k.consultationChannel, "sv")}</dd><dt>Ämne</dt><dd>${label("topic", k.consultationTopic, "sv")}</dd><dt>Hänvisad till</dt><dd>${label("referredTo", k.referredTo, "sv")}</dd><dt>Råd</dt><dd>${k.advice ?? "–"}</dd>`}
            </dl></section>
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
                  </dl>${otherCasesList(lang, others)}</section>`
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
          ${groupsSection(lang, k.id, csrfField(c), groups, joinable, mayWrite)}
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
            <h3 id="close-h">Avsluta ärendet</h3>${post("close", html`${select("reason", "Anledning", CLOSE_REASONS, labelsOf("closeReason", "sv"))} <button class="danger">Avsluta ärendet</button>`)}
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
                      html`<li>${regionName(s.regionId)} (${label("shareMode", s.mode, "sv")}) ${post(`shares/${s.id}/revoke`, html`<button class="danger">Återkalla</button>`)}</li>`,
                  )}</ul>`
                : ""
            }
          </section>`
                : html`<section aria-labelledby="closing-h"><h2 id="closing-h">Öppna ärendet igen</h2>${post("reopen", html`<label for="reopen-reason">Varför öppnas ärendet igen? (krypteras)</label><textarea id="reopen-reason" name="reason" required></textarea> <button>Öppna igen</button>`)}</section>`
          }`,
      );
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });

  const action = (
    path: string,
    run: (c: StaffContext, id: string, body: Awaited<ReturnType<typeof formBody>>) => Promise<unknown>,
  ) =>
    router.post(`/staff/cases/:id/${path}`, "case.list", async (c) => {
      const id = c.req.param("id") as string;
      try {
        await run(c, id, await formBody(c));
        return c.redirect(`/staff/cases/${id}`, 303);
      } catch (e) {
        return fail(c, e, `/staff/cases/${id}`);
      }
    });

  action("step", (c, id, b) => cases.changeStep(ctx(c), id, parse(stepInput, { step: num(b.step) }).step));
  action("notes", (c, id, b) => cases.addNote(ctx(c), id, parse(noteInput, { body: str(b.body) }).body));
  action("tasks", (c, id, b) => {
    const t = parse(taskInput, {
      title: str(b.title),
      dueOn: str(b.dueOn),
      ownerId: str(b.ownerId) || undefined,
    });
    return cases.addTask(ctx(c), id, t.title, t.dueOn, t.ownerId);
  });
  router.post("/staff/cases/:id/tasks/:taskId/done", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      await cases.completeTask(ctx(c), id, c.req.param("taskId") as string);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  action("close", (c, id, b) =>
    cases.closeCase(ctx(c), id, parse(closeInput, { reason: str(b.reason) }).reason),
  );
  action("reopen", (c, id, b) =>
    cases.reopenCase(ctx(c), id, parse(reopenInput, { reason: str(b.reason) }).reason),
  );
  action("shares", (c, id, b) => {
    // The transfer form, set apart on the page, names its region field apart too.
    const regionId = str(b.mode === "transfer" ? (b.transferRegionId ?? b.regionId) : b.regionId);
    const s = parse(shareInput, { regionId, mode: str(b.mode) });
    return cases.shareCase(ctx(c), id, s.regionId, s.mode);
  });
  router.post("/staff/cases/:id/shares/:shareId/revoke", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      await cases.revokeShare(ctx(c), id, c.req.param("shareId") as string);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.post("/staff/cases/:id/attachments", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const body = await formBody(c);
      const file = body.file;
      if (!(file instanceof File))
        throw new ServiceError(400, "Choose a file.", [
          { path: "file", message: "no file was sent", code: "file-missing" },
        ]);
      await cases.addAttachment(ctx(c), id, {
        filename: file.name,
        mime: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.get("/staff/cases/:id/attachments/:aid", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const file = await cases.getAttachment(ctx(c), id, c.req.param("aid") as string);
      return c.body(new Uint8Array(file.bytes), 200, {
        "content-type": file.mime,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "cache-control": "no-store",
      });
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.get("/staff/cases/:id/history", "case.history", async (c) => {
    const id = c.req.param("id") as string;
    try {
      // A coordinator sees the history of cases they may read; the national team of any case.
      const rows = await cases.caseHistory(ctx(c), id);
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
    } catch (e) {
      return fail(c, e, "/staff");
    }
  });
}
