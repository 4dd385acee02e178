/**
 * Anonymous knowledge-needs signals (ADR 0014, ADR 0019), on every public page: the page's view;
 * the "did this page help?" answer; quiz answers and exercise decisions that the training pages
 * announce; and a search that found nothing, only when every word of it is on the site's word
 * list (no names, no numbers). They are kept in the page and go together in one beacon
 * (navigator.sendBeacon, to this origin only) as the page is left or hidden, or sooner when the
 * beacon would outgrow its bounds: nothing is sent while the page is being read. Do Not Track or
 * Global Privacy Control: nothing at all. No cookies, no storage; if the beacons are blocked,
 * nothing else changes.
 */
import {
  FEEDBACK_REASONS,
  MAX_BEACON_BYTES,
  MAX_BEACON_EVENTS,
  queryWords,
  safeQuery,
  WORD_LIST_URL,
} from "@stodkedjan/domain/signals";

type Event = Record<string, string | boolean>;

const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const allowed = nav.doNotTrack !== "1" && nav.globalPrivacyControl !== true && "sendBeacon" in nav;

/** The page's events not yet sent, as JSON, and their size in bytes with the `{"events":[…]}` around them. */
const queue: string[] = [];
const ENVELOPE = '{"events":[]}'.length;
let bytes = ENVELOPE;
const utf8 = new TextEncoder();

function flush(): void {
  if (queue.length === 0) return;
  const body = `{"events":[${queue.join(",")}]}`;
  queue.length = 0;
  bytes = ENVELOPE;
  try {
    nav.sendBeacon("/api/v1/signals", new Blob([body], { type: "application/json" }));
  } catch {
    // Blocked or refused: the page goes on as before.
  }
}

/** Keeps the event for the page's beacon; false when nothing may be sent at all. */
function send(event: Event): boolean {
  if (!allowed) return false;
  const json = JSON.stringify(event);
  const size = utf8.encode(json).length + 1;
  if (queue.length >= MAX_BEACON_EVENTS || bytes + size > MAX_BEACON_BYTES) flush();
  queue.push(json);
  bytes += size;
  return true;
}

// Leaving the page, or hiding it (another tab, the phone locked: it may never be shown again).
addEventListener("pagehide", flush);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flush();
});

const page = document.documentElement.dataset.page;
if (page) send({ type: "view", page });

// "Did this page help?": the form posts without JavaScript too; here it goes with the page's beacon.
const form = document.querySelector<HTMLFormElement>("form[data-feedback]");
form?.addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const helped = data.get("helped");
  if (helped !== "yes" && helped !== "no") return;
  const reason = String(data.get("reason") ?? "");
  const kept = send({
    type: "feedback",
    page: String(data.get("page")),
    helped: helped === "yes",
    ...(helped === "no" && (FEEDBACK_REASONS as readonly string[]).includes(reason) ? { reason } : {}),
  });
  const thanks = document.getElementById("feedback-thanks");
  if (thanks) {
    if (!kept) thanks.textContent = thanks.dataset.notSent ?? "";
    thanks.classList.add("shown");
    form.hidden = true;
    thanks.focus();
  }
});

const slug = (v: unknown) => typeof v === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length <= 80;

// A search that found nothing: kept once the query has settled for a moment, if still shown.
let pendingMiss: ReturnType<typeof setTimeout> | undefined;
const sentMisses = new Set<string>();
let words: Promise<Set<string>> | undefined;
/** The whole list, fetched once, on the first miss: the same request whatever was typed. */
const wordList = () => {
  words ??= fetch(WORD_LIST_URL)
    .then((r) => (r.ok ? r.text() : ""))
    .then((text) => new Set(text.split("\n")))
    .catch(() => {
      words = undefined;
      return new Set<string>();
    });
  return words;
};

async function searchMiss(query: string, lang: "sv" | "en") {
  const input = document.getElementById("search-input") as HTMLInputElement | null;
  if (input && input.value.trim() !== query.trim()) return; // the reader typed on
  const parts = queryWords(query);
  if (parts.length === 0 || parts.length > 5) return;
  const known = await wordList();
  const safe = safeQuery(query, (w) => known.has(w));
  if (!safe || sentMisses.has(safe)) return;
  sentMisses.add(safe);
  send({ type: "search-miss", query: safe, lang });
}

// What the search and the training pages announce; only these fields, checked, are sent.
document.addEventListener("stodkedjan:signal", (e) => {
  const d = (e as CustomEvent<Record<string, unknown>>).detail ?? {};
  if (!allowed) return;
  if (d.type === "quiz-answer" && slug(d.module) && slug(d.question) && typeof d.correct === "boolean")
    send({ type: d.type, module: d.module as string, question: d.question as string, correct: d.correct });
  else if (d.type === "exercise-decision" && slug(d.exercise) && slug(d.node) && slug(d.choice))
    send({
      type: d.type,
      exercise: d.exercise as string,
      node: d.node as string,
      choice: d.choice as string,
    });
  else if (d.type === "search-miss" && typeof d.query === "string" && (d.lang === "sv" || d.lang === "en")) {
    clearTimeout(pendingMiss);
    const { query, lang } = d as { query: string; lang: "sv" | "en" };
    pendingMiss = setTimeout(() => void searchMiss(query, lang), 1500);
  }
});
