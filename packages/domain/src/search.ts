/**
 * Full-text search over the manual, shared by the build (which makes the index), the browser
 * (which queries it offline) and the benchmark. Index and query go through the same
 * normalisation, so a definite or genitive form finds its base form in both languages.
 */
import { stemmer as englishStem } from "@orama/stemmers/english";
import { stemmer as swedishStem } from "@orama/stemmers/swedish";
import MiniSearch, { type Options, type SearchResult } from "minisearch";

export type Lang = "sv" | "en";

export interface SearchDoc {
  id: string;
  lang: Lang;
  url: string;
  title: string;
  summary: string;
  text: string;
}

/**
 * Snowball's Swedish stemmer leaves definite and genitive endings that are not in its suffix
 * list ("människohandeln", "barnets" → "barnet"). We strip those too and repeat until nothing
 * changes, so that every inflection of a word lands on one key. Stems shorter than three
 * letters are never cut further.
 */
const SWEDISH_DEFINITE = [/(?<=.{3})ets$/, /(?<=.{3})ens$/, /(?<=.{3})et$/, /(?<=.{3}l)n$/, /(?<=.{3}a)n$/];

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

function options(lang: Lang): Options<SearchDoc> {
  return {
    fields: ["title", "summary", "text"],
    storeFields: ["url", "title", "summary"],
    tokenize,
    processTerm: (term) => normaliseTerm(term, lang),
    searchOptions: {
      boost: { title: 4, summary: 2 },
      // Prefix matching lets the list update while the user types the last word.
      prefix: (_term, i, terms) => i === terms.length - 1,
      combineWith: "AND",
      // A glossary entry is short, so it would outrank the page that explains the topic.
      boostDocument: (id) => (String(id).includes("/glossary/") ? 0.4 : 1),
    },
  };
}

export function buildIndex(docs: SearchDoc[], lang: Lang): MiniSearch<SearchDoc> {
  const index = new MiniSearch<SearchDoc>(options(lang));
  index.addAll(docs.filter((d) => d.lang === lang));
  return index;
}

/** The index serialised for the static site; `loadIndex` restores it in the browser. */
export function serialiseIndex(index: MiniSearch<SearchDoc>): string {
  return JSON.stringify(index);
}

export function loadIndex(json: string, lang: Lang): MiniSearch<SearchDoc> {
  return MiniSearch.loadJSON<SearchDoc>(json, options(lang));
}

export interface Hit {
  id: string;
  url: string;
  title: string;
  summary: string;
  score: number;
}

export function search(index: MiniSearch<SearchDoc>, query: string, limit = 20): Hit[] {
  const results: SearchResult[] = index.search(query);
  return results.slice(0, limit).map((r) => ({
    id: String(r.id),
    url: r.url as string,
    title: r.title as string,
    summary: r.summary as string,
    score: r.score,
  }));
}
