/** What the ingest checks events against: the pages the site has, and the shipped word list. */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { LANGS, loadContent, SPECIAL_PAGES, safeWordList, specialUrl } from "@stodkedjan/content";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Every page path of the built site (each directory with an index.html), or without a built
 * site (API-only tests) the manual's pages and tools from content.
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
  const pages = new Set(loadContent().pages.map((p) => p.url));
  for (const lang of LANGS)
    for (const page of Object.keys(SPECIAL_PAGES)) pages.add(specialUrl(lang, page as never));
  return pages;
}

let words: Promise<Set<string>> | undefined;
/** The word list as a set, built once per process. */
export function wordSet(): Promise<Set<string>> {
  words ??= safeWordList().then((list) => new Set(list));
  return words;
}
