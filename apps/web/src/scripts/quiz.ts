/**
 * The quiz in the browser: marks each answer once, reveals the explanations, keeps the result in
 * localStorage (nothing else leaves the page) and emits a quiz-answer signal per first answer.
 */
import {
  isCorrect,
  type MarkableQuestion,
  PROGRESS_KEY,
  readProgress,
  recordAnswer,
  resetModule,
  swedishDate,
} from "../lib/learning.ts";
import { emitSignal } from "./signal.ts";

interface QuizData {
  module: string;
  questions: (MarkableQuestion & { id: string })[];
  text: {
    correct: string;
    wrong: string;
    answerFirst: string;
    orderFirst: string;
    yours: string;
    result: string;
  };
}
const data = JSON.parse(document.getElementById("quiz-data")?.textContent ?? "{}") as QuizData;
const form = document.getElementById("quiz-form") as HTMLFormElement;
const result = document.getElementById("quiz-result") as HTMLElement;
const retake = document.getElementById("quiz-retake") as HTMLButtonElement;
const ids = data.questions.map((q) => q.id);

function load() {
  try {
    return readProgress(localStorage.getItem(PROGRESS_KEY));
  } catch {
    return readProgress(null);
  }
}
function save(p: ReturnType<typeof readProgress>) {
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    // Storage may be off (private mode); the quiz still works for this visit.
  }
}

const fieldset = (id: string) =>
  form.querySelector<HTMLFieldSetElement>(`fieldset[data-question="${id}"]`) as HTMLFieldSetElement;

/** The learner's answer: chosen option ids, or for ordering the ids sorted by the chosen place (null if incomplete). */
function answerOf(q: QuizData["questions"][number]): string[] | null {
  const box = fieldset(q.id);
  if (q.kind === "ordering") {
    const selects = [...box.querySelectorAll<HTMLSelectElement>("select")];
    const places = selects.map((s) => Number(s.value));
    if (places.some((n) => !n) || new Set(places).size !== places.length) return null;
    return selects
      .map((s) => ({ id: s.dataset.option ?? "", place: Number(s.value) }))
      .sort((a, b) => a.place - b.place)
      .map((x) => x.id);
  }
  const chosen = [...box.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
  return chosen.length ? chosen : null;
}

function showMarked(q: QuizData["questions"][number], answer: string[], correct: boolean) {
  const box = fieldset(q.id);
  for (const input of box.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select"))
    input.disabled = true;
  (box.querySelector("[data-check-row]") as HTMLElement).hidden = true;
  (box.querySelector("[data-error]") as HTMLElement).textContent = "";
  const verdict = box.querySelector("[data-verdict]") as HTMLElement;
  verdict.textContent = correct ? data.text.correct : data.text.wrong;
  verdict.className = `verdict ${correct ? "is-right" : "is-wrong"}`;
  const details = box.querySelector("[data-answer]") as HTMLDetailsElement;
  if (q.kind !== "ordering") {
    for (const li of details.querySelectorAll<HTMLElement>("li[data-option]")) {
      if (answer.includes(li.dataset.option ?? "")) {
        const mark = document.createElement("span");
        mark.className = "badge";
        mark.textContent = data.text.yours;
        li.prepend(mark, " ");
      }
    }
  }
  details.hidden = false;
  details.open = true;
}

function showResult() {
  const p = load();
  const m = p.modules[data.module];
  const done = m?.completed !== undefined && ids.every((id) => m && id in m.answers);
  result.hidden = !done;
  retake.hidden = !m;
  if (m && done) {
    const right = ids.filter((id) => m.answers[id]).length;
    (document.getElementById("quiz-score") as HTMLElement).textContent = data.text.result
      .replace("{n}", String(right))
      .replace("{of}", String(ids.length));
  }
  return done;
}

function check(q: QuizData["questions"][number]) {
  const box = fieldset(q.id);
  const answer = answerOf(q);
  if (!answer) {
    (box.querySelector("[data-error]") as HTMLElement).textContent =
      q.kind === "ordering" ? data.text.orderFirst : data.text.answerFirst;
    (box.querySelector("input, select") as HTMLElement | null)?.focus();
    return;
  }
  const correct = isCorrect(q, answer);
  const before = load();
  save(recordAnswer(before, data.module, ids, q.id, correct, swedishDate()));
  if (!(q.id in (before.modules[data.module]?.answers ?? {}))) {
    emitSignal({ type: "quiz-answer", module: data.module, question: q.id, correct });
  }
  showMarked(q, answer, correct);
  if (showResult()) result.focus();
}

function reset() {
  form.reset();
  for (const q of data.questions) {
    const box = fieldset(q.id);
    for (const input of box.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select"))
      input.disabled = false;
    (box.querySelector("[data-check-row]") as HTMLElement).hidden = false;
    const verdict = box.querySelector("[data-verdict]") as HTMLElement;
    verdict.textContent = "";
    verdict.className = "verdict";
    const details = box.querySelector("[data-answer]") as HTMLDetailsElement;
    for (const mark of details.querySelectorAll(".badge")) mark.remove();
    details.open = false;
    details.hidden = true;
  }
}

(document.getElementById("quiz-noscript") as HTMLElement).hidden = true;
reset();
// A module already answered in this browser shows its answers as they were marked.
const saved = load().modules[data.module];
for (const q of data.questions) {
  fieldset(q.id)
    .querySelector("[data-check]")
    ?.addEventListener("click", () => check(q));
  if (saved && q.id in saved.answers) {
    fieldset(q.id).querySelector("[data-answer]")?.removeAttribute("hidden");
    showMarked(q, [], saved.answers[q.id] === true);
  }
}
showResult();
retake.addEventListener("click", () => {
  save(resetModule(load(), data.module));
  reset();
  showResult();
  fieldset(ids[0] as string)
    .querySelector<HTMLElement>("input, select")
    ?.focus();
});
