/** The search query lives in the URL's fragment (`#q=…`), which the browser never sends to a server. */
export function searchHash(query: string): string {
  return query.trim() ? `#q=${encodeURIComponent(query)}` : "";
}

export function queryFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("q") ?? "";
}
