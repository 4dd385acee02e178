/**
 * The word list of ADR 0014: the signals script fetches it (whole, whatever was typed) only when
 * a search finds nothing, to check that every word of the query is an ordinary word.
 */
import { safeWordList } from "@stodkedjan/content";
import type { APIRoute } from "astro";
import { contentDir } from "../../lib/content.ts";

export const GET: APIRoute = async () =>
  new Response(`${(await safeWordList(contentDir())).join("\n")}\n`, {
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
