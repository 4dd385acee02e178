/**
 * The views of persons and case groups on the staff pages: the possible duplicates in the new-case
 * form, the person's other cases and the case's groups on the case page. Pure rendering.
 */
import { html } from "hono/html";
import { defineText, type Lang } from "../staff/i18n.ts";
import { label } from "../staff/labels.ts";
import type { CaseSummary, GroupView, PossibleDuplicate } from "./service.ts";

const TEXT = defineText({
  duplicatesTitle: { sv: "Finns personen redan?", en: "Is this person already registered?" },
  duplicatesLead: {
    sv: "Personer i ärenden du får läsa har samma namn (helt eller delvis) och inget födelseår, kön eller medborgarskap som skiljer. Välj om det nya ärendet gäller någon av dem, eller om en ny person ska registreras. Inget har sparats än.",
    en: "Persons in cases you may read have the same name (wholly or partly) and no birth year, gender or citizenship that differs. Choose whether the new case is about one of them, or whether a new person is to be registered. Nothing has been saved yet.",
  },
  choice: { sv: "Vem gäller ärendet?", en: "Who is the case about?" },
  sameAs: { sv: "Samma person som", en: "The same person as" },
  born: { sv: "född", en: "born" },
  cases: { sv: "Ärenden", en: "Cases" },
  opened: { sv: "öppnat", en: "opened" },
  step: { sv: "steg", en: "step" },
  newPerson: {
    sv: "En ny person (registrera personen ändå)",
    en: "A new person (register the person anyway)",
  },
  nameUnknown: { sv: "namn saknas", en: "no name recorded" },
  otherCases: { sv: "Personens andra ärenden", en: "The person's other cases" },
  noOtherCases: {
    sv: "Inga andra ärenden som du får läsa.",
    en: "No other cases that you may read.",
  },
  groupPage: { sv: "Lägg ärendet i en grupp", en: "Put the case in a group" },
  back: { sv: "Tillbaka till ärendet", en: "Back to the case" },
  groupsNav: { sv: "Utredning", en: "Investigation" },
  groupsTitle: { sv: "Utredning och sammanhörande ärenden", en: "Investigation and related cases" },
  groupsLead: {
    sv: "Ärenden som hör till samma utredning (t.ex. samma förundersökning eller arbetsplats) kan samlas i en grupp.",
    en: "Cases that belong to one investigation (e.g. the same preliminary investigation or workplace) can be grouped.",
  },
  noGroups: { sv: "Ärendet ingår inte i någon grupp.", en: "The case is in no group." },
  groupCases: { sv: "Ärenden i gruppen som du får läsa", en: "Cases in the group that you may read" },
  thisCase: { sv: "(detta ärende)", en: "(this case)" },
  otherRegion: { sv: "Gruppen hålls av en annan region.", en: "Another region keeps the group." },
  remove: { sv: "Ta bort ärendet ur gruppen", en: "Remove the case from the group" },
  addToGroup: { sv: "Lägg till i en befintlig grupp", en: "Add to an existing group" },
  add: { sv: "Lägg till", en: "Add" },
  newGroup: {
    sv: "Ny grupp: namn eller referens (krypteras)",
    en: "New group: name or reference (encrypted)",
  },
  create: { sv: "Skapa gruppen med detta ärende", en: "Create the group with this case" },
  groupNameError: {
    sv: "Skriv gruppens namn eller referens, högst 200 tecken.",
    en: "Write the group's name or reference, at most 200 characters.",
  },
  groupChoiceError: { sv: "Välj en av regionens grupper.", en: "Choose one of your region's groups." },
  choiceError: {
    sv: "Välj en av personerna som visas, eller en ny person.",
    en: "Choose one of the persons shown, or a new person.",
  },
});

export const personText = TEXT;

type Issue = { path: string; message: string };
const errorFor = (issues: Issue[], path: string, message: string, id: string) =>
  issues.some((i) => i.path === path) ? html`<p class="error" id="${id}">${message}</p>` : "";

const caseLine = (lang: Lang, k: CaseSummary, href: boolean, current?: string) => {
  const t = TEXT(lang);
  const ref = href && k.id !== current ? html`<a href="/staff/cases/${k.id}">${k.ref}</a>` : k.ref;
  return html`<li>${ref}${k.id === current ? ` ${t.thisCase}` : ""} · ${t.opened} ${k.openedOn}${k.step ? html` · ${t.step} ${label("step", k.step, lang)}` : ""} · ${label("status", k.status, lang)}</li>`;
};

/**
 * The confirmation step of the new-case form: the possible duplicates and the choice between
 * linking the case to one of them and registering a new person. Inside the form, so everything
 * typed is posted again with the choice.
 */
export function duplicatesFieldset(
  lang: Lang,
  found: PossibleDuplicate[],
  chosen?: string,
  issues: Issue[] = [],
) {
  const t = TEXT(lang);
  const invalid = issues.some((i) => i.path === "duplicateChoice");
  return html`<fieldset class="card duplicates" aria-describedby="duplicates-lead${invalid ? " duplicateChoice-error" : ""}">
    <legend>${t.duplicatesTitle}</legend>
    <p id="duplicates-lead">${t.duplicatesLead}</p>
    ${errorFor(issues, "duplicateChoice", t.choiceError, "duplicateChoice-error")}
    ${found.map(
      (p, i) => html`<div class="duplicate">
        <label class="check"><input type="radio" name="duplicateChoice" value="${p.personId}" id="duplicate-${i}"${chosen === p.personId ? " checked" : ""} /> ${t.sameAs} <strong>${p.pseudonym}</strong>: ${p.name ?? t.nameUnknown}, ${label("gender", p.gender, lang)}${p.birthYear ? `, ${t.born} ${p.birthYear}` : ""}${p.citizenship ? `, ${p.citizenship}` : ""}</label>
        <p class="meta">${t.cases}:</p><ul>${p.cases.map((k) => caseLine(lang, k, false))}</ul>
      </div>`,
    )}
    <label class="check"><input type="radio" name="duplicateChoice" value="new"${chosen === "new" ? " checked" : ""} /> ${t.newPerson}</label>
  </fieldset>`;
}

/** The person's other cases, in the person card of the case page. */
export function otherCasesList(lang: Lang, others: CaseSummary[]) {
  const t = TEXT(lang);
  return html`<h3 id="person-cases">${t.otherCases}</h3>${
    others.length
      ? html`<ul>${others.map((k) => caseLine(lang, k, true))}</ul>`
      : html`<p class="meta">${t.noOtherCases}</p>`
  }`;
}

export interface GroupFormState {
  name?: string;
  groupId?: string;
  issues?: Issue[];
}

/** The forms that put a case in a group: an existing one of the region's, or a new one. */
export function groupForms(
  lang: Lang,
  caseId: string,
  csrf: unknown,
  joinable: { id: string; name: string }[],
  state: GroupFormState = {},
) {
  const t = TEXT(lang);
  const issues = state.issues ?? [];
  const nameInvalid = issues.some((i) => i.path === "name");
  const groupInvalid = issues.some((i) => i.path === "groupId");
  return html`${
    joinable.length
      ? html`<form method="post" action="/staff/cases/${caseId}/groups">${csrf}
        <label for="groupId">${t.addToGroup}</label>${errorFor(issues, "groupId", t.groupChoiceError, "groupId-error")}
        <select id="groupId" name="groupId"${groupInvalid ? html` aria-invalid="true" aria-describedby="groupId-error"` : ""}>${joinable.map(
          (g) => html`<option value="${g.id}"${g.id === state.groupId ? " selected" : ""}>${g.name}</option>`,
        )}</select> <button>${t.add}</button></form>`
      : ""
  }
    <form method="post" action="/staff/cases/${caseId}/groups">${csrf}
      <label for="group-name">${t.newGroup}</label>${errorFor(issues, "name", t.groupNameError, "name-error")}
      <input id="group-name" name="name" autocomplete="off" value="${state.name ?? ""}"${nameInvalid ? html` aria-invalid="true" aria-describedby="name-error"` : ""} />
      <button>${t.create}</button>
    </form>`;
}

/** The case page's section on the investigation groups the case belongs to. */
export function groupsSection(
  lang: Lang,
  caseId: string,
  csrf: unknown,
  groups: GroupView[],
  joinable: { id: string; name: string }[],
  mayWrite: boolean,
) {
  const t = TEXT(lang);
  return html`<section aria-labelledby="groups-h"><h2 id="groups-h">${t.groupsTitle}</h2>
    <p class="meta">${t.groupsLead}</p>
    ${groups.length ? "" : html`<p>${t.noGroups}</p>`}
    ${groups.map(
      (g, i) => html`<div class="card"><h3 id="group-${i}">${g.name}</h3>
        <p class="meta">${t.groupCases}:</p>
        <ul>${g.cases.map((k) => caseLine(lang, k, true, caseId))}</ul>
        ${
          !g.ours
            ? html`<p class="meta">${t.otherRegion}</p>`
            : mayWrite
              ? html`<form method="post" action="/staff/cases/${caseId}/groups/${g.id}/remove">${csrf}<button class="link" aria-describedby="group-${i}">${t.remove}</button></form>`
              : ""
        }
      </div>`,
    )}
    ${mayWrite ? groupForms(lang, caseId, csrf, joinable) : ""}
  </section>`;
}
