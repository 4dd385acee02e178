/**
 * Calendar dates as ISO strings "YYYY-MM-DD" (years 0001–9999). A date here is a day in the
 * calendar, not an instant: arithmetic runs on UTC midnights, so no time zone or summer-time
 * shift can move a date. Valid ISO dates compare correctly as plain strings (`a < b`).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, month: number): number {
  return month === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(iso: string): [number, number, number] | null {
  const m = typeof iso === "string" ? ISO_DATE.exec(iso) : null;
  if (!m) return null;
  const y = Number(m[1]);
  const month = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || month < 1 || month > 12 || d < 1 || d > daysInMonth(y, month)) return null;
  return [y, month, d];
}

function partsOrThrow(iso: string): [number, number, number] {
  const p = parts(iso);
  if (!p) throw new RangeError(`not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  return p;
}

function format(y: number, month: number, d: number): string {
  if (y < 1 || y > 9999) throw new RangeError(`year ${y} is outside 0001–9999`);
  return `${String(y).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Days since 1970-01-01. */
function toDayNumber(iso: string): number {
  const [y, month, d] = partsOrThrow(iso);
  const date = new Date(0);
  date.setUTCFullYear(y, month - 1, d); // not Date.UTC, which reads years 0–99 as 1900–1999
  return Math.round(date.getTime() / MS_PER_DAY);
}

function fromDayNumber(n: number): string {
  const date = new Date(n * MS_PER_DAY);
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function integer(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
  return n;
}

/** Whether `s` is a real calendar date written "YYYY-MM-DD" (so "2025-02-29" is not). */
export function isIsoDate(s: unknown): s is string {
  return typeof s === "string" && parts(s) !== null;
}

/** The date `n` days after `iso` (before it when `n` is negative). */
export function addDays(iso: string, n: number): string {
  return fromDayNumber(toDayNumber(iso) + integer(n, "days"));
}

/** `b − a` in days: positive when `b` is later. `daysBetween(d, d) === 0`. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** The same day `n` years later; 29 February becomes 28 February in a common year. */
export function addYears(iso: string, n: number): string {
  const [y, month, d] = partsOrThrow(iso);
  const year = y + integer(n, "years");
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The same day `n` months later, clamped to the month's last day (31 January + 1 → 28/29 February). */
export function addMonths(iso: string, n: number): string {
  const [y, month, d] = partsOrThrow(iso);
  const total = y * 12 + (month - 1) + integer(n, "months");
  const year = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return format(year, m, Math.min(d, daysInMonth(year, m)));
}
