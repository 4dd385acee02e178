/**
 * The course page's progress and the certificate, both read from this browser's localStorage.
 * The name typed for the certificate is copied into the page for printing and nothing else.
 */
import { moduleScore, moduleStatus, PROGRESS_KEY, readProgress } from "../lib/learning.ts";

interface TrainingData {
  modules: { id: string; questions: string[] }[];
  status?: { none: string; started: string; done: string };
  missing?: string;
  score?: string;
  locale?: string;
}
const data = JSON.parse(document.getElementById("training-data")?.textContent ?? "{}") as TrainingData;
let progress = readProgress(null);
try {
  progress = readProgress(localStorage.getItem(PROGRESS_KEY));
} catch {
  // Storage may be off; everything shows as not started.
}
const fill = (template: string, a: number, b: number) =>
  template.replace("1111", String(a)).replace("2222", String(b));

const statusText = data.status;
if (statusText) {
  for (const m of data.modules) {
    const el = document.querySelector<HTMLElement>(`[data-status="${m.id}"]`);
    if (el) {
      const status = moduleStatus(progress, m.id, m.questions);
      el.textContent = `· ${statusText[status]}`;
      el.className = `status status-${status}`;
    }
  }
}

const certificate = document.getElementById("certificate");
if (certificate && data.missing && data.score) {
  const done = data.modules.filter((m) => moduleStatus(progress, m.id, m.questions) === "done");
  const missing = document.getElementById("certificate-missing") as HTMLElement;
  if (done.length < data.modules.length) {
    missing.textContent = fill(data.missing, done.length, data.modules.length);
  } else {
    // Only a learner who has done every module sees the page change here.
    missing.hidden = true;
    const format = (iso: string) =>
      new Date(`${iso}T12:00:00Z`).toLocaleDateString(data.locale, {
        year: "numeric",
        month: "long",
        day: "numeric",
      });
    let last = "";
    for (const m of data.modules) {
      const row = certificate.querySelector(`tr[data-module="${m.id}"]`) as HTMLElement;
      const completed = progress.modules[m.id]?.completed ?? "";
      if (completed > last) last = completed;
      (row.querySelector("[data-score]") as HTMLElement).textContent = fill(
        data.score,
        moduleScore(progress, m.id, m.questions),
        m.questions.length,
      );
      (row.querySelector("[data-date]") as HTMLElement).textContent = format(completed);
    }
    const date = document.getElementById("certificate-date") as HTMLTimeElement;
    date.dateTime = last;
    date.textContent = format(last);
    const input = document.getElementById("certificate-name") as HTMLInputElement;
    const out = document.getElementById("certificate-name-out") as HTMLElement;
    input.addEventListener("input", () => {
      out.textContent = input.value.trim();
    });
    document.getElementById("certificate-print")?.addEventListener("click", () => window.print());
    (document.getElementById("certificate-form") as HTMLElement).hidden = false;
    certificate.hidden = false;
  }
}
