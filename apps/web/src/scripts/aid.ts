/** The identification aid in the browser: filter by form, count ticks, show guidance. Nothing leaves the page. */
import { strings } from "../lib/i18n.ts";
import { el } from "./dom.ts";

const lang = document.documentElement.lang === "en" ? "en" : "sv";
const t = strings[lang].aid;
const form = document.getElementById("aid") as HTMLFormElement;
const count = document.getElementById("aid-count") as HTMLElement;
const levels = [...document.querySelectorAll<HTMLElement>("#aid-level [data-min]")];
const next = document.getElementById("aid-next") as HTMLElement;
const selected = document.getElementById("aid-selected") as HTMLElement;
const selectedList = document.getElementById("aid-selected-list") as HTMLUListElement;

function chosenForm(): string {
  return (form.elements.namedItem("form") as RadioNodeList).value || "all";
}

function update() {
  const formId = chosenForm();
  for (const row of form.querySelectorAll<HTMLElement>(".choice[data-forms]")) {
    const forms = (row.dataset.forms ?? "").split(" ");
    row.hidden = !(formId === "all" || forms.includes("all") || forms.includes(formId));
  }
  const ticked = [...form.querySelectorAll<HTMLInputElement>("input[name=sign]:checked")].filter(
    (box) => !(box.closest(".choice") as HTMLElement).hidden,
  );
  count.textContent = t.count(ticked.length);

  // The guidance level: the highest threshold the number of ticks reaches.
  const reached = levels.filter((l) => ticked.length >= Number(l.dataset.min)).at(-1);
  for (const l of levels) l.classList.toggle("current", l === reached);

  const rows = ticked.map((box) => box.closest(".choice") as HTMLElement);
  (document.getElementById("aid-child") as HTMLElement).hidden = !rows.some((r) => r.dataset.child);
  const forms = new Set(rows.flatMap((r) => (r.dataset.forms ?? "").split(" ")).filter((f) => f !== "all"));
  if (formId !== "all" && ticked.length > 0) forms.add(formId);
  for (const block of next.querySelectorAll<HTMLElement>("[data-next-form]")) {
    block.hidden = !forms.has(block.dataset.nextForm ?? "");
  }
  next.hidden = forms.size === 0;
  selected.hidden = ticked.length === 0;
  selectedList.replaceChildren(
    ...ticked.map((box) =>
      el("li", {}, (form.querySelector(`label[for="${box.id}"]`)?.firstChild?.textContent ?? "").trim()),
    ),
  );
}

form.addEventListener("change", update);
document.getElementById("aid-print")?.addEventListener("click", () => window.print());
document.getElementById("aid-clear")?.addEventListener("click", () => {
  form.reset();
  update();
});
update();
