/** Every public URL of the manual in one place, so links, the language switch and the service worker agree. */
import type { Lang, PageId } from "./schemas.ts";

export const SPECIAL_PAGES = {
  home: { sv: "", en: "" },
  guide: { sv: "vad-gor-jag-nu", en: "what-do-i-do-now" },
  aid: { sv: "identifieringsstod", en: "identification-aid" },
  directory: { sv: "hitta-regionkoordinator", en: "find-regional-coordinator" },
  search: { sv: "sok", en: "search" },
  glossary: { sv: "ordlista", en: "glossary" },
} as const satisfies Record<string, Record<Lang, string>>;
export type SpecialPage = keyof typeof SPECIAL_PAGES;

export function specialUrl(lang: Lang, page: SpecialPage): string {
  const slug = SPECIAL_PAGES[page][lang];
  return slug ? `/${lang}/${slug}/` : `/${lang}/`;
}

export function manualUrl(lang: Lang, slug: string): string {
  return `/${lang}/manual/${slug}/`;
}

export type LinkTarget = { kind: "page"; id: PageId } | { kind: "special"; page: SpecialPage };
