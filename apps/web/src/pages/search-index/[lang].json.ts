/** The prebuilt search index for one language, fetched by the search page on first use. */
import { LANGS, type Lang } from "@stodkedjan/content";
import { buildIndex, serialiseIndex } from "@stodkedjan/domain/search";
import type { APIRoute } from "astro";
import { searchDocs } from "../../lib/search-docs.ts";

export function getStaticPaths() {
  return LANGS.map((lang) => ({ params: { lang } }));
}

export const GET: APIRoute = ({ params }) => {
  const lang = params.lang as Lang;
  return new Response(serialiseIndex(buildIndex(searchDocs(lang), lang)), {
    headers: { "content-type": "application/json" },
  });
};
