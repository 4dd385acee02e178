/** What the manual search indexes: every manual page, plus the glossary terms, the tools, the training modules and the exercises. */
import { type Lang, specialUrl } from "@stodkedjan/content";
import type { SearchDoc } from "@stodkedjan/domain/search";
import { content, pagesOf } from "./content.ts";
import { strings } from "./i18n.ts";

export function searchDocs(lang: Lang): SearchDoc[] {
  const { glossary, actors } = content();
  const actorNames = new Map(actors.map((a) => [a.id, a[lang].name]));
  const pages = pagesOf(lang).map((p) => ({
    id: `${lang}/${p.id}`,
    lang,
    url: p.url,
    title: p.title,
    summary: p.summary,
    text: [
      p.text,
      ...p.responsibilities.map((r) => `${actorNames.get(r.actor)} ${r.text}`),
      ...p.rights,
      ...p.checklist,
    ].join(" "),
  }));
  const glossaryUrl = specialUrl(lang, "glossary");
  const terms = glossary.map((g) => ({
    id: `${lang}/glossary/${g.id}`,
    lang,
    url: `${glossaryUrl}#${g.id}`,
    title: g[lang].term,
    summary: g[lang].definition,
    text: "",
  }));
  const t = strings[lang];
  const tools = (["guide", "aid", "directory"] as const).map((key) => ({
    id: `${lang}/${key}`,
    lang,
    url: specialUrl(lang, key),
    title: t.nav[key],
    summary: t.tools[key],
    text: "",
  }));
  // The web training's modules and the case exercises, found by their title and summary.
  const { training, exercises } = content();
  const learning = [...training, ...exercises]
    .filter((item) => item.lang === lang)
    .map((item) => ({
      id: `${lang}/${"quiz" in item ? "training" : "exercise"}/${item.id}`,
      lang,
      url: item.url,
      title: item.title,
      summary: item.summary,
      text: "",
    }));
  return [...pages, ...terms, ...tools, ...learning];
}
