/**
 * The guide in the browser: one question at a time, then the action list. Nothing is sent
 * or stored: the answers live in this page's form and vanish with the tab.
 */

import type { Coordinator } from "@stodkedjan/content";
import {
  type ActionId,
  findMunicipalities,
  type GuideAnswers,
  isOfficeHours,
  planActions,
} from "@stodkedjan/domain";
import { strings } from "../lib/i18n.ts";
import { coordinatorCard, el } from "./dom.ts";

interface GuideData {
  lang: "sv" | "en";
  contacts: { supportLine: { weekdays: number[]; open: string; close: string } };
  forms: { id: string; name: string; next: string[] }[];
  regions: {
    id: string;
    name: string;
    coordinators: Coordinator[];
    municipalities: { code: string; name: string; county: string }[];
  }[];
  links: { directory: string; step1: string; rights: string; aid: string };
}

const data = JSON.parse(document.getElementById("guide-data")?.textContent ?? "{}") as GuideData;
const t = strings[data.lang].guide;
const form = document.getElementById("guide") as HTMLFormElement;
const result = document.getElementById("guide-result") as HTMLElement;
const list = document.getElementById("action-list") as HTMLOListElement;
const fieldsets = [...form.querySelectorAll<HTMLFieldSetElement>("fieldset[data-q]")];
const municipalities = data.regions.flatMap((r) => r.municipalities.map((m) => ({ ...m, region: r.id })));
let chosenMunicipality: string | undefined;

const officeNow = isOfficeHours(new Date(), data.contacts.supportLine);
(document.getElementById("office-now") as HTMLElement).textContent = t.office.now(officeNow);
(form.querySelector(`#office-${officeNow ? "yes" : "no"}`) as HTMLInputElement).checked = true;

document.getElementById("guide-static")?.setAttribute("hidden", "");
form.hidden = false;

const value = (name: string) => (form.elements.namedItem(name) as RadioNodeList | null)?.value ?? "";

/** Questions that apply given the answers so far: urgency is implied by acute danger. */
function applies(q: string): boolean {
  return !(q === "urgent" && value("danger") === "yes");
}

function show(index: number) {
  fieldsets.forEach((f, i) => {
    f.hidden = i !== index;
  });
  (fieldsets[index]?.querySelector("legend") as HTMLElement | null)?.focus();
}

function current(): number {
  return fieldsets.findIndex((f) => !f.hidden);
}

function step(direction: 1 | -1) {
  let i = current() + direction;
  while (fieldsets[i] && !applies(fieldsets[i]?.dataset.q ?? "")) i += direction;
  if (i >= fieldsets.length) finish();
  else if (i >= 0) show(i);
}

form.addEventListener("click", (event) => {
  const button = (event.target as HTMLElement).closest("button");
  if (!button) return;
  const fieldset = button.closest("fieldset") as HTMLFieldSetElement;
  const q = fieldset.dataset.q ?? "";
  const error = document.getElementById(`error-${q}`) as HTMLElement;
  if (button.hasAttribute("data-back")) return step(-1);
  if (button.hasAttribute("data-skip")) {
    chosenMunicipality = undefined;
    return step(1);
  }
  if (button.hasAttribute("data-next")) {
    const answered = q === "where" ? true : value(q) !== "";
    error.textContent = answered ? "" : t.required;
    if (answered) step(1);
  }
});

// Municipality lookup: matches as buttons under the field, chosen with Enter or a click.
const whereInput = document.getElementById("where-input") as HTMLInputElement;
const matches = document.getElementById("where-matches") as HTMLUListElement;
const whereStatus = document.getElementById("where-status") as HTMLElement;

function regionOf(code: string) {
  return data.regions.find((r) => r.municipalities.some((m) => m.code === code));
}

whereInput.addEventListener("input", () => {
  chosenMunicipality = undefined;
  const found = findMunicipalities(municipalities, whereInput.value, 6);
  matches.replaceChildren(
    ...found.map(({ municipality }) => {
      const button = el(
        "button",
        { type: "button", class: "secondary" },
        `${municipality.name} (${municipality.county})`,
      );
      button.addEventListener("click", () => choose(municipality.code));
      return el("li", {}, button);
    }),
  );
  whereStatus.textContent = whereInput.value.trim() && found.length === 0 ? t.where.none : "";
});

whereInput.addEventListener("keydown", (event) => {
  if (event.key !== "Enter") return;
  event.preventDefault();
  const first = findMunicipalities(municipalities, whereInput.value, 1)[0];
  if (first) choose(first.municipality.code);
});

function choose(code: string) {
  const m = municipalities.find((x) => x.code === code);
  const region = regionOf(code);
  if (!m || !region) return;
  chosenMunicipality = code;
  whereInput.value = m.name;
  matches.replaceChildren();
  whereStatus.textContent = t.where.chosen(m.name, region.name);
}

function answers(): GuideAnswers {
  const danger = value("danger") === "yes";
  return {
    danger,
    urgent: danger || value("urgent") === "yes",
    child: (value("child") || "unsure") as GuideAnswers["child"],
    form: (value("form") || "unknown") as GuideAnswers["form"],
    municipality: chosenMunicipality,
    officeHours: value("office") === "yes",
  };
}

const TEL: Partial<Record<ActionId, string>> = {
  "call-112": "112",
  "call-police": "114 14",
  "support-line": "020-390 000",
  "support-line-closed": "020-390 000",
};

function link(href: string, text: string) {
  return el("a", { href }, text);
}

function render(a: GuideAnswers) {
  const region = a.municipality ? regionOf(a.municipality) : undefined;
  const form = data.forms.find((f) => f.id === a.form);
  const child = a.child !== "no";
  const items = planActions(a).map(({ id, urgency }) => {
    const text = t.actions[id]
      .replace("{region}", region?.name ?? "")
      .replace("{form}", form?.name.toLowerCase() ?? "");
    const li = el(
      "li",
      { "data-action": id },
      el("span", { class: `when when-${urgency}` }, t.when[urgency]),
      el("br"),
      text,
    );
    const tel = TEL[id];
    if (tel) li.append(" ", el("a", { class: "tel", href: `tel:${tel.replace(/\D/g, "")}` }, tel));
    if (id === "coordinator" && region) {
      const sorted = [...region.coordinators].sort(
        (x, y) =>
          Number(y.focus === (child ? "children" : "adults")) -
          Number(x.focus === (child ? "children" : "adults")),
      );
      li.append(...sorted.map((k) => coordinatorCard(k, data.lang)));
    }
    if (id === "find-coordinator") li.append(" ", link(data.links.directory, t.links.directory));
    if (id === "form-next" && form) li.append(el("ul", {}, ...form.next.map((n) => el("li", {}, n))));
    if (id === "inform-rights") li.append(" ", link(data.links.rights, t.links.rights));
    if (id === "read-more")
      li.append(" ", link(data.links.step1, t.links.step1), ", ", link(data.links.aid, t.links.aid));
    return li;
  });
  list.replaceChildren(...items);
}

function finish() {
  render(answers());
  form.hidden = true;
  result.hidden = false;
  (document.getElementById("result-title") as HTMLElement).focus();
}

document.getElementById("guide-print")?.addEventListener("click", () => window.print());
document.getElementById("guide-restart")?.addEventListener("click", () => {
  form.reset();
  chosenMunicipality = undefined;
  whereStatus.textContent = "";
  matches.replaceChildren();
  (form.querySelector(`#office-${officeNow ? "yes" : "no"}`) as HTMLInputElement).checked = true;
  result.hidden = true;
  form.hidden = false;
  show(0);
});
