/**
 * Manual search in the browser: the index for this language is fetched on the first search
 * (and cached by the service worker), so it works offline and costs nothing until used. The
 * query is kept in the URL's fragment, never in a request.
 */
import { loadIndex, search } from "@stodkedjan/domain/search";
import { strings } from "../lib/i18n.ts";
import { el } from "./dom.ts";
import { queryFromHash, searchHash } from "./search-url.ts";

const lang = document.documentElement.lang === "en" ? "en" : "sv";
const t = strings[lang].search;
const input = document.getElementById("search-input") as HTMLInputElement;
const status = document.getElementById("search-status") as HTMLElement;
const results = document.getElementById("search-results") as HTMLOListElement;

let index: Promise<ReturnType<typeof loadIndex>> | undefined;
function getIndex() {
  index ??= fetch(`/search-index/${lang}.json`)
    .then((r) => r.text())
    .then((json) => loadIndex(json, lang));
  return index;
}

async function run(query: string) {
  const q = query.trim();
  if (!q) {
    results.replaceChildren();
    status.textContent = "";
    return;
  }
  if (!index) status.textContent = t.loading;
  const hits = search(await getIndex(), q);
  if (input.value.trim() !== q) return; // a newer query is on its way
  status.textContent = hits.length ? t.results(hits.length) : t.none;
  // The signals script decides whether a miss may be counted (only ordinary words, ADR 0014).
  if (!hits.length)
    document.dispatchEvent(
      new CustomEvent("stodkedjan:signal", { detail: { type: "search-miss", query: q, lang } }),
    );
  results.replaceChildren(
    ...hits.map((h) =>
      el(
        "li",
        {},
        el("a", { href: h.url }, h.title),
        el("br"),
        el("span", { class: "kind" }, t.kinds[h.kind]),
        " ",
        el("span", { class: "hint" }, h.summary),
      ),
    ),
  );
}

/** Keeps the query in the fragment only: one that arrived as ?q= (without JavaScript) moves there. */
function remember(query: string) {
  history.replaceState(null, "", `${location.pathname}${searchHash(query)}`);
}

// What was typed before this script ran is kept, not replaced.
const initial = queryFromHash(location.hash) || new URLSearchParams(location.search).get("q") || input.value;
input.value = initial;
if (location.search) remember(initial);
if (initial) void run(initial);

input.addEventListener("input", () => {
  remember(input.value);
  void run(input.value);
});
input.form?.addEventListener("submit", (event) => {
  event.preventDefault();
  void run(input.value);
});
window.addEventListener("hashchange", () => {
  input.value = queryFromHash(location.hash);
  void run(input.value);
});
