/**
 * The guide in the browser: one question at a time, then the action list. Nothing is sent
 * or stored: the answers live in this page's form and vanish with the tab. Every text comes
 * from content/guide.yaml through the page's embedded data.
 */

import type { Coordinator, GuideText } from "@stodkedjan/content";
import {
  type ActionId,
  fill,
  findMunicipalities,
  type GuideAnswers,
  isOfficeHours,
  planActions,
  planCalls,
  resolveMunicipality,
} from "@stodkedjan/domain";
import { coordinatorCard, el, readData } from "./dom.ts";

interface GuideData {
  lang: "sv" | "en";
  text: GuideText;
  supportLine: {
    number: string;
    hours: { weekdays: number[]; open: string; close: string };
    preliminary: boolean;
  };
  numbers: { emergency: string; police: string };
  forms: { id: string; name: string; next: string[]; signs: string[] }[];
  regions: {
    id: string;
    name: string;
    coordinators: Coordinator[];
    municipalities: { code: string; name: string; county: string }[];
  }[];
  links: { directory: string; step1: string; rights: string; aid: string };
}

const data = readData<GuideData>("guide-data");
const t = data.text;
const form = document.getElementById("guide") as HTMLFormElement;
const result = document.getElementById("guide-result") as HTMLElement;
const list = document.getElementById("action-list") as HTMLOListElement;
const fieldsets = [...form.querySelectorAll<HTMLFieldSetElement>("fieldset[data-q]")];
const municipalities = data.regions.flatMap((r) => r.municipalities.map((m) => ({ ...m, region: r.id })));
type Municipality = (typeof municipalities)[number];
let chosenMunicipality: Municipality | undefined;

const officeNow = isOfficeHours(new Date(), data.supportLine.hours);
(document.getElementById("office-now") as HTMLElement).textContent = officeNow
  ? t.questions.office.nowYes
  : t.questions.office.nowNo;
const presetOffice = () => {
  (form.querySelector(`#office-${officeNow ? "yes" : "no"}`) as HTMLInputElement).checked = true;
};
presetOffice();

const value = (name: string) => (form.elements.namedItem(name) as RadioNodeList | null)?.value ?? "";

/** Questions that apply given the answers so far: urgency is implied by acute danger. */
function applies(fieldset: HTMLFieldSetElement): boolean {
  return !(fieldset.dataset.q === "urgent" && value("danger") === "yes");
}

/** Shows a question; its number counts only the questions that apply, so nothing jumps. */
function show(index: number) {
  const applying = fieldsets.filter(applies);
  fieldsets.forEach((f, i) => {
    f.hidden = i !== index;
  });
  const shown = fieldsets[index];
  if (!shown) return;
  const progress = shown.querySelector<HTMLElement>("[data-progress]");
  if (progress)
    progress.textContent = fill(t.nav.progress, { n: applying.indexOf(shown) + 1, of: applying.length });
  (shown.querySelector("legend") as HTMLElement | null)?.focus();
}

function current(): number {
  return fieldsets.findIndex((f) => !f.hidden);
}

function step(direction: 1 | -1) {
  let i = current() + direction;
  while (fieldsets[i] && !applies(fieldsets[i] as HTMLFieldSetElement)) i += direction;
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
    whereInput.value = "";
    matches.replaceChildren();
    whereStatus.textContent = "";
    return step(1);
  }
  if (button.hasAttribute("data-next")) {
    if (q === "where") return resolveTyped() && step(1);
    const answered = value(q) !== "";
    error.textContent = answered ? "" : t.nav.required;
    if (answered) step(1);
  }
});

// Municipality lookup: suggestions as buttons under the field; a name typed in full and not
// picked is resolved on Next or Enter, or the person is asked to choose (Habo or Håbo?).
const whereInput = document.getElementById("where-input") as HTMLInputElement;
const matches = document.getElementById("where-matches") as HTMLUListElement;
const whereStatus = document.getElementById("where-status") as HTMLElement;

function offer(options: Municipality[]) {
  matches.replaceChildren(
    ...options.map((m) => {
      const button = el("button", { type: "button", class: "secondary" }, `${m.name} (${m.county})`);
      button.addEventListener("click", () => choose(m));
      return el("li", {}, button);
    }),
  );
}

whereInput.addEventListener("input", () => {
  chosenMunicipality = undefined;
  const found = findMunicipalities(municipalities, whereInput.value, 6);
  offer(found.map((f) => f.municipality));
  whereStatus.textContent = whereInput.value.trim() && found.length === 0 ? t.questions.where.none : "";
});

whereInput.addEventListener("keydown", (event) => {
  if (event.key !== "Enter") return;
  event.preventDefault();
  resolveTyped();
});

/** True when the question can be left: a municipality is known, or nothing was typed. */
function resolveTyped(): boolean {
  if (chosenMunicipality || !whereInput.value.trim()) return true;
  const resolved = resolveMunicipality(municipalities, whereInput.value, 6);
  if (resolved.kind === "one") {
    choose(resolved.municipality);
    return true;
  }
  if (resolved.kind === "choose") {
    offer(resolved.options);
    whereStatus.textContent = t.questions.where.choose;
    (matches.querySelector("button") as HTMLButtonElement | null)?.focus();
  } else {
    whereStatus.textContent = t.questions.where.none;
  }
  return false;
}

function regionOf(code: string) {
  return data.regions.find((r) => r.municipalities.some((m) => m.code === code));
}

function choose(m: Municipality) {
  const region = regionOf(m.code);
  if (!region) return;
  chosenMunicipality = m;
  whereInput.value = m.name;
  matches.replaceChildren();
  whereStatus.textContent = fill(t.questions.where.chosen, { municipality: m.name, region: region.name });
}

function answers(): GuideAnswers {
  const danger = value("danger") === "yes";
  return {
    danger,
    urgent: danger || value("urgent") === "yes",
    child: (value("child") || "unsure") as GuideAnswers["child"],
    form: (value("form") || "unknown") as GuideAnswers["form"],
    municipality: chosenMunicipality?.code,
    officeHours: value("office") === "yes",
  };
}

const TEL: Partial<Record<ActionId, string>> = {
  "call-112": data.numbers.emergency,
  "call-police": data.numbers.police,
  "support-line": data.supportLine.number,
};

function link(href: string, text: string) {
  return el("a", { href }, text);
}

function render(a: GuideAnswers) {
  const region = a.municipality ? regionOf(a.municipality) : undefined;
  const chosenForm = data.forms.find((f) => f.id === a.form);
  const child = a.child !== "no";

  const calls = planCalls(a);
  for (const li of document.querySelectorAll<HTMLElement>("#guide-calls [data-call]"))
    li.hidden = !calls.includes(li.dataset.call as never);
  (document.getElementById("guide-calls") as HTMLElement).hidden = calls.length === 0;

  const items = planActions(a).map(({ id, urgency }) => {
    const text = fill(t.actions[id], {
      region: region?.name ?? "",
      form: chosenForm?.name.toLowerCase() ?? "",
    });
    const li = el(
      "li",
      { "data-action": id },
      el("span", { class: `when when-${urgency}` }, t.when[urgency]),
      el("br"),
      text,
    );
    const tel = TEL[id];
    if (tel) li.append(" ", el("a", { class: "tel", href: `tel:${tel.replace(/\D/g, "")}` }, tel));
    if (id === "support-line" && data.supportLine.preliminary)
      li.append(
        " ",
        el(
          "span",
          { class: "meta" },
          fill(t.result.hoursPreliminary, {
            open: data.supportLine.hours.open,
            close: data.supportLine.hours.close,
          }),
        ),
      );
    if (id === "coordinator" && region) {
      const focus = child ? "children" : "adults";
      const sorted = [...region.coordinators].sort(
        (x, y) => Number(y.focus === focus) - Number(x.focus === focus),
      );
      li.append(...sorted.map((k) => coordinatorCard(k, data.lang)));
    }
    if (id === "find-coordinator") li.append(" ", link(data.links.directory, t.links.directory));
    if (id === "form-next" && chosenForm) {
      li.append(el("ul", {}, ...chosenForm.next.map((n) => el("li", {}, n))));
      if (chosenForm.signs.length)
        li.append(
          el("p", {}, t.result.signsTitle),
          el("ul", { class: "signs" }, ...chosenForm.signs.map((s) => el("li", {}, s))),
        );
    }
    if (id === "inform-rights") li.append(" ", link(data.links.rights, t.links.rights));
    if (id === "read-more")
      li.append(" ", link(data.links.step1, t.links.step1), ", ", link(data.links.aid, t.links.aid));
    return li;
  });
  list.replaceChildren(...items);
  renderAnswers();
}

/** The answers as given, for the printout: each question that applied and its answer. */
function renderAnswers() {
  const rows = fieldsets.filter(applies).flatMap((f) => {
    const q = f.dataset.q ?? "";
    const legend = f.querySelector("legend")?.textContent ?? "";
    const answer =
      q === "where"
        ? (chosenMunicipality?.name ?? "–")
        : (form.querySelector(`label[for="${q}-${value(q)}"]`)?.textContent ?? "–");
    return [el("dt", {}, legend), el("dd", {}, answer)];
  });
  (document.getElementById("answers-list") as HTMLElement).replaceChildren(...rows);
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
  presetOffice();
  result.hidden = true;
  form.hidden = false;
  show(0);
});
