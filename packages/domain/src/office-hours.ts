/**
 * Whether the national support line is staffed right now: weekdays in office hours, Swedish
 * time, except public holidays and the de facto days off (midsommarafton, julafton, nyårsafton).
 */
import { addDays as addIsoDays } from "./referrals/dates.ts";

export interface OfficeHours {
  weekdays: number[]; // ISO: 1 = Monday … 7 = Sunday
  open: string; // "09:00"
  close: string; // "16:00"
}

function easterSunday(year: number): Date {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** The first date in [from, from+6] that falls on the given weekday (0 = Sunday). */
function weekdayOnOrAfter(year: number, month: number, day: number, weekday: number): Date {
  const start = new Date(Date.UTC(year, month - 1, day));
  return addDays(start, (weekday - start.getUTCDay() + 7) % 7);
}

/** Swedish public holidays and the customary days off, as ISO dates. */
export function swedishDaysOff(year: number): Set<string> {
  const easter = easterSunday(year);
  const midsummerEve = weekdayOnOrAfter(year, 6, 19, 5);
  const fixed = ["01-01", "01-06", "05-01", "06-06", "12-24", "12-25", "12-26", "12-31"].map(
    (md) => `${year}-${md}`,
  );
  return new Set([
    ...fixed,
    iso(addDays(easter, -2)), // långfredagen
    iso(easter),
    iso(addDays(easter, 1)), // annandag påsk
    iso(addDays(easter, 39)), // Kristi himmelsfärdsdag
    iso(midsummerEve),
    iso(addDays(midsummerEve, 1)),
    iso(weekdayOnOrAfter(year, 10, 31, 6)), // alla helgons dag
  ]);
}

/** Wall-clock date, ISO weekday and minutes in Sweden for an instant. */
export function swedishClock(instant: Date): { date: string; weekday: number; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Stockholm",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday as string) + 1;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The instant at a Swedish wall-clock date and time ("HH:MM"), across summer time. */
export function swedishInstant(date: string, time: string): Date {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const offset = (at: number) => {
    const c = swedishClock(new Date(at));
    return Date.parse(`${c.date}T00:00:00Z`) + c.minutes * 60_000 - at;
  };
  // The offset at the guess, then at the corrected instant (they differ only around a change).
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}

/**
 * Today's date in Sweden (Europe/Stockholm), where the coordinators are. Day counts, deadlines and
 * "not in the future" use it: the UTC date is a day behind between midnight and 01:00/02:00.
 */
export const swedishToday = (instant: Date = new Date()): string => swedishClock(instant).date;

/** The Swedish calendar date `offset` days from today (before it when negative). */
export const swedishDay = (offset: number, instant: Date = new Date()): string =>
  addIsoDays(swedishToday(instant), offset);

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOfficeHours(instant: Date, hours: OfficeHours): boolean {
  const { date, weekday, minutes } = swedishClock(instant);
  if (!hours.weekdays.includes(weekday)) return false;
  if (swedishDaysOff(Number(date.slice(0, 4))).has(date)) return false;
  return minutes >= toMinutes(hours.open) && minutes < toMinutes(hours.close);
}
