/**
 * The web training's rules, shared by the build and the browser: marking an answer, the order
 * an ordering question is shown in, and the learner's progress as kept in localStorage.
 * Progress never leaves the browser; it is parsed defensively because anything may be stored there.
 */

export const PROGRESS_KEY = "stodkedjan-training-v1";

export interface MarkableQuestion {
  kind: "single" | "multiple" | "ordering" | "scenario";
  /** Ordering questions: the items in the right order. */
  options: { id: string; correct?: boolean }[];
}

/** Whether an answer is right: the chosen option ids, or for an ordering question the ids in the chosen order. */
export function isCorrect(q: MarkableQuestion, answer: string[]): boolean {
  if (q.kind === "ordering") {
    return answer.length === q.options.length && q.options.every((o, i) => answer[i] === o.id);
  }
  const right = q.options.filter((o) => o.correct).map((o) => o.id);
  return answer.length === right.length && right.every((id) => answer.includes(id));
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A fixed, seeded shuffle that never shows the items in the right order (the page is static). */
export function displayOrder<T>(items: T[], seed: string): T[] {
  const out = [...items];
  let h = hash(seed);
  for (let i = out.length - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const j = h % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  if (out.every((x, i) => x === items[i]) && out.length > 1) out.push(out.shift() as T);
  return out;
}

export interface ModuleProgress {
  /** Question id → whether the first answer was right. */
  answers: Record<string, boolean>;
  /** Swedish calendar date (YYYY-MM-DD) the last question was answered. */
  completed?: string;
}
export interface Progress {
  modules: Record<string, ModuleProgress>;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readProgress(raw: string | null): Progress {
  const progress: Progress = { modules: {} };
  let data: unknown;
  try {
    data = JSON.parse(raw ?? "");
  } catch {
    return progress;
  }
  const modules = (data as { modules?: unknown } | null)?.modules;
  if (!modules || typeof modules !== "object") return progress;
  for (const [id, m] of Object.entries(modules as Record<string, unknown>)) {
    if (!ID.test(id) || !m || typeof m !== "object") continue;
    const answers: Record<string, boolean> = {};
    const rawAnswers = (m as { answers?: unknown }).answers;
    if (rawAnswers && typeof rawAnswers === "object") {
      for (const [q, v] of Object.entries(rawAnswers as Record<string, unknown>)) {
        if (ID.test(q) && typeof v === "boolean") answers[q] = v;
      }
    }
    const completed = (m as { completed?: unknown }).completed;
    progress.modules[id] = {
      answers,
      ...(typeof completed === "string" && DATE.test(completed) ? { completed } : {}),
    };
  }
  return progress;
}

/** Records a first answer; a module is completed (dated) when every question of it has one. */
export function recordAnswer(
  p: Progress,
  moduleId: string,
  questionIds: string[],
  questionId: string,
  correct: boolean,
  today: string,
): Progress {
  const before = p.modules[moduleId] ?? { answers: {} };
  if (questionId in before.answers) return p;
  const answers = { ...before.answers, [questionId]: correct };
  const done = questionIds.every((id) => id in answers);
  return {
    modules: { ...p.modules, [moduleId]: { answers, ...(done ? { completed: today } : {}) } },
  };
}

export function resetModule(p: Progress, moduleId: string): Progress {
  const modules = { ...p.modules };
  delete modules[moduleId];
  return { modules };
}

export function moduleStatus(
  p: Progress,
  moduleId: string,
  questionIds: string[],
): "none" | "started" | "done" {
  const m = p.modules[moduleId];
  if (!m || Object.keys(m.answers).length === 0) return "none";
  return m.completed && questionIds.every((id) => id in m.answers) ? "done" : "started";
}

export function moduleScore(p: Progress, moduleId: string, questionIds: string[]): number {
  const answers = p.modules[moduleId]?.answers ?? {};
  return questionIds.filter((id) => answers[id] === true).length;
}

/** Today's date in Sweden, whatever the device's time zone. */
export function swedishDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(now);
}
