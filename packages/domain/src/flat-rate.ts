/**
 * The basis for NSP's flat-rate payment (schablonbelopp): the days of each stay in a certified
 * shelter, month by month. Day 1 is the day of arrival and the exit day counts (as in nsp.ts).
 * Days 1–90 are flat-rate days. Days after day 90 are counted apart: under a granted extension
 * they are the extension's days (the coordinator decided the stay goes on, ADR 0025, and who pays
 * for them is settled outside the flat rate); without one they are days beyond the basis.
 */
import { addDays, daysBetween } from "./referrals/dates.ts";
import { NSP_FLAT_RATE_DAYS } from "./referrals/nsp.ts";

export interface StayFacts {
  /** Day 1 of the stay. */
  start: string;
  /** The exit day, or null while the person is still there. */
  end: string | null;
  /** Whether an extension beyond the flat-rate days was granted. */
  extended: boolean;
}

export interface MonthDays {
  /** "YYYY-MM". */
  month: string;
  /** Days 1–90 of the stay in the month. */
  flatRate: number;
  /** Days after day 90 in the month under a granted extension. */
  extension: number;
  /** Days after day 90 in the month without a granted extension. */
  beyond: number;
}

const monthOf = (day: string) => day.slice(0, 7);
/** The earlier of two ISO dates (they compare as text). */
const earlier = (a: string, b: string) => (a < b ? a : b);
const lastOfMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return addDays(next, -1);
};

/**
 * The stay's days in each month that falls in [from, to] (inclusive days), counted up to `today`
 * for a stay still running. Months without a day of the stay are left out.
 */
export function stayMonths(stay: StayFacts, from: string, to: string, today: string): MonthDays[] {
  const last = [stay.end ?? today, to, today].sort()[0] as string;
  const first = stay.start > from ? stay.start : from;
  if (first > last) return [];
  // The day number (1-based) of the stay's day 90 and the days before and after it.
  const day90 = addDays(stay.start, NSP_FLAT_RATE_DAYS - 1);
  const out: MonthDays[] = [];
  let cursor = first;
  while (cursor <= last) {
    const month = monthOf(cursor);
    const monthEnd = earlier(lastOfMonth(month), last);
    const total = daysBetween(cursor, monthEnd) + 1;
    const flatEnd = earlier(day90, monthEnd);
    const flatRate = flatEnd >= cursor ? daysBetween(cursor, flatEnd) + 1 : 0;
    const after = total - flatRate;
    out.push({ month, flatRate, extension: stay.extended ? after : 0, beyond: stay.extended ? 0 : after });
    cursor = addDays(monthEnd, 1);
  }
  return out;
}

export interface StayTotals {
  flatRate: number;
  extension: number;
  beyond: number;
}

export const sumDays = (months: readonly StayTotals[]): StayTotals =>
  months.reduce(
    (s, m) => ({
      flatRate: s.flatRate + m.flatRate,
      extension: s.extension + m.extension,
      beyond: s.beyond + m.beyond,
    }),
    { flatRate: 0, extension: 0, beyond: 0 },
  );
