/**
 * Full-text search over the manual, shared by the build (which makes the index), the browser
 * (which queries it offline) and the benchmark. Index and query go through the same
 * normalisation, so a definite or genitive form finds its base form in both languages.
 */
import { stemmer as englishStem } from "@orama/stemmers/english";
import { stemmer as swedishStem } from "@orama/stemmers/swedish";
import MiniSearch, { type Options, type SearchResult } from "minisearch";

export type Lang = "sv" | "en";

/** What a hit is, so that a manual page and a glossary entry with the same title are told apart. */
export const SEARCH_KINDS = ["page", "glossary", "sign", "tool", "training", "exercise"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchDoc {
  id: string;
  lang: Lang;
  kind: SearchKind;
  url: string;
  title: string;
  summary: string;
  /** The page's section headings: a word in a heading says what the page is about. */
  headings: string;
  text: string;
}

/**
 * Snowball's Swedish stemmer leaves definite and genitive endings that are not in its suffix
 * list ("människohandeln", "barnets" → "barnet"). We strip those too and repeat until nothing
 * changes, so that every inflection of a word lands on one key. Stems shorter than three
 * letters are never cut further.
 */
const SWEDISH_DEFINITE = [
  /(?<=.{3})ets$/,
  /(?<=.{3})ens$/,
  /(?<=.{3})et$/,
  /(?<=.{3}l)n$/,
  /(?<=.{3}a)n$/,
  // -an nouns take -ningar in the plural: anmälan/anmälningar, ansökan/ansökningar.
  /(?<=.{4})ning$/,
];

export function stemSwedish(word: string): string {
  let current = word;
  for (let i = 0; i < 4; i++) {
    let next = swedishStem(current);
    for (const ending of SWEDISH_DEFINITE) next = next.replace(ending, "");
    if (next === current) break;
    current = next;
  }
  return current;
}

const STOPWORDS: Record<Lang, Set<string>> = {
  sv: new Set(
    "och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vad vara bara blir mycket än".split(
      " ",
    ),
  ),
  en: new Set(
    "the a an and or of to in on for with is are be was were it this that as at by from not can you your they their them if when who what".split(
      " ",
    ),
  ),
};

export function normaliseTerm(term: string, lang: Lang): string | null {
  const lower = term.toLowerCase();
  if (lower.length < 2 || STOPWORDS[lang].has(lower)) return null;
  return lang === "sv" ? stemSwedish(lower) : englishStem(lower);
}

const TOKEN = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const DOCUMENT_BOOST: Record<SearchKind, number> = {
  page: 1,
  tool: 1,
  glossary: 0.4,
  sign: 0.5,
  training: 0.5,
  exercise: 0.5,
};

function options(lang: Lang): Options<SearchDoc> {
  return {
    fields: ["title", "headings", "summary", "text"],
    storeFields: ["kind", "url", "title", "summary"],
    tokenize,
    processTerm: (term) => normaliseTerm(term, lang),
    searchOptions: {
      boost: { title: 4, headings: 3, summary: 2 },
      // Prefix matching lets the list update while the user types the last word.
      prefix: (_term, i, terms) => i === terms.length - 1,
      combineWith: "AND",
      // A glossary entry or a sign is short, so it would outrank the page that explains the topic.
      boostDocument: (_id, _term, stored) => DOCUMENT_BOOST[(stored?.kind as SearchKind) ?? "page"],
    },
  };
}

/** The language each index was built or loaded for, so a query is treated the same way. */
const languageOf = new WeakMap<MiniSearch<SearchDoc>, Lang>();

export function buildIndex(docs: SearchDoc[], lang: Lang): MiniSearch<SearchDoc> {
  const index = new MiniSearch<SearchDoc>(options(lang));
  index.addAll(docs.filter((d) => d.lang === lang));
  languageOf.set(index, lang);
  return index;
}

/** The index serialised for the static site; `loadIndex` restores it in the browser. */
export function serialiseIndex(index: MiniSearch<SearchDoc>): string {
  return JSON.stringify(index);
}

export function loadIndex(json: string, lang: Lang): MiniSearch<SearchDoc> {
  const index = MiniSearch.loadJSON<SearchDoc>(json, options(lang));
  languageOf.set(index, lang);
  return index;
}

export interface Hit {
  id: string;
  kind: SearchKind;
  url: string;
  title: string;
  summary: string;
  score: number;
}

/** Whether the index holds the word as a whole term (after stemming). */
function holds(index: MiniSearch<SearchDoc>, word: string): boolean {
  return index.search(word, { prefix: false, fuzzy: false }).length > 0;
}

/**
 * Swedish joins words into compounds ("barnäktenskap", "människohandelsbrottet") that the
 * manual may never use as one word. A query word the index does not hold is split where both
 * parts are words it does hold (dropping a joining -s), longest first part first.
 */
export function splitCompounds(index: MiniSearch<SearchDoc>, query: string, lang: Lang): string {
  if (lang !== "sv") return query;
  return tokenize(query)
    .map((word) => {
      if (word.length < 6 || holds(index, word)) return word;
      for (let i = word.length - 3; i >= 3; i--) {
        const tail = word.slice(i);
        if (!holds(index, tail)) continue;
        const head = word.slice(0, i);
        for (const h of head.endsWith("s") ? [head, head.slice(0, -1)] : [head]) {
          if (h.length >= 3 && holds(index, h)) return `${h} ${tail}`;
        }
      }
      return word;
    })
    .join(" ");
}

/**
 * For a query of several words, pages holding every word as a whole word come first; pages
 * where the last word only starts a longer word (while typing) follow. A single word is also
 * matched as the start of longer words ("lag" in "Lagstiftning"), weighted by MiniSearch.
 */
export function search(index: MiniSearch<SearchDoc>, query: string, limit = 20): Hit[] {
  const q = splitCompounds(index, query, languageOf.get(index) ?? "en");
  const whole = tokenize(q).length > 1 ? index.search(q, { prefix: false }) : [];
  const seen = new Set(whole.map((r) => r.id));
  const results: SearchResult[] = [...whole, ...index.search(q).filter((r) => !seen.has(r.id))];
  return results.slice(0, limit).map((r) => ({
    id: String(r.id),
    kind: r.kind as SearchKind,
    url: r.url as string,
    title: r.title as string,
    summary: r.summary as string,
    score: r.score,
  }));
}
