/**
 * The knowledge-needs signals' rules, shared by the browser (which decides what may be sent) and
 * the server (which checks again before it stores anything): what a safe search query is, and the
 * fixed list of what a page that did not help was missing.
 */

/** Why a page did not help: a fixed list, so nothing the reader types is ever sent. */
export const FEEDBACK_REASONS = [
  "no-answer",
  "unclear",
  "missing-contacts",
  "missing-steps",
  "outdated",
  "not-my-situation",
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** A query longer than this is not counted: real searches are a few words. */
export const MAX_QUERY_WORDS = 5;
export const MAX_QUERY_LENGTH = 80;

/**
 * One beacon carries the events of one page, sent as the page is left (or sooner when it would
 * outgrow these): at most this many events, in at most this many bytes of JSON.
 */
export const MAX_BEACON_EVENTS = 50;
export const MAX_BEACON_BYTES = 8192;

/** Counts below this are suppressed on the dashboard and the editors' list (a rare query may still point at a person). */
export const MIN_REPORTED_COUNT = 5;

/** The words of a query as the word list holds them: lower case, NFC, split on anything that is not a letter, digit, hyphen or apostrophe. */
export function queryWords(query: string): string[] {
  return query
    .normalize("NFC")
    .toLocaleLowerCase("sv")
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ""))
    .filter(Boolean);
}

/**
 * The query as it may be counted, or null when it may not: every word must be an ordinary word
 * of the shipped list (which holds no names and no digits), and the query must be short.
 */
export function safeQuery(query: string, isWord: (word: string) => boolean): string | null {
  if (query.length > MAX_QUERY_LENGTH * 2) return null;
  const words = queryWords(query);
  if (words.length === 0 || words.length > MAX_QUERY_WORDS) return null;
  if (!words.every((w) => /^\p{L}[\p{L}'-]*$/u.test(w) && isWord(w))) return null;
  const safe = words.join(" ");
  return safe.length <= MAX_QUERY_LENGTH ? safe : null;
}

/** A day as YYYY-MM-DD in Sweden: signals are counted per Swedish calendar day. */
export function swedishDay(now: Date = new Date()): string {
  // Sweden's offsets from UTC are whole hours, so its date can change only as a minute begins.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastDay.minute) lastDay = { minute, day: SWEDISH_DATE.format(now) };
  return lastDay.day;
}
let lastDay = { minute: Number.NaN, day: "" };
/** Made once: a formatter built per call costs more than the rest of counting an event. */
const SWEDISH_DATE = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/**
 * Where the site serves the word list. It is fetched whole, the same file whatever was typed,
 * so that nothing derived from the query leaves the browser before the query is found safe.
 */
export const WORD_LIST_URL = "/signals/words.txt";
