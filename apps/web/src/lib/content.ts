/** Content for the static build, loaded and validated once per build. */
import {
  type Content,
  type Lang,
  loadContent,
  type ManualPage,
  type PageId,
  type SpecialPage,
  specialUrl,
} from "@stodkedjan/content";

declare const __CONTENT_DIR__: string;

/** Defined by the Astro build; tests run the loader from its own location. */
export const contentDir = () => (typeof __CONTENT_DIR__ === "string" ? __CONTENT_DIR__ : undefined);

let cached: Content | undefined;
export function content(): Content {
  cached ??= loadContent(contentDir());
  return cached;
}

export function page(lang: Lang, id: PageId): ManualPage {
  const found = content().pages.find((p) => p.lang === lang && p.id === id);
  if (!found) throw new Error(`no page ${lang}/${id}`);
  return found;
}

export function pagesOf(lang: Lang): ManualPage[] {
  return content().pages.filter((p) => p.lang === lang);
}

export function stepPages(lang: Lang): ManualPage[] {
  return pagesOf(lang)
    .filter((p) => p.kind === "step")
    .sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

export function topicPages(lang: Lang): ManualPage[] {
  return pagesOf(lang).filter((p) => p.kind === "topic");
}

/** The same place in the other language, for the language switch. */
export function alternate(lang: Lang, target: { id: PageId } | { special: SpecialPage }): string {
  return "id" in target ? page(lang, target.id).url : specialUrl(lang, target.special);
}

/** Flat municipality list for the browser-side lookup (guide and directory). */
export function directoryData(lang: Lang) {
  return content().regions.map((r) => ({
    id: r.id,
    name: r[lang].name,
    coordinators: r.coordinators,
    municipalities: r.counties.flatMap((c) =>
      c.municipalities.map((m) => ({ code: m.code, name: m.name, county: c.name })),
    ),
  }));
}
export type DirectoryRegion = ReturnType<typeof directoryData>[number];

/** The pages that are tools or lists rather than manual text. */
export const TOOLS = ["guide", "aid", "directory", "search", "glossary"] as const satisfies SpecialPage[];
