/**
 * The word list of ADR 0014, split by the words' first two letters: the signals script fetches
 * only the parts a query that found nothing needs, to check that every word of it is ordinary.
 */
import { safeWordList } from "@stodkedjan/content";
import { wordPrefixId } from "@stodkedjan/domain/signals";
import type { APIRoute } from "astro";
import { contentDir } from "../../../lib/content.ts";

export async function getStaticPaths() {
  const parts = new Map<string, string[]>();
  for (const word of await safeWordList(contentDir())) {
    const id = wordPrefixId(word);
    const part = parts.get(id);
    if (part) part.push(word);
    else parts.set(id, [word]);
  }
  return [...parts].map(([prefix, words]) => ({ params: { prefix }, props: { words } }));
}

export const GET: APIRoute = ({ props }) =>
  new Response(`${(props.words as string[]).join("\n")}\n`, {
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
