/**
 * What the manual search indexes: every manual page (with its headings), the glossary terms,
 * the identification aid's signs, the tools, the training modules and the exercises. Each document says what kind it is, so a
 * manual page and a glossary entry with the same title are told apart in the results.
 */
import { type Lang, specialUrl } from "@stodkedjan/content";
import type { SearchDoc } from "@stodkedjan/domain/search";
import { content, pagesOf } from "./content.ts";
import { strings } from "./i18n.ts";

export function searchDocs(lang: Lang): SearchDoc[] {
  const { glossary, actors, indicators } = content();
  const t = strings[lang];
  const actorNames = new Map(actors.map((a) => [a.id, a[lang].name]));
  const pages: SearchDoc[] = pagesOf(lang).map((p) => ({
    id: `${lang}/${p.id}`,
    lang,
    kind: "page",
    url: p.url,
    title: p.title,
    summary: p.summary,
    headings: p.headings.map((h) => h.text).join(" "),
    text: [
      p.text,
      ...p.responsibilities.map((r) => `${actorNames.get(r.actor)} ${r.text}`),
      ...p.rights,
      ...p.checklist,
    ].join(" "),
  }));
  const glossaryUrl = specialUrl(lang, "glossary");
  const terms: SearchDoc[] = glossary.map((g) => ({
    id: `${lang}/glossary/${g.id}`,
    lang,
    kind: "glossary",
    url: `${glossaryUrl}#${g.id}`,
    title: g[lang].term,
    summary: g[lang].definition,
    headings: "",
    text: "",
  }));
  const aidUrl = specialUrl(lang, "aid");
  const dimension = new Map(indicators.dimensions.map((d) => [d.id, d[lang].name]));
  const formName = new Map(indicators.forms.map((f) => [f.id, f[lang].name]));
  const signs: SearchDoc[] = indicators.indicators.map((i) => ({
    id: `${lang}/sign/${i.id}`,
    lang,
    kind: "sign",
    url: `${aidUrl}#sign-${i.id}`,
    title: i[lang],
    summary: `${t.aid.title}: ${dimension.get(i.dimension)}`,
    headings: "",
    text: i.forms
      .filter((f) => f !== "all")
      .map((f) => formName.get(f))
      .join(" "),
  }));
  const tools: SearchDoc[] = (["guide", "aid", "directory"] as const).map((key) => ({
    id: `${lang}/${key}`,
    lang,
    kind: "tool",
    url: specialUrl(lang, key),
    title: t.nav[key],
    summary: t.tools[key],
    headings: "",
    text: "",
  }));
  // The web training's modules and the case exercises, found by their title and summary.
  const { training, exercises } = content();
  const learning = [...training, ...exercises]
    .filter((item) => item.lang === lang)
    .map((item) => ({
      id: `${lang}/${"quiz" in item ? "training" : "exercise"}/${item.id}`,
      lang,
      kind: "quiz" in item ? ("training" as const) : ("exercise" as const),
      headings: "",
      url: item.url,
      title: item.title,
      summary: item.summary,
      text: "",
    }));
  return [...pages, ...terms, ...signs, ...tools, ...learning];
}
