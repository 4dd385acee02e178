/** What the ingest checks events against: the pages the site has, and the shipped word list. */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  certificateUrl,
  EXERCISE_MODES,
  exerciseUrl,
  LANGS,
  loadContent,
  SPECIAL_PAGES,
  safeWordList,
  specialUrl,
  trainingUrl,
} from "@stodkedjan/content";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Every page path of the built site (each directory with an index.html), or without a built
 * site (API-only tests, the benchmark) the pages content defines: the manual, the tools, the
 * training and the exercises.
 */
export function knownPages(siteDir?: string): Set<string> {
  if (siteDir) {
    try {
      return new Set(
        walk(siteDir)
          .filter((f) => f.endsWith("/index.html"))
          .map((f) => `/${relative(siteDir, f).replace(/index\.html$/, "")}`)
          .filter((p) => p !== "/"),
      );
    } catch {
      // No built site here: fall back to content.
    }
  }
  const content = loadContent();
  const pages = new Set([
    ...content.pages.map((p) => p.url),
    ...content.training.map((m) => m.url),
    ...content.exercises.flatMap((e) => EXERCISE_MODES.map((mode) => exerciseUrl(e.lang, e.slug, mode))),
  ]);
  for (const lang of LANGS) {
    for (const page of Object.keys(SPECIAL_PAGES)) pages.add(specialUrl(lang, page as never));
    pages.add(trainingUrl(lang)).add(certificateUrl(lang)).add(exerciseUrl(lang));
  }
  return pages;
}

let words: Promise<Set<string>> | undefined;
/** The word list as a set, built once per process. */
export function wordSet(): Promise<Set<string>> {
  words ??= safeWordList().then((list) => new Set(list));
  return words;
}
