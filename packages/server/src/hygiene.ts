/**
 * Request and response hygiene that every route shares: personal data is never cached, and a
 * request is read strictly as UTF-8 or refused (no byte-order marks, no other charsets, no
 * malformed %-escapes), so that what is validated is exactly what was sent.
 */
import type { MiddlewareHandler } from "hono";
import { problem } from "./problem.ts";

/** Staff pages and API answers that can carry personal data; the stylesheet and the directory cannot. */
const PERSONAL = /^\/(staff|api\/v1)(\/|$)/;
const PUBLIC = /^\/(staff\/staff\.css|api\/v1\/directory\/)/;

/** `Cache-Control: no-store` on every staff page and API answer that may carry personal data. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (PERSONAL.test(c.req.path) && !PUBLIC.test(c.req.path)) c.res.headers.set("Cache-Control", "no-store");
};

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A query string whose %-escapes are all well formed and decode to UTF-8. */
function wellFormedQuery(url: string): boolean {
  const at = url.indexOf("?");
  if (at < 0) return true;
  const query = url.slice(at + 1).split("#")[0] ?? "";
  if (/%(?![0-9A-Fa-f]{2})/.test(query)) return false;
  try {
    decodeURIComponent(query.replace(/\+/g, " "));
    return true;
  } catch {
    return false;
  }
}

/** The bodies read as text (JSON and URL-encoded forms); multipart parts are files or form fields. */
const TEXT_BODY = /^(application\/json|application\/[\w.+-]+\+json|application\/x-www-form-urlencoded)\b/i;

export const strictRequest: MiddlewareHandler = async (c, next) => {
  if (!wellFormedQuery(c.req.url)) return problem(c, 400, "The query string has a malformed %-escape.");
  const type = c.req.header("content-type");
  if (type) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type)?.[1];
    if (charset !== undefined && charset.toLowerCase() !== "utf-8")
      return problem(c, 400, "Send the body as UTF-8 (charset=utf-8), or name no charset.");
    if (TEXT_BODY.test(type) && c.req.method !== "GET" && c.req.method !== "HEAD") {
      // Kept by the request, so the validators that follow read the same bytes.
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const bom =
        (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
        (bytes[0] === 0xfe && bytes[1] === 0xff) ||
        (bytes[0] === 0xff && bytes[1] === 0xfe);
      if (bom) return problem(c, 400, "The body starts with a byte-order mark; send UTF-8 without one.");
      try {
        // Kept as text too: the JSON validator would otherwise rebuild it from the bytes through
        // a Fetch Response.
        (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(fatalUtf8.decode(bytes));
      } catch {
        return problem(c, 400, "The body is not valid UTF-8.");
      }
    }
  }
  return next();
};
