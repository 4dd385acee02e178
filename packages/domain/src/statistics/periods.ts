/**
 * The periods statistics are published for (ADR 0020). Atoms are calendar months; the periods a
 * page or an export can show for a year form one *family* — its months, quarters, the
 * year-to-date through each month, and the year — protected together as one release, so that no
 * two periods anyone can ask for (Jan–Jun and Jan–Jul) were protected apart. A period asked for in
 * days is widened to the smallest period of the family that covers it.
 */
import type { PeriodInput } from "./release.ts";

export interface Period extends PeriodInput {
  /** The first and last day covered (ISO dates), for the query that counts each atom. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The month atom "YYYY-MM". */
export const monthAtom = (year: number, month: number) => `${year}-${pad(month)}`;

function span(id: string, year: number, first: number, last: number): Period {
  const atoms: string[] = [];
  for (let m = first; m <= last; m++) atoms.push(monthAtom(year, m));
  return {
    id,
    atoms,
    from: `${year}-${pad(first)}-01`,
    to: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
  };
}

/**
 * Every period offered for `year`, each once: months ("2026-07"), quarters ("2026-Q3"),
 * year-to-date ("2026-01..07", only where it is no month, quarter or the year) and the year ("2026").
 */
export function yearFamily(year: number): Period[] {
  if (!Number.isSafeInteger(year) || year < 1900 || year > 2199)
    throw new RangeError(`no such year: ${year}`);
  const out: Period[] = [];
  for (let m = 1; m <= 12; m++) out.push(span(monthAtom(year, m), year, m, m));
  for (let q = 1; q <= 4; q++) out.push(span(`${year}-Q${q}`, year, q * 3 - 2, q * 3));
  for (let m = 2; m <= 11; m++) if (m !== 3) out.push(span(`${year}-01..${pad(m)}`, year, 1, m));
  out.push(span(String(year), year, 1, 12));
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(day: string): { year: number; month: number } {
  const m = ISO_DATE.exec(day);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const date = Number(m?.[3]);
  if (m === null || month < 1 || month > 12 || date < 1 || date > lastDay(year, month)) {
    throw new RangeError(`not a date: ${day}`);
  }
  return { year, month };
}

/**
 * The smallest period of the family that covers `from`..`to` (inclusive ISO dates): the month,
 * the quarter, the year-to-date through the last month, or the year. Periods across a year's end
 * are not offered: each year is its own release.
 */
export function coarsenPeriod(from: string, to: string): Period {
  const a = parseDay(from);
  const b = parseDay(to);
  if (to < from) throw new RangeError("the period ends before it starts");
  if (a.year !== b.year) throw new RangeError("a period is published within one calendar year");
  const family = yearFamily(a.year);
  const covering = family.filter((p) => p.from <= `${from}` && p.to >= `${to}`);
  // The family is listed from the narrowest kind to the widest; the fewest months wins.
  return covering.reduce((best, p) => (p.atoms.length < best.atoms.length ? p : best));
}
