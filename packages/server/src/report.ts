/**
 * Operational log lines: one JSON object per line on standard error, with only what is needed to
 * find a fault (request id, route template, status, error code). Never a message, statement,
 * parameter, body or search term: an error's message can hold any of those (PostgreSQL quotes the
 * offending value, Drizzle adds the statement and its parameters), and they can be personal data.
 */

export interface ErrorLine {
  requestId?: string;
  method?: string;
  /** The route's template (`/api/v1/cases/:id`), never the path with its ids. */
  route?: string;
  status?: number;
  /** What went wrong, as a code: a PostgreSQL SQLSTATE, a Node.js error code, or the error's class. */
  code: string;
  /** A fixed description of where (for errors outside a request), never the error's message. */
  event?: string;
}

/** The error's code, looking through its causes: SQLSTATE first, then a system code, else its class. */
export function errorCode(err: unknown): string {
  let system: string | undefined;
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (typeof e.code === "string") {
      if (/^[0-9A-Z]{5}$/.test(e.code)) return `SQLSTATE ${e.code}`;
      if (/^[A-Z][A-Z0-9_]+$/.test(e.code)) system ??= e.code;
    }
    e = e.cause as typeof e;
  }
  if (system) return system;
  const name = (err as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && /^\w{1,60}$/.test(name) ? name : "unknown";
}

export function logError(line: ErrorLine): void {
  process.stderr.write(`${JSON.stringify({ level: "error", time: new Date().toISOString(), ...line })}\n`);
}
